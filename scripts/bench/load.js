// Load runs with autocannon's programmatic API. The client runs in this process, on the same
// two cores as the server, so every figure here is the server's share of one shared machine.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { processTree } from './server.js';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;

/** CPU time a process has used so far (user and system, all threads), in milliseconds. */
export function cpuMsOf(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
	} catch {
		return 0; // it has exited
	}
}

/**
 * CPU time a process and all its descendants have used so far, in milliseconds: a cluster
 * primary and its workers. Each process's figure includes the children it has reaped, so a
 * worker that exits between two readings is still counted once.
 */
export function cpuMsOfTree(pid) {
	let ms = 0;
	for (const each of processTree(pid)) {
		try {
			const fields = readFileSync(`/proc/${each}/stat`, 'utf8').split(') ')[1].split(' ');
			const ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
			ms += (ticks * 1000) / TICKS_PER_SECOND;
		} catch {
			// It exited after the tree was read; its parent will count it once it reaps it.
		}
	}
	return ms;
}

/** CPU time of the database's server processes (PostgreSQL backends), keyed by process id. */
export async function databaseCpu(databasePids) {
	const pids = databasePids ? await databasePids() : [];
	return new Map(pids.map((pid) => [pid, cpuMsOf(pid)]));
}

/** CPU time the database processes used since `before` (a `databaseCpu` reading). */
export async function databaseCpuSince(databasePids, before) {
	// A backend that started since counts from zero.
	let ms = 0;
	for (const [pid, now] of await databaseCpu(databasePids)) ms += now - (before.get(pid) ?? 0);
	return ms;
}

/** Busy CPU time of the whole machine so far, in milliseconds (every core, every process). */
export function machineBusyMs() {
	const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
	const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
	return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS_PER_SECOND;
}

/**
 * One autocannon run against `origin`; `request(n)` gives the n-th request's method, path,
 * headers and body, so each can carry another student's cookie or a fresh submission id.
 * A response counts as served when its status is 2xx and its body holds `expectInBody` (form
 * actions answer a refused form with status 200 too).
 */
export async function run({
	origin,
	serverPid,
	databasePids,
	connections,
	seconds,
	request,
	expectInBody
}) {
	let sent = 0;
	const before = {
		database: await databaseCpu(databasePids),
		server: cpuMsOfTree(serverPid),
		bench: cpuMsOf(process.pid),
		machine: machineBusyMs()
	};
	const result = await autocannon({
		url: origin,
		connections,
		duration: seconds,
		verifyBody: expectInBody ? (body) => body.includes(expectInBody) : undefined,
		requests: [
			{
				setupRequest(req) {
					return { ...req, ...request(sent++) };
				}
			}
		]
	});
	const ok = result['2xx'] - result.mismatches;
	const databaseCpuMs = await databaseCpuSince(databasePids, before.database);
	const serverCpuMs = cpuMsOfTree(serverPid) - before.server + databaseCpuMs;
	const benchCpuMs = cpuMsOf(process.pid) - before.bench;
	const machineCpuMs = machineBusyMs() - before.machine;
	return {
		/**
		 * CPU time per response of the app server and its database processes: the cost of a
		 * request, whatever else shares the cores.
		 */
		serverCpuMsPerRequest: serverCpuMs / Math.max(1, result.requests.total),
		databaseCpuMsPerRequest: databaseCpuMs / Math.max(1, result.requests.total),
		/** Share of the machine's busy time taken by processes other than the bench, app and database. */
		othersShare: Math.max(0, machineCpuMs - serverCpuMs - benchCpuMs) / Math.max(1, machineCpuMs),
		requestsPerSecond: ok / (result.duration || seconds),
		meanMs: result.latency.average,
		p50Ms: result.latency.p50,
		p99Ms: result.latency.p99,
		ok,
		failed: result.non2xx + result.errors + result.timeouts + result.mismatches,
		seconds: result.duration
	};
}

/** A warm-up run (JIT, connection pools, page cache), then the measured run. */
export async function measure(options) {
	const warmup = await run({ ...options, seconds: Math.min(2, options.seconds) });
	return { ...(await run(options)), warmupOk: warmup.ok };
}

const BOUNDARY = '----byline-bench-form';

/** A multipart form body, as a browser's FormData posts it (use:enhance and autosave do). */
export function multipartBody(fields) {
	const parts = fields.map(
		([name, value]) =>
			`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
	);
	return {
		contentType: `multipart/form-data; boundary=${BOUNDARY}`,
		body: parts.join('') + `--${BOUNDARY}--\r\n`
	};
}

/**
 * Form posts to a lesson step's action as the enhanced form sends them, spread round-robin
 * over the signed-in students, each with a fresh submission id.
 */
export function actionRequests({ origin, path, action, cookies, fields }) {
	return (n) => {
		const { contentType, body } = multipartBody([...fields(n), ['submissionId', randomUUID()]]);
		return {
			method: 'POST',
			path: `${path}?/${action}`,
			headers: {
				origin,
				cookie: cookies[n % cookies.length],
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': contentType
			},
			body
		};
	};
}
