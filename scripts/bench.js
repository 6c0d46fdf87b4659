// `npm run bench`: builds the app, seeds a school district, runs the production server on
// loopback and measures it under load with autocannon; prints each figure beside its target.
// SQLite always; PostgreSQL as well when BENCH_DATABASE_URL names a server (a database of its
// own is created there for the run and dropped afterwards).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { formFieldsOf, loadLesson, writtenText } from './bench/lesson-answers.js';
import { createSessions, seedDistrict, seedExtraClasses } from './bench/seed.js';
import { killAllServers, residentBytes, signIn, startServer, watchMemory } from './bench/server.js';
import { actionRequests, measure } from './bench/load.js';
import { measureClientJs } from './bench/client-js.js';
import { buildFloorApp, startFloorServer } from './bench/floor.js';
import { bellRings, classSignsIn, districtLessonHour } from './bench/scenarios.js';
import { runLighthouse } from './bench/lighthouse.js';
import { printEngine, printHeader } from './bench/report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DISTRICT = {
	teachers: 50,
	classes: 60,
	students: 2000,
	growthClassSizes: [40, 400],
	loadStudents: 100
};
const PASSWORD = 'bench password, shared by every seeded account';
const MODULE_ID = 'tajik-border';
/** The shipped version (lessons/tajik-border/v1.yaml) every seeded assignment gives. */
const MODULE_VERSION = 1;
const PAGE_STEP = { slug: 'who-is-behind-it', title: 'Who is behind it?' };
const ANSWER = { step: 'who-is-behind-it', questionId: 'who-credit' };
const DRAFT = { step: 'what-do-other-sources-say', questionId: 'lateral-plan' };
const LOAD_SECONDS = 8;
/** Students signed in for the open-loop scenarios (the district's lesson hour goes up to this). */
const SCENARIO_STUDENTS = 15_000;
/** The heap every server process of the run gets: the whole bench must pass within it. */
const HEAP_CAP_MB = 96;
const SERVER_ENV = { NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}` };
const PORTS = {
	sqlite: 4310 + Math.floor(Math.random() * 40),
	postgres: 4350 + Math.floor(Math.random() * 40),
	floor: 4270 + Math.floor(Math.random() * 40)
};

const log = (message) => console.error(`[bench] ${message}`);

/** Undo steps (temporary folders, the PostgreSQL database) still owed if the run is stopped. */
const pendingCleanups = new Set();

async function withCleanup(work, cleanup) {
	pendingCleanups.add(cleanup);
	try {
		return await work();
	} finally {
		pendingCleanups.delete(cleanup);
		await cleanup();
	}
}

async function signInAll(origin, usernames, parallel = 2) {
	const cookies = new Array(usernames.length);
	let next = 0;
	await Promise.all(
		Array.from({ length: parallel }, async () => {
			while (next < usernames.length) {
				const index = next++;
				cookies[index] = await signIn(origin, usernames[index], PASSWORD);
			}
		})
	);
	return cookies;
}

async function countRows(db, table) {
	const row = await db
		.selectFrom(table)
		.select((eb) => eb.fn.countAll().as('count'))
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/** Runs every measurement against one engine's server and returns the figures. */
async function measureEngine({
	engine,
	port,
	database,
	openDb,
	databasePids,
	lesson,
	workDir,
	floorDir,
	browser
}) {
	const logFile = path.join(workDir, `server-${engine}.log`);
	// The server creates the schema with its own migrations, then stops so the seed writes alone.
	const migrating = await startServer({ root, port, database, logFile, env: SERVER_ENV });
	await migrating.stop();

	const db = openDb();
	let seeded;
	try {
		log(`${engine}: seeding the district`);
		const started = Date.now();
		seeded = await seedDistrict(db, lesson, DISTRICT);
		log(`${engine}: seeded ${JSON.stringify(seeded.counts)} in ${Date.now() - started} ms`);
	} finally {
		await db.destroy();
	}

	const server = await startServer({ root, port, database, logFile, env: SERVER_ENV });
	const figures = {
		engine,
		seeded: seeded.counts,
		heapCapMb: HEAP_CAP_MB,
		workers: Number(process.env.WORKERS) || os.availableParallelism(),
		scenarioStudents: SCENARIO_STUDENTS
	};
	try {
		const { origin } = server;
		const idleBytes = residentBytes(server.pid);
		log(`${engine}: signing in ${seeded.loadStudents.length} students, 2 teachers and the admin`);
		const students = await signInAll(origin, seeded.loadStudents);
		const [admin, ...teachers] = await signInAll(origin, [
			seeded.admin,
			...seeded.growth.map((g) => g.teacher)
		]);

		figures.clientJs = await measureClientJs({
			origin,
			pagePath: `/learn/${MODULE_ID}/${PAGE_STEP.slug}`,
			cookie: students[0]
		});

		const memory = watchMemory(server.pid);
		const get = (pathname, cookies) => (n) => ({
			method: 'GET',
			path: pathname,
			headers: cookies ? { cookie: cookies[n % cookies.length] } : {}
		});

		log(`${engine}: lesson step page and static asset`);
		memory.phase('lesson step page');
		figures.page = await measure({
			serverPid: server.pid,
			databasePids,
			origin,
			connections: 100,
			seconds: LOAD_SECONDS,
			request: get(`/learn/${MODULE_ID}/${PAGE_STEP.slug}`, students),
			expectInBody: PAGE_STEP.title
		});
		const pageBytes = Buffer.byteLength(
			await (
				await fetch(`${origin}/learn/${MODULE_ID}/${PAGE_STEP.slug}`, {
					headers: { cookie: students[0] }
				})
			).text()
		);
		log(`${engine}: the framework's floor, a page of ${pageBytes} bytes`);
		figures.floor = await measureFloor({ floorDir, workDir, htmlBytes: pageBytes });
		figures.page.htmlBytes = pageBytes;

		memory.phase('static asset');
		figures.staticAsset = await measure({
			serverPid: server.pid,
			databasePids,
			origin,
			connections: 100,
			seconds: LOAD_SECONDS,
			request: get('/favicon.svg')
		});

		log(`${engine}: class results pages`);
		figures.results = [];
		for (const [index, growth] of seeded.growth.entries()) {
			memory.phase(`class results page, ${growth.size} students`);
			const run = await measure({
				serverPid: server.pid,
				databasePids,
				origin,
				connections: 1,
				seconds: 5,
				request: get(`/teach/assignments/${growth.assignmentId}`, [teachers[index]]),
				expectInBody: `Growth class of ${growth.size}`
			});
			figures.results.push({ size: growth.size, ...run });
		}

		log(`${engine}: district export`);
		memory.phase('district export');
		const exportPath = '/admin/export/district.csv';
		const exported = await fetch(`${origin}${exportPath}`, { headers: { cookie: admin } });
		const csv = await exported.text();
		if (exported.status !== 200 || !exported.headers.get('content-type')?.startsWith('text/csv')) {
			throw new Error(
				`${exportPath} answered ${exported.status} ${exported.headers.get('content-type')}`
			);
		}
		figures.districtExport = {
			rows: csv.trimEnd().split('\r\n').length - 1,
			bytes: Buffer.byteLength(csv),
			...(await measure({
				serverPid: server.pid,
				databasePids,
				origin,
				connections: 1,
				seconds: 5,
				request: get(exportPath, [admin]),
				expectInBody: '\uFEFFClass,'
			}))
		};

		const answerQuestion = lesson.questions.get(ANSWER.questionId);
		const answerRequests = () =>
			actionRequests({
				origin,
				path: `/learn/${MODULE_ID}/${ANSWER.step}`,
				action: 'answer',
				cookies: students,
				fields: (n) => {
					const graded = n % 3 === 0 ? answerQuestion.wrong[0] : answerQuestion.right[0];
					return [
						['questionId', ANSWER.questionId],
						...formFieldsOf(graded.answer, 'medium'),
						['elapsedMs', String(4000 + (n % 50) * 1000)]
					];
				}
			});
		const draftQuestion = lesson.questions.get(DRAFT.questionId);
		let seed = 1;
		const random = () => (seed = (seed * 9301 + 49297) % 233280) / 233280;
		const draftTexts = Array.from({ length: 16 }, () =>
			writtenText(random, Math.max(10, draftQuestion.minWords - 10))
		);
		const draftRequests = () =>
			actionRequests({
				origin,
				path: `/learn/${MODULE_ID}/${DRAFT.step}`,
				action: 'draft',
				cookies: students,
				fields: (n) => [
					['questionId', DRAFT.questionId],
					['text', draftTexts[n % draftTexts.length]]
				]
			});

		log(`${engine}: saving answers`);
		memory.phase('saving answers');
		const attemptsBefore = await countRowsVia(openDb, 'attempts');
		figures.answer = await measure({
			serverPid: server.pid,
			databasePids,
			origin,
			connections: 100,
			seconds: LOAD_SECONDS,
			request: answerRequests(),
			expectInBody: '"type":"redirect"'
		});
		// Every accepted answer is stored; requests still in flight when a run stops may add a few.
		const attemptsAdded = (await countRowsVia(openDb, 'attempts')) - attemptsBefore;
		const answersAccepted = figures.answer.ok + figures.answer.warmupOk;
		if (attemptsAdded < answersAccepted || attemptsAdded > answersAccepted + 2 * 100) {
			throw new Error(
				`${answersAccepted} answers were accepted but ${attemptsAdded} attempts were stored`
			);
		}

		log(`${engine}: autosaving drafts`);
		memory.phase('autosaving drafts');
		figures.draft = await measure({
			serverPid: server.pid,
			databasePids,
			origin,
			connections: 100,
			seconds: LOAD_SECONDS,
			request: draftRequests(),
			expectInBody: '"type":"success"'
		});
		if (browser) {
			log(`${engine}: Lighthouse (mobile) on a lesson step and a class results page`);
			memory.phase('Lighthouse');
			figures.lighthouse = {
				page: await runLighthouse({
					url: `${origin}/learn/${MODULE_ID}/${PAGE_STEP.slug}`,
					cookie: students[0]
				}),
				results: await runLighthouse({
					url: `${origin}/teach/assignments/${seeded.growth[0].assignmentId}`,
					cookie: teachers[0]
				})
			};
		}

		log(`${engine}: open-loop scenarios (seeding students up to ${SCENARIO_STUDENTS})`);
		const scenarioDb = openDb();
		let cookies, neverSignedIn;
		try {
			const extra = await seedExtraClasses(scenarioDb, lesson, {
				students: SCENARIO_STUDENTS - seeded.counts.students
			});
			cookies = await createSessions(
				scenarioDb,
				[...seeded.allStudents, ...extra.usernames].slice(0, SCENARIO_STUDENTS)
			);
			neverSignedIn = extra.usernames.slice(-342);
		} finally {
			await scenarioDb.destroy();
		}
		const common = { origin, serverPid: server.pid, databasePids, lesson };
		memory.phase('the bell rings');
		figures.bellRings = await bellRings({ ...common, cookies: cookies.slice(0, 1000) });
		memory.phase('a class signs in');
		figures.classSignsIn = await classSignsIn({
			...common,
			usernames: neverSignedIn,
			password: PASSWORD,
			passwordHash: lesson.passwordHash
		});
		memory.phase("a district's lesson hour");
		figures.lessonHour = await districtLessonHour({
			...common,
			cookies,
			log: (message) => log(`${engine}: ${message}`)
		});

		figures.memory = { idleBytes, ...memory.stop() };
		figures.workerRestarts = countWorkerRestarts(logFile);
		const runs = [
			figures.page,
			figures.staticAsset,
			...figures.results,
			figures.districtExport,
			figures.answer,
			figures.draft,
			figures.bellRings,
			figures.classSignsIn.burst,
			figures.classSignsIn.crowd,
			...figures.lessonHour.runs
		];
		figures.othersShare =
			runs.reduce((sum, run) => sum + run.othersShare * run.seconds, 0) /
			runs.reduce((sum, run) => sum + run.seconds, 0);
		return figures;
	} finally {
		await server.stop();
	}
}

