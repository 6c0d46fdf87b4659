// Open-loop load: requests leave on a fixed schedule whatever the replies, so a slow server cannot
// slow its own load, and each latency counts from when its request was due rather than from when
// it went out (no coordinated omission). The client shares the two cores with the server, so it
// is plain node:http over keep-alive connections, with one sweep for timeouts instead of a timer
// per request.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { cpuMsOf, cpuMsOfTree, databaseCpu, databaseCpuSince, machineBusyMs } from './load.js';

/** A request sent this much after its time shows the client itself falling behind. */
const LATE_MS = 5;
/** How often requests past their timeout are looked for. */
const SWEEP_MS = 50;
/**
 * Idle connections are closed by the client before the server's keep-alive timeout (Node's
 * default, 5 s) would close them, so a request never races the server's close on a reused one.
 */
const IDLE_SOCKET_MS = 4000;
/** Failed requests kept as examples, to say why a run failed. */
const SAMPLES = 5;

/**
 * @typedef {{ method?: string, path: string, headers?: Record<string, string>,
 *   body?: string | Buffer }} OpenLoopRequest
 * @typedef {{ kind: 'status' | 'body' | 'timeout' | 'connection', n: number, status?: number,
 *   detail: string }} FailureSample
 * @typedef {{
 *   sent: number, ok: number,
 *   errors: { status: number, body: number, timeout: number, connection: number },
 *   failed: number, statuses: Record<string, number>, samples: FailureSample[],
 *   p50Ms: number, p90Ms: number, p99Ms: number, maxMs: number, meanMs: number,
 *   offeredRatePerSecond: number, achievedRatePerSecond: number, lateSends: number,
 *   maxInFlight: number, connectionsOpened: number, seconds: number,
 *   serverCpuMsPerRequest: number, databaseCpuMsPerRequest: number,
 *   clientCpuMsPerRequest: number, othersShare: number,
 *   warmup: { sent: number, ok: number },
 *   byLabel?: Record<string, { sent: number, ok: number, p50Ms: number, p99Ms: number,
 *     maxMs: number }>
 * }} OpenLoopResult
 */

