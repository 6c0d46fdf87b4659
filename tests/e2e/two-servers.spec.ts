// Several app servers behind a load balancer share one PostgreSQL database: they must start
// together, serve one session from either, show a teacher the same results, and count failed
// sign-ins together.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { migrations } from '../../src/lib/server/migrations';
import { MODULE, PLAN_TEXT } from './lesson-plan';
import {
	STUDENT_PASSWORD,
	createTestDatabase,
	dropTestDatabase,
	expectRedirect,
	killAllServers,
	killServer,
	postAction,
	setUpClass,
	signUpStudent,
	spawnServer,
	waitUntilUp,
	type AppServer
} from './servers';

// Both servers have the load balancer's address as ORIGIN, as they would in production, so
// form posts carry that Origin whichever server the balancer picks.
const SHARED_ORIGIN = 'http://byline.test';

test.skip(
	!process.env.TEST_DATABASE_URL,
	'Set TEST_DATABASE_URL to a PostgreSQL server (a database is created on it) to run this.'
);

const databases: string[] = [];
const clients: APIRequestContext[] = [];

test.afterAll(async () => {
	await killAllServers();
	await Promise.all(clients.splice(0).map((client) => client.dispose()));
	for (const databaseUrl of databases.splice(0)) await dropTestDatabase(databaseUrl);
});

async function freshDatabase(): Promise<string> {
	const databaseUrl = (await createTestDatabase('byline_two'))!;
	databases.push(databaseUrl);
	return databaseUrl;
}

async function startTogether(databaseUrl: string, ports: [number, number]) {
	const servers = await Promise.all(
		ports.map((port) => spawnServer(port, { DATABASE_URL: databaseUrl }, SHARED_ORIGIN))
	);
	await Promise.all(servers.map((server) => waitUntilUp(server)));
	return servers as [AppServer, AppServer];
}

/** The same person's cookies on another server: what the browser sends through the balancer. */
async function sameSessionOn(server: AppServer, client: APIRequestContext) {
	const moved = await request.newContext({
		baseURL: server.url,
		extraHTTPHeaders: { origin: SHARED_ORIGIN },
		storageState: await client.storageState()
	});
	clients.push(moved);
	return moved;
}

function newClientOn(server: AppServer) {
	return request
		.newContext({ baseURL: server.url, extraHTTPHeaders: { origin: SHARED_ORIGIN } })
		.then((client) => (clients.push(client), client));
}

/** A sign-in as a browser without JavaScript posts it: the status and page the person sees. */
async function signIn(client: APIRequestContext, username: string, password: string) {
	const response = await client.post('/login', {
		form: { username, password },
		headers: { accept: 'text/html' },
		maxRedirects: 0
	});
	return { status: response.status(), response, page: await response.text() };
}

test('servers started together on an empty database all come up, each migration run once', async () => {
	const migrationNames = Object.keys(migrations).sort();
	for (let round = 0; round < 3; round++) {
		const databaseUrl = await freshDatabase();
		const servers = await startTogether(databaseUrl, [4383, 4384]);
		const db = new pg.Client({ connectionString: databaseUrl });
		await db.connect();
		try {
			const { rows } = await db.query<{ name: string }>(
				'select name from kysely_migration order by name'
			);
			expect(rows.map((row) => row.name)).toEqual(migrationNames);
		} finally {
			await db.end();
		}
		await Promise.all(servers.map((server) => killServer(server)));
	}
});