/** Workers the server replaced during the run (a worker past its heap cap dies): none expected. */
function countWorkerRestarts(logFile) {
	return readFileSync(logFile, 'utf8').split('A Byline worker stopped').length - 1;
}

/**
 * The framework's floor: a minimal SvelteKit app of the same versions, adapter and start script,
 * serving a page of the lesson step's size from plain data, measured as the lesson step is.
 */
async function measureFloor({ floorDir, workDir, htmlBytes }) {
	const floor = await startFloorServer({
		dir: floorDir,
		port: PORTS.floor,
		logFile: path.join(workDir, 'floor.log'),
		env: SERVER_ENV,
		htmlBytes
	});
	try {
		const run = await measure({
			serverPid: floor.pid,
			origin: floor.origin,
			connections: 100,
			seconds: LOAD_SECONDS,
			request: () => ({ method: 'GET', path: floor.path }),
			expectInBody: floor.expectInBody
		});
		return { ...run, htmlBytes: floor.bytes };
	} finally {
		await floor.stop();
	}
}

async function countRowsVia(openDb, table) {
	const db = openDb();
	try {
		return await countRows(db, table);
	} finally {
		await db.destroy();
	}
}

async function benchSqlite(lesson, floorDir) {
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'byline-bench-'));
	const dataDir = path.join(workDir, 'data');
	return withCleanup(
		() =>
			measureEngine({
				engine: 'SQLite',
				port: PORTS.sqlite,
				database: { dataDir },
				openDb: () =>
					new Kysely({
						dialect: new SqliteDialect({
							database: () => {
								const sqlite = new SQLite(path.join(dataDir, 'byline.sqlite'));
								sqlite.pragma('busy_timeout = 5000');
								return sqlite;
							}
						})
					}),
				lesson,
				workDir,
				floorDir,
				// What a browser does with the page does not depend on the engine behind it.
				browser: true
			}),
		() => rmSync(workDir, { recursive: true, force: true })
	);
}