/** The q-quantile of sorted values (nearest rank); 0 when there are none. */
function quantile(sorted, q) {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Evenly spaced send times for `ratePerSecond` over `seconds`, in ms from the start. */
export function evenSchedule(ratePerSecond, seconds) {
	return Array.from(
		{ length: Math.round(ratePerSecond * seconds) },
		(_, i) => (i * 1000) / ratePerSecond
	);
}

/**
 * Sends request n at `schedule[n]` ms after the start (sorted; or evenly at `ratePerSecond` for
 * `seconds`) to `origin`, whatever the replies, and waits for every reply or its timeout.
 * `request(n)` gives the n-th request; `expect(status, body, n, headers)` says whether its reply
 * is right (by default a 2xx status). A wrong reply counts as a `status` error when its status is
 * not 2xx or 3xx, otherwise as a `body` error (a form action refuses with status 200).
 *
 * Requests due before `warmupMs` are sent but left out of every figure. Latencies are those of
 * every measured request, failed ones too, from the time it was due to the end of its reply (a
 * timed-out one: to its timeout). CPU figures are as `run` in load.js gives them: the server's
 * process tree and its database backends per request sent, and the share of the machine's busy
 * time other processes took; `clientCpuMsPerRequest` is this process's own cost.
 *
 * `label(n)`, when given, names the kind of request n (a page, a draft): `byLabel` then has
 * each kind's own count, failures and latencies.
 *
 * `connectionPerRequest` opens a connection for each request (a crowd of browsers arriving);
 * otherwise up to `maxSockets` keep-alive connections are shared by all requests.
 *
 * @param {{ origin: string, schedule?: number[], ratePerSecond?: number, seconds?: number,
 *   warmupMs?: number, request: (n: number) => OpenLoopRequest,
 *   expect?: (status: number, body: string, n: number,
 *     headers: import('node:http').IncomingHttpHeaders) => boolean,
 *   label?: (n: number) => string, timeoutMs?: number, serverPid?: number,
 *   databasePids?: () => Promise<number[]>, connectionPerRequest?: boolean,
 *   maxSockets?: number }} options
 * @returns {Promise<OpenLoopResult>}
 */
export async function runOpenLoop({
	origin,
	schedule,
	ratePerSecond,
	seconds,
	warmupMs = 0,
	request,
	expect,
	label,
	timeoutMs = 10_000,
	serverPid,
	databasePids,
	connectionPerRequest = false,
	maxSockets = 2000
}) {
	const times = schedule ?? evenSchedule(ratePerSecond, seconds);
	const count = times.length;
	let firstMeasured = 0;
	while (firstMeasured < count && times[firstMeasured] < warmupMs) firstMeasured++;
	const measured = count - firstMeasured;

	const { hostname, port } = new URL(origin);
	const agent = new http.Agent({
		keepAlive: !connectionPerRequest,
		maxSockets,
		maxFreeSockets: maxSockets,
		timeout: IDLE_SOCKET_MS,
		scheduling: 'lifo'
	});

	/** In flight: the request; settled: null. */
	const inFlight = new Array(count).fill(undefined);
	const succeeded = new Uint8Array(count);
	const latencies = new Float64Array(count);
	const sentAt = new Float64Array(count);
	const errors = { status: 0, body: 0, timeout: 0, connection: 0 };
	/** @type {Record<string, number>} */
	const statuses = {};
	/** @type {FailureSample[]} */
	const samples = [];
	const warmup = { sent: 0, ok: 0 };
	let ok = 0;
	let lateSends = 0;
	let pending = 0;
	let maxInFlight = 0;
	let connectionsOpened = 0;
	const sockets = new WeakSet();
	let next = 0;
	let swept = 0;
	let before;
	/** @type {() => void} */
	let resolveDone = () => {};
	const done = new Promise((resolve) => (resolveDone = () => resolve(undefined)));
	const start = performance.now();
	const clock = () => performance.now() - start;

	const settle = (n, kind, detail, status) => {
		if (inFlight[n] === null) return; // already timed out
		inFlight[n] = null;
		pending -= 1;
		latencies[n] = clock() - times[n];
		if (n < firstMeasured) {
			if (kind === 'ok') warmup.ok += 1;
		} else if (kind === 'ok') {
			ok += 1;
			succeeded[n] = 1;
		} else {
			errors[kind] += 1;
			if (samples.length < SAMPLES) samples.push({ kind, n, status, detail });
		}
		if (pending === 0 && next === count) resolveDone();
	};

	const send = (n) => {
		const { method = 'GET', path, headers = {}, body } = request(n);
		const req = http.request({
			host: hostname,
			port,
			method,
			path,
			agent,
			headers:
				body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) }
		});
		inFlight[n] = req;
		pending += 1;
		maxInFlight = Math.max(maxInFlight, pending);
		// A request that waited for a connection is handed one without being told it was reused.
		req.once('socket', (socket) => {
			if (sockets.has(socket)) return;
			sockets.add(socket);
			connectionsOpened += 1;
		});
		req.on('response', (res) => {
			const status = res.statusCode ?? 0;
			if (n >= firstMeasured) statuses[status] = (statuses[status] ?? 0) + 1;
			const chunks = [];
			if (expect) res.on('data', (chunk) => chunks.push(chunk));
			else res.resume();
			res.on('end', () => {
				const text = expect ? Buffer.concat(chunks).toString('utf8') : '';
				const right = expect ? expect(status, text, n, res.headers) : status >= 200 && status < 300;
				if (right) settle(n, 'ok');
				else if (status < 200 || status >= 400) settle(n, 'status', text.slice(0, 300), status);
				else settle(n, 'body', text.slice(0, 300), status);
			});
			res.on('error', (error) => settle(n, 'connection', error.message, status));
		});
		req.on('error', (error) => settle(n, 'connection', error.message));
		req.end(body);
		const late = clock() - times[n];
		sentAt[n] = times[n] + late;
		if (n < firstMeasured) warmup.sent += 1;
		else if (late > LATE_MS) lateSends += 1;
	};

	const takeReadings = () => {
		const database = databaseCpu(databasePids);
		// Awaited once the run is over: until then a failure must not count as unhandled.
		database.catch(() => {});
		return {
			database,
			server: serverPid ? cpuMsOfTree(serverPid) : 0,
			client: cpuMsOf(process.pid),
			machine: machineBusyMs()
		};
	};

	// Requests are sent in the order they are due, so those past their timeout are at the front.
	const sweeper = setInterval(() => {
		const now = clock();
		while (swept < next) {
			const req = inFlight[swept];
			if (req !== null && now < times[swept] + timeoutMs) break;
			if (req) {
				settle(swept, 'timeout', `no reply within ${timeoutMs} ms`);
				req.destroy();
			}
			swept += 1;
		}
	}, SWEEP_MS);

	let timer;
	const pump = () => {
		const now = clock();
		while (next < count && times[next] <= now) {
			if (next === firstMeasured) before = takeReadings();
			send(next);
			next += 1;
		}
		if (next < count) timer = setTimeout(pump, Math.max(1, times[next] - clock()));
		else if (pending === 0) resolveDone();
	};
	if (count === 0) resolveDone();
	else pump();
	await done;
	clearTimeout(timer);
	clearInterval(sweeper);
	agent.destroy();

	if (!before) before = takeReadings();
	const databaseCpuMs = await databaseCpuSince(databasePids, await before.database);
	const serverCpuMs = (serverPid ? cpuMsOfTree(serverPid) : 0) - before.server + databaseCpuMs;
	const clientCpuMs = cpuMsOf(process.pid) - before.client;
	const machineCpuMs = machineBusyMs() - before.machine;

	let byLabel;
	if (label) {
		const groups = new Map();
		for (let n = firstMeasured; n < count; n++) {
			const name = label(n);
			if (!groups.has(name)) groups.set(name, { latencies: [], ok: 0 });
			const group = groups.get(name);
			group.latencies.push(latencies[n]);
			group.ok += succeeded[n];
		}
		byLabel = {};
		for (const [name, group] of groups) {
			const values = Float64Array.from(group.latencies).sort();
			byLabel[name] = {
				sent: values.length,
				ok: group.ok,
				p50Ms: quantile(values, 0.5),
				p99Ms: quantile(values, 0.99),
				maxMs: values[values.length - 1]
			};
		}
	}
	const sorted = latencies.subarray(firstMeasured).sort();
	const mean = sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, measured);
	const last = count - 1;
	// Each request stands for the gap to the next one, so n requests span n gaps.
	const gap = measured > 1 ? (times[last] - times[firstMeasured]) / (measured - 1) : 0;
	const offeredMs = times[last] - times[firstMeasured] + gap;
	const achievedMs = sentAt[last] - sentAt[firstMeasured] + gap;
	const perRequest = (ms) => ms / Math.max(1, measured);
	return {
		sent: measured,
		ok,
		errors,
		failed: measured - ok,
		statuses,
		samples,
		p50Ms: quantile(sorted, 0.5),
		p90Ms: quantile(sorted, 0.9),
		p99Ms: quantile(sorted, 0.99),
		maxMs: sorted.length > 0 ? sorted[sorted.length - 1] : 0,
		meanMs: mean,
		offeredRatePerSecond: offeredMs > 0 ? (measured * 1000) / offeredMs : 0,
		achievedRatePerSecond: achievedMs > 0 ? (measured * 1000) / achievedMs : 0,
		lateSends,
		maxInFlight,
		connectionsOpened,
		seconds: offeredMs / 1000,
		serverCpuMsPerRequest: perRequest(serverCpuMs),
		databaseCpuMsPerRequest: perRequest(databaseCpuMs),
		clientCpuMsPerRequest: perRequest(clientCpuMs),
		othersShare: Math.max(0, machineCpuMs - serverCpuMs - clientCpuMs) / Math.max(1, machineCpuMs),
		warmup,
		...(byLabel && { byLabel })
	};
}
