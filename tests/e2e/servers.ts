// App servers of the production build, started by a test with their own database, so a test can
// crash them, restart them or run two side by side. Talks to them over HTTP only.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { request, type APIRequestContext } from '@playwright/test';

export type AppServer = {
	port: number;
	/** Where the test reaches this server; its ORIGIN may name a load balancer instead. */
	url: string;
	child: ChildProcess;
	exited: Promise<void>;
	output: () => string;
};

const running = new Set<AppServer>();
// A last resort should the test process end without its afterAll hooks.
process.once('exit', () => running.forEach((server) => server.child.kill('SIGKILL')));

async function assertPortFree(port: number): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const probe = createServer();
		probe.once('error', () =>
			reject(new Error(`Port ${port} is taken: is a server from an earlier run still up?`))
		);
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
	});
}

/** The database choice (DATA_DIR for SQLite or DATABASE_URL for PostgreSQL), and any other settings. */
export type ServerEnv = ({ DATA_DIR: string } | { DATABASE_URL: string }) & Record<string, string>;

/**
 * Spawns the built app: `node scripts/start.js` as the README starts it, or the bare `node build`
 * with adapter-node's own defaults. Nothing leaks in from the test's own env but what `env` sets.
 */
export async function spawnServer(
	port: number,
	env: ServerEnv,
	origin = `http://localhost:${port}`,
	entry: 'scripts/start.js' | 'build' = 'scripts/start.js'
): Promise<AppServer> {
	await assertPortFree(port);
	const {
		DATABASE_URL: _db,
		DATA_DIR: _dir,
		BODY_SIZE_LIMIT: _limit,
		ADDRESS_HEADER: _header,
		XFF_DEPTH: _depth,
		...inherited
	} = process.env;
	const child = spawn(process.execPath, [entry], {
		env: { ...inherited, ...env, PORT: String(port), ORIGIN: origin, NODE_ENV: 'production' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const server: AppServer = {
		port,
		url: `http://localhost:${port}`,
		child,
		exited,
		output: () => output
	};
	running.add(server);
	exited.then(() => running.delete(server));
	return server;
}

/** Resolves once the server answers its sign-in page; fails with the server's output if it died. */
export async function waitUntilUp(server: AppServer, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (server.child.exitCode !== null || server.child.signalCode !== null) {
			throw new Error(`The server on port ${server.port} exited:\n${server.output()}`);
		}
		try {
			const response = await fetch(`${server.url}/login`, { redirect: 'manual' });
			if (response.status === 200) return;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) {
			throw new Error(`The server on port ${server.port} did not come up:\n${server.output()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export async function startServer(
	port: number,
	env: ServerEnv,
	origin?: string,
	entry?: 'scripts/start.js' | 'build'
): Promise<AppServer> {
	const server = await spawnServer(port, env, origin, entry);
	await waitUntilUp(server);
	return server;
}

export async function killServer(server: AppServer, signal: NodeJS.Signals = 'SIGTERM') {
	if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill(signal);
	await server.exited;
}

/** For afterAll: no server outlives its spec, whatever failed. */
export async function killAllServers() {
	await Promise.all([...running].map((server) => killServer(server, 'SIGKILL')));
}

/** A fresh database on TEST_DATABASE_URL's server, or null when that is unset. */
export async function createTestDatabase(prefix: string): Promise<string | null> {
	const base = process.env.TEST_DATABASE_URL;
	if (!base) return null;
	const name = `${prefix}_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(base);
	url.pathname = `/${name}`;
	return url.toString();
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
	const name = new URL(databaseUrl).pathname.slice(1);
	const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
	await admin.connect();
	try {
		await admin.query(`drop database if exists ${name} with (force)`);
	} finally {
		await admin.end();
	}
}

export type ActionResult =
	| { type: 'redirect'; status: number; location: string }
	| { type: 'success' | 'failure'; status: number; data: string }
	| { type: 'error'; status?: number; error: { message: string } };

/**
 * Posts a form action as `use:enhance` does, so the answer is SvelteKit's JSON result
 * (a redirect on success) rather than a rendered page.
 */
export async function postAction(
	client: APIRequestContext,
	path: string,
	form: Record<string, string>,
	serverUrl?: string
): Promise<ActionResult> {
	const response = await client.post(serverUrl ? `${serverUrl}${path}` : path, {
		form,
		headers: { accept: 'application/json', 'x-sveltekit-action': 'true' },
		maxRedirects: 0
	});
	const text = await response.text();
	try {
		return JSON.parse(text) as ActionResult;
	} catch {
		throw new Error(`${path} answered ${response.status()} with no action result: ${text}`);
	}
}

export function expectRedirect(result: ActionResult, path: string): string {
	if (result.type !== 'redirect') {
		throw new Error(`${path} was expected to succeed, got ${JSON.stringify(result)}`);
	}
	return result.location;
}

/** A signed-out HTTP client whose form posts carry the Origin the server expects. */
export function newClient(baseURL: string, origin: string = baseURL): Promise<APIRequestContext> {
	return request.newContext({ baseURL, extraHTTPHeaders: { origin } });
}

export const SCHOOL_ADMIN = { username: 'head', password: 'head password 1' };
export const STUDENT_PASSWORD = 'student password';

/**
 * Sets up a new installation through its pages: the administrator, a class with the border
 * lesson assigned. Returns the administrator's signed-in client and the class's code.
 */
export async function setUpClass(baseURL: string, origin: string = baseURL) {
	const teacher = await newClient(baseURL, origin);
	expectRedirect(
		await postAction(teacher, '/setup', {
			schoolName: 'Crash Test High',
			displayName: 'Hana Head',
			username: SCHOOL_ADMIN.username,
			password: SCHOOL_ADMIN.password,
			confirmPassword: SCHOOL_ADMIN.password
		}),
		'/setup'
	);
	// Creating a class opens it; its page shows the code.
	const classPath = expectRedirect(
		await postAction(teacher, '/teach?/createClass', { name: 'Period 1' }),
		'/teach?/createClass'
	);
	const classId = classPath.match(/\/teach\/classes\/([0-9a-f-]{36})/)![1]!;
	const joinCode = (await (await teacher.get(classPath)).text()).match(
		/class code ([A-Z0-9]{6})/
	)![1]!;
	const assigned = await postAction(teacher, `/teach/classes/${classId}?/assign`, {
		moduleId: 'tajik-border'
	});
	if (assigned.type !== 'success') throw new Error(`Not assigned: ${JSON.stringify(assigned)}`);
	const assignmentId = (await (await teacher.get(`/teach/classes/${classId}`)).text()).match(
		/\/teach\/assignments\/([0-9a-f-]{36})/
	)![1]!;
	return { teacher, joinCode, classId, assignmentId };
}

/** Signs a student up with the class code; the returned client is signed in. */
export async function signUpStudent(
	baseURL: string,
	joinCode: string,
	username: string,
	displayName: string,
	origin: string = baseURL
) {
	const student = await newClient(baseURL, origin);
	expectRedirect(
		await postAction(student, '/signup', {
			joinCode,
			displayName,
			username,
			password: STUDENT_PASSWORD,
			confirmPassword: STUDENT_PASSWORD
		}),
		'/signup'
	);
	return student;
}