async function benchPostgres(lesson, serverUrl, floorDir) {
	// Like psql, connect as the system user when the URL names none (node-postgres reads $USER).
	const server = new URL(serverUrl);
	if (!server.username) server.username = os.userInfo().username;
	const admin = new pg.Client({ connectionString: server.toString() });
	await admin.connect();
	const name = `byline_bench_${randomBytes(5).toString('hex')}`;
	const database = new URL(server);
	database.pathname = `/${name}`;
	const databaseUrl = database.toString();
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'byline-bench-'));
	return withCleanup(
		async () => {
			await admin.query(`create database ${name}`);
			return measureEngine({
				engine: 'PostgreSQL',
				port: PORTS.postgres,
				database: { databaseUrl },
				openDb: () =>
					new Kysely({
						dialect: new PostgresDialect({
							pool: new pg.Pool({ connectionString: databaseUrl, max: 4 })
						})
					}),
				// The backends serving this database do the queries' work, outside the app's process.
				databasePids: async () =>
					(
						await admin.query('select pid from pg_stat_activity where datname = $1', [name])
					).rows.map((row) => row.pid),
				lesson,
				workDir,
				floorDir,
				browser: false
			});
		},
		async () => {
			killAllServers();
			await admin.query(`drop database if exists ${name} with (force)`);
			await admin.end();
			rmSync(workDir, { recursive: true, force: true });
		}
	);
}

