// Starts and stops the built server as production runs it, and watches its memory.
import { spawn } from 'node:child_process';
import { openSync, readFileSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const running = new Set();

/** Kills every server still running; safe to call from an exit handler (synchronous). */
export function killAllServers() {
	for (const child of running) child.kill('SIGKILL');
	running.clear();
}

/**
 * Starts `node scripts/start.js` on loopback with the app's production settings and resolves
 * once it answers; `database` is `{ dataDir }` or `{ databaseUrl }`.
 */
export async function startServer({ root, port, database, logFile }) {
	const origin = `http://127.0.0.1:${port}`;
	const env = {
		...process.env,
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

/** The resident set size of a process in bytes, from /proc (Linux). */
export function residentBytes(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /^VmRSS:\s+(\d+) kB/m.exec(status);
	return kb ? Number(kb[1]) * 1024 : 0;
}

/**
 * Samples a process's RSS every few milliseconds until stopped; keeps the peak overall and the
 * peak of each phase named with `phase()`.
 */
export function watchMemory(pid, everyMs = 25) {
	let peak = residentBytes(pid);
	let phasePeak = peak;
	let phaseName = 'start';
	const byPhase = {};
	const timer = setInterval(() => {
		try {
			const now = residentBytes(pid);
			peak = Math.max(peak, now);
			phasePeak = Math.max(phasePeak, now);
		} catch {
			// The process has exited; the peaks so far stand.
		}
	}, everyMs);
	const closePhase = () => (byPhase[phaseName] = Math.max(byPhase[phaseName] ?? 0, phasePeak));
	return {
		phase(name) {
			closePhase();
			phaseName = name;
			phasePeak = 0;
		},
		stop() {
			clearInterval(timer);
			closePhase();
			return { peakBytes: peak, byPhase };
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