test.describe('one class behind a load balancer', () => {
	// The throttling test uses the servers and the class the first test starts.
	test.describe.configure({ mode: 'serial' });

	let one: AppServer;
	let two: AppServer;
	let joinCode: string;

	test('a student signs in on one server and answers on the other; the teacher sees it on both', async () => {
		[one, two] = await startTogether(await freshDatabase(), [4385, 4386]);
		const school = await setUpClass(one.url, SHARED_ORIGIN);
		clients.push(school.teacher);
		joinCode = school.joinCode;
		clients.push(await signUpStudent(two.url, joinCode, 'pat', 'Pat Balancer', SHARED_ORIGIN));

		const studentOnOne = await newClientOn(one);
		const signedIn = await signIn(studentOnOne, 'pat', STUDENT_PASSWORD);
		expect(signedIn.status).toBe(303);
		expect(signedIn.response.headers().location).toBe('/learn');
		const studentOnTwo = await sameSessionOn(two, studentOnOne);
		const text = `${PLAN_TEXT} Answered through the second server.`;
		expectRedirect(
			await postAction(studentOnTwo, `${MODULE}/what-do-other-sources-say?/answer`, {
				questionId: 'lateral-plan',
				submissionId: randomUUID(),
				text
			}),
			'the answer on server two'
		);
		const stepOnOne = await studentOnOne.get(`${MODULE}/what-do-other-sources-say`);
		expect(await stepOnOne.text()).toContain('Answered through the second server.');

		const teacherOnOne = school.teacher;
		const teacherOnTwo = await sameSessionOn(two, teacherOnOne);
		const base = `/teach/assignments/${school.assignmentId}`;
		for (const path of [
			`${base}/export/attempts.csv`,
			`${base}/export/grid.csv`,
			`${base}/__data.json`
		]) {
			const [fromOne, fromTwo] = await Promise.all(
				[teacherOnOne, teacherOnTwo].map(async (teacher) => {
					const response = await teacher.get(path);
					expect(response.status(), path).toBe(200);
					return response.text();
				})
			);
			expect(fromTwo, `${path} is the same from both servers`).toBe(fromOne);
			expect(fromOne).toContain('Pat Balancer');
		}
		const attemptsCsv = await (await teacherOnTwo.get(`${base}/export/attempts.csv`)).text();
		expect(attemptsCsv).toContain('Answered through the second server.');
		// Names and headings here hold no commas, so splitting on them reads the grid.
		const [heading, ...rows] = (await (await teacherOnOne.get(`${base}/export/grid.csv`)).text())
			.replace(/^\uFEFF/, '')
			.trim()
			.split('\r\n')
			.map((line) => line.split(','));
		const pat = rows.find((row) => row[0] === 'Pat Balancer')!;
		const question = heading!.find((title) => title.endsWith(' lateral-plan %'))!.split(' ')[0];
		expect(pat[heading!.indexOf(`${question} tries`)]).toBe('1');
		expect(pat[heading!.indexOf('Awaiting review')]).toBe('1');
	});

	test('failed sign-ins spread over both servers are throttled as on one server', async () => {
		clients.push(await signUpStudent(one.url, joinCode, 'rio', 'Rio One-Server', SHARED_ORIGIN));
		clients.push(await signUpStudent(one.url, joinCode, 'sam', 'Sam Both-Servers', SHARED_ORIGIN));
		const onOne = await newClientOn(one);
		const onTwo = await newClientOn(two);

		const oneServer: number[] = [];
		for (let i = 0; i < 6; i++)
			oneServer.push((await signIn(onOne, 'rio', 'wrong password')).status);
		const bothServers: { status: number; page: string; retryAfter?: string }[] = [];
		for (let i = 0; i < 6; i++) {
			const { status, page, response } = await signIn(
				i % 2 === 0 ? onOne : onTwo,
				'sam',
				'wrong password'
			);
			bothServers.push({ status, page, retryAfter: response.headers()['retry-after'] });
		}
		// Five tries from one address, then one every five minutes, on whichever server.
		expect(oneServer).toEqual([400, 400, 400, 400, 400, 429]);
		expect(bothServers.map((attempt) => attempt.status)).toEqual(oneServer);
		const throttled = bothServers[5]!;
		expect(throttled.page).toContain(
			'Too many failed sign-ins for this username. Wait 5 minutes, then try again'
		);
		const retryAfter = Number(throttled.retryAfter);
		expect(retryAfter).toBeGreaterThan(280);
		expect(retryAfter).toBeLessThanOrEqual(300);

		// While waiting, even the right password is refused, on either server.
		expect((await signIn(onOne, 'sam', STUDENT_PASSWORD)).status).toBe(429);
		expect((await signIn(onTwo, 'sam', STUDENT_PASSWORD)).status).toBe(429);
	});
	// The hostile-input spec runs on SQLite; PostgreSQL alone refuses a NUL character in text.
	test('a NUL character anywhere a person can put one is a 400 on PostgreSQL, never a 500', async () => {
		const anonymous = await newClientOn(one);
		const nulLogin = await anonymous.post('/login', {
			form: { username: 'rio\u0000', password: 'whatever password' },
			headers: { accept: 'text/html' },
			maxRedirects: 0
		});
		expect(nulLogin.status()).toBe(400);

		const student = await signUpStudent(one.url, joinCode, 'nul', 'Nul Tester', SHARED_ORIGIN);
		clients.push(student);
		const draft = await student.post(`${MODULE}/your-conclusion?/draft`, {
			form: { questionId: 'conclusion', text: 'The article \u0000 argues' },
			headers: { accept: 'text/html' },
			maxRedirects: 0
		});
		expect(draft.status()).toBe(400);
		expect((await student.get(`${MODULE}/who-is-behind-it%00`)).status()).toBe(400);
		expect((await student.get(`/learn?next=%00`)).status()).toBe(400);

		const forgedCookie = await request.newContext({
			baseURL: two.url,
			extraHTTPHeaders: { origin: SHARED_ORIGIN, cookie: 'byline_session=abc%00.def' }
		});
		clients.push(forgedCookie);
		const asForged = await forgedCookie.get('/learn', { maxRedirects: 0 });
		expect(asForged.status()).toBe(303);
		expect(asForged.headers()['location']).toMatch(/^\/login\?next=/);
	});
});