async function main() {
	const postgresUrl = process.env.BENCH_DATABASE_URL?.trim();
	if (postgresUrl && !/^postgres(ql)?:\/\//.test(postgresUrl)) {
		throw new Error(
			`BENCH_DATABASE_URL must be a PostgreSQL URL such as postgres://127.0.0.1:5432/test (got "${postgresUrl}")`
		);
	}
	log('building the app (npm run build)');
	execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	process.chdir(root);
	const lesson = await loadLesson(MODULE_ID, MODULE_VERSION, PASSWORD);

	const floorWorkDir = mkdtempSync(path.join(os.tmpdir(), 'byline-bench-floor-'));
	await withCleanup(
		async () => {
			log("building the framework's floor");
			const floor = await buildFloorApp({ root, workDir: floorWorkDir });
			printHeader({ loadSeconds: LOAD_SECONDS, heapCapMb: HEAP_CAP_MB });
			printEngine(await benchSqlite(lesson, floor.dir));
			if (postgresUrl) printEngine(await benchPostgres(lesson, postgresUrl, floor.dir));
		},
		() => rmSync(floorWorkDir, { recursive: true, force: true })
	);
}

// Servers are killed however the run ends; on Ctrl-C or a kill the owed cleanups run first.
process.on('exit', killAllServers);
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, async () => {
		log(`${signal}: stopping servers and cleaning up`);
		killAllServers();
		for (const cleanup of pendingCleanups) {
			await Promise.resolve()
				.then(cleanup)
				.catch((error) => console.error(error));
		}
		process.exit(130);
	});
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
