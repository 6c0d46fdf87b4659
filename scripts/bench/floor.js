// The framework's floor: a minimal SvelteKit app of the same versions and adapter, run by the same
// start script, that serves one page of a given HTML size from plain data (no database, no I/O),
// so each page's throughput can be read against what SvelteKit alone manages on this machine.
import { execFile } from 'node:child_process';
import {
	cpSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from './server.js';

const TEMPLATE = fileURLToPath(new URL('./floor-app', import.meta.url));
const PAGE_PATH = '/floor';
/** How many paragraphs the page has (a question after every fourth), read once as it starts. */
const PARAGRAPHS_ENV = 'FLOOR_PARAGRAPHS';
/** The page's last words, the button that ends its form: a response holding them is whole. */
const LAST_WORDS = 'Check my answers';
const TOLERANCE = 0.05;
const PACKAGES = [
	'@sveltejs/kit',
	'@sveltejs/adapter-node',
	'@sveltejs/vite-plugin-svelte',
	'svelte',
	'vite',
	'typescript'
];

const run = promisify(execFile);

/**
 * Writes the floor app into `<workDir>/floor` (its node_modules links to the project's packages,
 * so every package is the project's own copy), builds it with `vite build`, and sets how many
 * paragraphs its page has so the HTML it serves is `htmlBytes` long (±5%), by starting it and
 * measuring.
 * The build does not depend on the size: without `htmlBytes` it is only built (bytes and
 * paragraphs null), and `startFloorServer` is given the size.
 * @param {{ root: string, workDir: string, htmlBytes?: number }} options
 * @returns {Promise<{ dir: string, path: string, bytes: number | null, paragraphs: number | null,
 *   versions: Record<string, string>, buildMs: number, calibrateMs: number }>}
 */
export async function buildFloorApp({ root, workDir, htmlBytes }) {
	const dir = path.join(workDir, 'floor');
	rmSync(dir, { recursive: true, force: true });
	cpSync(TEMPLATE, dir, { recursive: true });
	const versions = Object.fromEntries(
		PACKAGES.map((name) => [
			name,
			JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'))
				.version
		])
	);
	writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{ name: 'byline-floor', private: true, type: 'module', devDependencies: versions },
			null,
			'\t'
		) + '\n'
	);
	// The page around the app is the project's, as it stands.
	cpSync(path.join(root, 'src', 'app.html'), path.join(dir, 'src', 'app.html'));
	mkdirSync(path.join(dir, 'static'));
	cpSync(path.join(root, 'static', 'favicon.svg'), path.join(dir, 'static', 'favicon.svg'));
	// Production starts through this script (its defaults, and workers when it forks them).
	mkdirSync(path.join(dir, 'scripts'));
	cpSync(path.join(root, 'scripts', 'start.js'), path.join(dir, 'scripts', 'start.js'));
	// A folder of links to the project's packages rather than one link to its node_modules: Vite
	// writes its temporary files (the bundled config) into the nearest node_modules.
	mkdirSync(path.join(dir, 'node_modules'));
	for (const name of readdirSync(path.join(root, 'node_modules'))) {
		if (name.startsWith('.')) continue;
		symlinkSync(path.join(root, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
	}

	const started = Date.now();
	try {
		await run(process.execPath, [path.join(dir, 'node_modules/vite/bin/vite.js'), 'build'], {
			cwd: dir,
			env: { ...process.env, NODE_ENV: 'production' },
			maxBuffer: 16 * 1024 * 1024
		});
	} catch (error) {
		const output = `${error.stdout ?? ''}${error.stderr ?? ''}`.trim().split('\n').slice(-30);
		throw new Error(`Building the floor app failed:\n${output.join('\n')}`);
	}
	const buildMs = Date.now() - started;

	const calibrating = Date.now();
	const { paragraphs, bytes } = htmlBytes
		? await sizeFor(dir, htmlBytes)
		: { paragraphs: null, bytes: null };
	return {
		dir,
		path: PAGE_PATH,
		bytes,
		paragraphs,
		versions,
		buildMs,
		calibrateMs: Date.now() - calibrating
	};
}

/**
 * Starts the built floor with `node scripts/start.js` and the bench's production settings, and
 * resolves once its page answers 200 at the size it was built for, or at `htmlBytes` if given
 * (one build serves any size: a size not measured yet costs a few more short starts first);
 * `env` adds to the server's environment (such as `WORKERS`).
 * @param {{ dir: string, port: number, logFile: string, env?: Record<string, string>,
 *   htmlBytes?: number }} options
 * @returns {Promise<{ origin: string, pid: number, path: string, bytes: number,
 *   paragraphs: number, expectInBody: string, stop: () => Promise<void> }>}
 */
export async function startFloorServer({ dir, port, logFile, env = {}, htmlBytes }) {
	const wanted = htmlBytes ?? readSizes(dir).built;
	if (!wanted) {
		throw new Error('The floor was built without a page size: give startFloorServer one');
	}
	const size = await sizeFor(dir, wanted);
	const server = await startOn({ dir, port, logFile, env, paragraphs: size.paragraphs });
	// A page of another size means the paragraph count did not reach the server.
	if (Math.abs(server.bytes - size.bytes) > size.bytes * 0.01) {
		await server.stop();
		throw new Error(`The floor page is ${server.bytes} bytes where it measured ${size.bytes}`);
	}
	return server;
}

async function startOn({ dir, port, logFile, env, paragraphs }) {
	const extra = { ...env, [PARAGRAPHS_ENV]: String(paragraphs) };
	// startServer copies process.env before it first awaits, when it spawns the server; `env` and
	// `readyPath` are for a startServer that takes them and are ignored by one that does not.
	const server = await withEnv(extra, () =>
		startServer({
			root: dir,
			port,
			logFile,
			database: { dataDir: path.join(dir, 'data') },
			env: extra,
			readyPath: PAGE_PATH
		})
	);
	try {
		const response = await fetch(`${server.origin}${PAGE_PATH}`);
		const body = Buffer.from(await response.arrayBuffer());
		if (response.status !== 200 || !body.includes(LAST_WORDS)) {
			throw new Error(
				`The floor page answered ${response.status}: ${body.toString().slice(0, 300)}`
			);
		}
		return {
			origin: server.origin,
			pid: server.pid,
			stop: server.stop,
			path: PAGE_PATH,
			bytes: body.length,
			paragraphs,
			expectInBody: LAST_WORDS
		};
	} catch (error) {
		await server.stop();
		throw error;
	}
}

function withEnv(extra, start) {
	const saved = Object.fromEntries(Object.keys(extra).map((key) => [key, process.env[key]]));
	Object.assign(process.env, extra);
	try {
		return start();
	} finally {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
	}
}

function readSizes(dir) {
	try {
		return JSON.parse(readFileSync(path.join(dir, 'sizes.json'), 'utf8'));
	} catch {
		return { built: null, fit: null, sizes: {} };
	}
}

/**
 * The paragraph count whose page is nearest `htmlBytes`, found by starting the floor: the size
 * grows nearly linearly with the count. Kept in `<dir>/sizes.json`; the first size asked is the
 * one it was built for.
 */
async function sizeFor(dir, htmlBytes) {
	const known = readSizes(dir);
	if (known.sizes[htmlBytes]) return known.sizes[htmlBytes];
	const logFile = path.join(dir, 'calibrate.log');
	const measured = new Map();
	const sizeOf = async (paragraphs) => {
		if (!measured.has(paragraphs)) {
			const server = await startOn({
				dir,
				port: await freePort(),
				logFile,
				env: { WORKERS: '1' },
				paragraphs
			});
			await server.stop();
			measured.set(paragraphs, server.bytes);
		}
		return measured.get(paragraphs);
	};
	let fit = known.fit;
	if (!fit) {
		const base = await sizeOf(0);
		fit = { base, perParagraph: ((await sizeOf(40)) - base) / 40 };
	}
	let best = Math.max(0, Math.round((htmlBytes - fit.base) / fit.perParagraph));
	const miss = (paragraphs) => Math.abs(measured.get(paragraphs) - htmlBytes);
	await sizeOf(best);
	for (let steps = 0; steps < 8; steps++) {
		const toward = measured.get(best) < htmlBytes ? best + 1 : best - 1;
		if (toward < 0) break;
		await sizeOf(toward);
		if (miss(toward) >= miss(best)) break;
		best = toward;
	}
	const bytes = measured.get(best);
	if (Math.abs(bytes - htmlBytes) > htmlBytes * TOLERANCE) {
		throw new Error(
			`The floor page can be ${bytes} bytes at best (${best} paragraphs; ${fit.base} with none), not ${htmlBytes}`
		);
	}
	const size = { paragraphs: best, bytes };
	writeFileSync(
		path.join(dir, 'sizes.json'),
		JSON.stringify(
			{ built: known.built ?? htmlBytes, fit, sizes: { ...known.sizes, [htmlBytes]: size } },
			null,
			'\t'
		) + '\n'
	);
	return size;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}
