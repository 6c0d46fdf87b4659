// Starts and stops the built server as production runs it, and watches its memory.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const running = new Set();

/** Kills every server still running; safe to call from an exit handler (synchronous). */
export function killAllServers() {
	for (const child of running) child.kill('SIGKILL');
	running.clear();
}

/**
 * Starts `node scripts/start.js` on loopback with the app's production settings and resolves
 * once it answers; `database` is `{ dataDir }` or `{ databaseUrl }`; `env` adds settings (such as
 * `WORKERS` or `NODE_OPTIONS`).
 */
export async function startServer({ root, port, database, logFile, env: extraEnv = {} }) {
	const origin = `http://127.0.0.1:${port}`;
	const env = {
		...process.env,
		...extraEnv,
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: origin,
		BODY_SIZE_LIMIT: '64K',
		NODE_ENV: 'production'
	};
	delete env.DATABASE_URL;
	delete env.DATA_DIR;
	if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
	else env.DATA_DIR = database.dataDir;

	const log = openSync(logFile, 'a');
	const child = spawn(process.execPath, ['scripts/start.js'], {
		cwd: root,
		env,
		stdio: ['ignore', log, log]
	});
	closeSync(log);
	running.add(child);
	const exited = new Promise((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal }))
	);
	exited.then(() => running.delete(child));

	const deadline = Date.now() + 30_000;
	for (;;) {
		const status = await Promise.race([
			fetch(`${origin}/favicon.svg`).then(
				(response) => response.status,
				() => null
			),
			exited.then(() => 'exited')
		]);
		if (status === 200) break;
		if (status === 'exited' || Date.now() > deadline) {
			child.kill('SIGKILL');
			const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
			throw new Error(`The server on port ${port} did not start. Its log ends:\n${tail}`);
		}
		await sleep(100);
	}

	return {
		origin,
		pid: child.pid,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill('SIGTERM');
			const stopped = await Promise.race([exited, sleep(10_000).then(() => null)]);
			if (!stopped) {
				child.kill('SIGKILL');
				await exited;
			}
		}
	};
}

/**
 * A process and all its descendants (a cluster primary and its workers), from /proc (Linux).
 * A process may exit while the tree is read: it is left out.
 */
export function processTree(pid) {
	const pids = [];
	const pending = [pid];
	while (pending.length > 0) {
		const next = pending.pop();
		let tasks;
		try {
			tasks = readdirSync(`/proc/${next}/task`);
		} catch {
			continue; // it has exited
		}
		pids.push(next);
		for (const task of tasks) {
			try {
				const children = readFileSync(`/proc/${next}/task/${task}/children`, 'utf8').trim();
				if (children) for (const child of children.split(' ')) pending.push(Number(child));
			} catch {
				// The thread has ended.
			}
		}
	}
	return pids;
}

const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' })) || 4096;

/**
 * The resident set size of one process in bytes (VmRSS, read from the cheaper statm), or 0 once
 * it has exited.
 */
function processResidentBytes(pid) {
	try {
		return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE_BYTES;
	} catch {
		return 0;
	}
}

/**
 * The resident set size of a process tree: the sum over the process and its descendants, and
 * the largest single process (each worker of a cluster has a heap of its own). `pids` saves
 * reading the tree again.
 */
export function treeResidentBytes(pid, pids = processTree(pid)) {
	let totalBytes = 0;
	let largestBytes = 0;
	for (const each of pids) {
		const bytes = processResidentBytes(each);
		totalBytes += bytes;
		largestBytes = Math.max(largestBytes, bytes);
	}
	return { totalBytes, largestBytes, processes: pids.length };
}

/** The resident set size of a process and its descendants together, in bytes (Linux). */
export function residentBytes(pid) {
	return treeResidentBytes(pid).totalBytes;
}

/**
 * Samples a process tree's RSS every few milliseconds until stopped; keeps the peak of the sum
 * over the tree (`peakBytes`) and of the largest single process (`peakProcessBytes`), overall
 * and for each phase named with `phase()`. The tree itself is read again only every
 * `treeEveryMs`: reading every thread's children costs far more than reading each RSS, and this
 * runs in the bench process, on the cores the server uses.
 */
export function watchMemory(pid, everyMs = 25, treeEveryMs = 500) {
	let pids = processTree(pid);
	let treeReadAt = Date.now();
	const first = treeResidentBytes(pid, pids);
	let peak = first.totalBytes;
	let peakProcess = first.largestBytes;
	let phasePeak = peak;
	let phasePeakProcess = peakProcess;
	let phaseName = 'start';
	const byPhase = {};
	const byPhaseProcess = {};
	const timer = setInterval(() => {
		if (Date.now() - treeReadAt >= treeEveryMs) {
			pids = processTree(pid);
			treeReadAt = Date.now();
		}
		// Once the tree has exited the sums are 0, and the peaks so far stand.
		const now = treeResidentBytes(pid, pids);
		peak = Math.max(peak, now.totalBytes);
		peakProcess = Math.max(peakProcess, now.largestBytes);
		phasePeak = Math.max(phasePeak, now.totalBytes);
		phasePeakProcess = Math.max(phasePeakProcess, now.largestBytes);
	}, everyMs);
	const closePhase = () => {
		byPhase[phaseName] = Math.max(byPhase[phaseName] ?? 0, phasePeak);
		byPhaseProcess[phaseName] = Math.max(byPhaseProcess[phaseName] ?? 0, phasePeakProcess);
	};
	return {
		phase(name) {
			closePhase();
			phaseName = name;
			phasePeak = 0;
			phasePeakProcess = 0;
		},
		stop() {
			clearInterval(timer);
			closePhase();
			return { peakBytes: peak, peakProcessBytes: peakProcess, byPhase, byPhaseProcess };
		}
	};
}

/** Signs in through the login form and returns the session cookie (`name=value`). */
export async function signIn(origin, username, password) {
	const response = await fetch(`${origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ username, password })
	});
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0])
		.find((pair) => pair.startsWith('byline_session='));
	if (response.status !== 303 || !cookie) {
		const page = await response.text();
		const message = /class="notice[^"]*"[^>]*>([^<]+)</.exec(page)?.[1] ?? page.slice(0, 300);
		throw new Error(`Signing in as ${username} failed with status ${response.status}: ${message}`);
	}
	return cookie;
}
