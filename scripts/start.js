// Starts the built server with this app's defaults: one worker process per core (`WORKERS` to
// choose), so a small server uses every core. The first worker runs the migrations and publishes
// the shipped lessons before it listens; the others start once it does, and find nothing to do.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import os from 'node:os';

const env = process.env;
env.PORT ||= '3000';
env.ORIGIN ||= `http://localhost:${env.PORT}`;
// The outer bound, for the upload forms (1 MB files); the app's hook refuses anything over 64 KB
// elsewhere with 413 before it is read (src/hooks.server.ts, src/lib/server/uploads.ts).
env.BODY_SIZE_LIMIT ||= '2M';
env.NODE_ENV ||= 'production';

if (!existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error(
		'No build found. Run `npm run build` first (or `npm ci && npm run build && npm start`).'
	);
	process.exit(1);
}

const announce = () => console.log(`Byline is ready: open ${env.ORIGIN}`);

if (cluster.isPrimary) {
	const workers = workerCount(env.WORKERS);
	// The workers read it too: it sizes each one's database pool and password-hashing queue.
	env.WORKERS = String(workers);
	if (workers === 1) await serve(announce);
	else await superviseWorkers(workers);
} else {
	// Once the server has closed (adapter-node's graceful shutdown), the channel to the primary is
	// all that would keep this worker running.
	process.once('sveltekit:shutdown', () => cluster.worker?.disconnect());
	await serve(() => process.send?.('listening'));
}

function workerCount(value) {
	if (value === undefined || value.trim() === '') return os.availableParallelism();
	const count = Number(value);
	if (!Number.isInteger(count) || count < 1 || count > 64) {
		console.error(`WORKERS must be a whole number from 1 to 64 (got "${value}").`);
		process.exit(1);
	}
	return count;
}

// adapter-node announces the address it listens on (0.0.0.0); say the one people open.
async function serve(onListening) {
	const { server } = await import('../build/index.js');
	if (server.server.listening) onListening();
	else server.server.once('listening', onListening);
}

/** A worker that dies is replaced, unless workers keep dying as soon as they start. */
const RESTARTS_PER_MINUTE = 10;

async function superviseWorkers(count) {
	let stopping = false;
	const restarts = [];

	const start = () =>
		new Promise((resolve, reject) => {
			const worker = cluster.fork();
			const onExit = (code) => reject(Object.assign(new Error('exited'), { code }));
			worker.once('exit', onExit);
			worker.on('message', (message) => {
				if (message !== 'listening') return;
				worker.off('exit', onExit);
				worker.once('exit', (code, signal) => replace(code, signal));
				resolve(worker);
			});
		});

	const replace = (code, signal) => {
		if (stopping) return;
		const now = Date.now();
		restarts.push(now);
		while (restarts[0] < now - 60_000) restarts.shift();
		if (restarts.length > RESTARTS_PER_MINUTE) {
			console.error('Byline workers keep stopping; the server stops too.');
			process.exit(1);
		}
		console.error(`A Byline worker stopped (${signal ?? `exit code ${code}`}); starting another.`);
		start().catch((stopped) => console.error(`It stopped too (exit code ${stopped.code}).`));
	};

	for (const signal of ['SIGTERM', 'SIGINT']) {
		process.once(signal, () => {
			stopping = true;
			// Each worker drains its requests (adapter-node's graceful shutdown), then exits.
			for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
			cluster.once('exit', function waitForAll() {
				if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
				else cluster.once('exit', waitForAll);
			});
		});
	}

	try {
		await start();
		await Promise.all(Array.from({ length: count - 1 }, start));
	} catch (stopped) {
		// A worker that cannot start has said why (a configuration error, a broken lesson).
		process.exit(stopped.code || 1);
	}
	announce();
}
