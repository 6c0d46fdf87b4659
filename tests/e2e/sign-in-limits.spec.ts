// Limits that guard guessing, tried as an attacker would: requests fired together at the real
// server, on SQLite and on PostgreSQL, with the client address each request claims through the
// proxy header. Also the other holes the same outside test found (body size, headers, text
// direction, a burst of answers, submission ids).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { MODULE, PLAN_TEXT } from './lesson-plan';
import { studentIdOf } from './http-world';
import {
	STUDENT_PASSWORD,
	createTestDatabase,
	dropTestDatabase,
	killAllServers,
	postAction,
	setUpClass,
	signUpStudent,
	startServer,
	type ActionResult,
	type AppServer,
	type ServerEnv
} from './servers';

const BEHIND_PROXY = { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };

/** A browser of its own (no cookies yet) whose posts claim the given address. */
async function browserAt(server: AppServer, address?: string): Promise<APIRequestContext> {
	return request.newContext({
		baseURL: server.url,
		extraHTTPHeaders: {
			origin: server.url,
			...(address ? { 'x-forwarded-for': address } : {})
		}
	});
}

async function signIn(client: APIRequestContext, username: string, password: string) {
	return postAction(client, '/login', { username, password });
}

const statusOf = (result: ActionResult) =>
	result.type === 'redirect' ? 303 : (result.status ?? 500);

function tally(results: ActionResult[]) {
	const counts: Record<number, number> = {};
	for (const result of results) counts[statusOf(result)] = (counts[statusOf(result)] ?? 0) + 1;
	return counts;
}

/** Posts a form as a chunked body (no Content-Length) in 16 KB pieces; resolves to the status. */
function postChunked(url: string, body: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method: 'POST',
				headers: {
					...headers,
					'content-type': 'application/x-www-form-urlencoded',
					'transfer-encoding': 'chunked',
					accept: 'application/json',
					'x-sveltekit-action': 'true'
				}
			},
			(res) => {
				res.resume();
				resolve(res.statusCode!);
			}
		);
		req.on('error', reject);
		for (let at = 0; at < body.length; at += 16_384) req.write(body.slice(at, at + 16_384));
		req.end();
	});
}

const engines = ['SQLite', ...(process.env.TEST_DATABASE_URL ? ['PostgreSQL'] : [])] as const;

for (const engine of engines) {
	test.describe(`guessing limits and hostile requests on ${engine}`, () => {
		test.describe.configure({ mode: 'serial' });
		let server: AppServer;
		let teacher: APIRequestContext;
		let joinCode: string;
		let classId: string;
		let assignmentId: string;
		let cleanUp: () => Promise<void>;
		const opened: APIRequestContext[] = [];
		const browser = async (address?: string) => {
			const client = await browserAt(server, address);
			opened.push(client);
			return client;
		};
		const student = async (username: string) => {
			const client = await signUpStudent(server.url, joinCode, username, `Student ${username}`);
			opened.push(client);
			return client;
		};
		/** A student who signed up in some other browser, now closed. */
		const enrol = async (username: string) =>
			(await signUpStudent(server.url, joinCode, username, `Student ${username}`)).dispose();

		test.beforeAll(async () => {
			test.setTimeout(120_000);
			let env: ServerEnv;
			if (engine === 'SQLite') {
				const dir = mkdtempSync(path.join(tmpdir(), 'byline-limits-'));
				env = { DATA_DIR: dir, ...BEHIND_PROXY };
				cleanUp = async () => rmSync(dir, { recursive: true, force: true });
			} else {
				const databaseUrl = (await createTestDatabase('byline_limits'))!;
				env = { DATABASE_URL: databaseUrl, ...BEHIND_PROXY };
				cleanUp = () => dropTestDatabase(databaseUrl);
			}
			server = await startServer(engine === 'SQLite' ? 4390 : 4391, env);
			({ teacher, joinCode, classId, assignmentId } = await setUpClass(server.url));
			opened.push(teacher);
		});

		test.afterAll(async () => {
			await Promise.all(opened.map((client) => client.dispose()));
			await killAllServers();
			await cleanUp();
		});

		test('fifty wrong passwords sent at once: five are checked, the rest wait', async () => {
			await enrol('ana');
			const attacker = await browser('203.0.113.10');
			const results = await Promise.all(
				Array.from({ length: 50 }, (_, i) => signIn(attacker, 'ana', `guess ${i}`))
			);
			expect(tally(results)).toEqual({ 400: 5, 429: 45 });
		});

		test('forty guesses at once with the right password among them do not get in', async () => {
			await enrol('ben');
			const attacker = await browser('203.0.113.11');
			const passwords = Array.from({ length: 40 }, (_, i) =>
				i === 30 ? STUDENT_PASSWORD : `guess ${i}`
			);
			const results = await Promise.all(passwords.map((p) => signIn(attacker, 'ben', p)));
			const counts = tally(results);
			// Five tries were checked in all; the right one got in only if it was among them.
			expect((counts[400] ?? 0) + (counts[303] ?? 0)).toBe(5);
			expect(counts[429]).toBe(35);
			if (statusOf(results[30]!) !== 303) expect(statusOf(results[30]!)).toBe(429);
		});

		test("the student signs in from their own address while someone else's guesses are held", async () => {
			const attacker = await browser('203.0.113.12');
			await Promise.all(Array.from({ length: 20 }, () => signIn(attacker, 'ana', 'wrong')));
			expect(statusOf(await signIn(attacker, 'ana', STUDENT_PASSWORD))).toBe(429);
			const atHome = await browser('192.0.2.20');
			expect(statusOf(await signIn(atHome, 'ana', STUDENT_PASSWORD))).toBe(303);
		});

		test('made-up usernames from the school address hold no one there', async () => {
			await enrol('cai');
			const school = '198.51.100.1';
			const prankster = await browser(school);
			const results = await Promise.all(
				Array.from({ length: 120 }, (_, i) => signIn(prankster, `nobody-${i}`, 'wrong password'))
			);
			expect(tally(results)).toEqual({ 400: 120 });
			const classmate = await browser(school);
			expect(statusOf(await signIn(classmate, 'cai', STUDENT_PASSWORD))).toBe(303);
		});

		test('guesses from many addresses cannot keep a student out of a browser they use', async () => {
			await enrol('dev');
			const own = await browser('192.0.2.30');
			expect(statusOf(await signIn(own, 'dev', STUDENT_PASSWORD))).toBe(303);
			const attackers = await Promise.all(
				Array.from({ length: 21 }, (_, n) => browser(`100.64.0.${n + 1}`))
			);
			const results = await Promise.all(
				attackers.flatMap((attacker) =>
					Array.from({ length: 5 }, (_, i) => signIn(attacker, 'dev', `guess ${i}`))
				)
			);
			// The account-wide allowance is 100 tries: the 105th waits, wherever it comes from.
			expect(tally(results)).toEqual({ 400: 100, 429: 5 });
			const elsewhere = await browser('192.0.2.31');
			expect(statusOf(await signIn(elsewhere, 'dev', STUDENT_PASSWORD))).toBe(429);
			expect(statusOf(await signIn(own, 'dev', STUDENT_PASSWORD))).toBe(303);
		});

		test('a classmate spraying real usernames from the school address does not hold students who sign in there', async () => {
			const school = '198.51.100.3';
			const regular = await browser(school);
			await enrol('joe');
			expect(statusOf(await signIn(regular, 'joe', STUDENT_PASSWORD))).toBe(303);
			await enrol('kit');
			const names = Array.from({ length: 41 }, (_, i) => `spray${i}`);
			for (const name of names) await enrol(name);
			const sprayer = await browser(school);
			const started = Date.now();
			const results = await Promise.all(
				names.flatMap((name) =>
					Array.from({ length: 5 }, (_, i) => signIn(sprayer, name, `common password ${i}`))
				)
			);
			// 200 wrong passwords for real accounts (one more each 18 s the burst took), then the
			// address holds new browsers back.
			const refills = Math.floor((Date.now() - started + 1000) / 18_000);
			const counts = tally(results);
			expect(counts[400]).toBeGreaterThanOrEqual(200);
			expect(counts[400]).toBeLessThanOrEqual(200 + refills);
			const kit = statusOf(await signIn(await browser(school), 'kit', STUDENT_PASSWORD));
			if (Date.now() - started < 16_000) expect(kit).toBe(429);
			// Joe has signed in from the school before: a new browser there still gets in.
			expect(statusOf(await signIn(await browser(school), 'joe', STUDENT_PASSWORD))).toBe(303);
		});

		test('the current password cannot be guessed faster through the account page', async () => {
			const lou = await student('lou');
			const results = await Promise.all(
				Array.from({ length: 10 }, (_, i) =>
					postAction(lou, '/account?/changePassword', {
						currentPassword: `guess ${i}`,
						password: 'a brand new password',
						confirmPassword: 'a brand new password'
					})
				)
			);
			expect(tally(results)).toEqual({ 400: 5, 429: 5 });
		});

		test("a teacher's password reset lets a held-back student in at once", async () => {
			await enrol('eli');
			const school = '198.51.100.2';
			const classmate = await browser(school);
			await Promise.all(Array.from({ length: 10 }, () => signIn(classmate, 'eli', 'wrong')));
			const eli = await browser(school);
			const held = await signIn(eli, 'eli', STUDENT_PASSWORD);
			expect(statusOf(held)).toBe(429);
			expect(JSON.stringify(held)).toContain('ask your teacher to reset your password');

			const studentId = await studentIdOf({ http: teacher }, classId, 'eli');
			const reset = await postAction(teacher, `/teach/classes/${classId}?/resetPassword`, {
				studentId,
				confirm: 'reset'
			});
			// The action's data is devalue's flat list of values; the new password is one of them.
			const values: unknown[] = reset.type === 'success' ? JSON.parse(reset.data) : [];
			const password = values.find(
				(v): v is string => typeof v === 'string' && /^[a-z2-9]{4}(-[a-z2-9]{4}){2}$/.test(v)
			);
			expect(password, JSON.stringify(reset)).toBeTruthy();
			const signedIn = await signIn(eli, 'eli', password!);
			expect(signedIn).toMatchObject({ type: 'redirect' });
		});

		test('a request that reached the server without the proxy is answered, not a 500', async () => {
			const direct = await browser();
			const result = await signIn(direct, 'ana', 'wrong password');
			expect(statusOf(result)).toBe(400);
			const signup = await postAction(direct, '/signup', {
				joinCode: 'ZZZZZZ',
				displayName: 'Direct',
				username: 'direct',
				password: STUDENT_PASSWORD,
				confirmPassword: STUDENT_PASSWORD
			});
			expect(statusOf(signup)).toBe(400);
		});

		test('class codes cannot be guessed at speed, signed in or not', async () => {
			const guesser = await browser('203.0.113.40');
			const signups = await Promise.all(
				Array.from({ length: 100 }, (_, i) =>
					postAction(guesser, '/signup', {
						joinCode: `ZZZ${String(i).padStart(3, '0')}`,
						displayName: 'Guesser',
						username: `guesser${i}`,
						password: STUDENT_PASSWORD,
						confirmPassword: STUDENT_PASSWORD
					})
				)
			);
			expect(tally(signups)).toEqual({ 400: 60, 429: 40 });

			const signedIn = await student('fay');
			const tries = Array.from({ length: 18 }, (_, i) =>
				postAction(signedIn, '/learn?/joinClass', { joinCode: `YYY${String(i).padStart(3, '0')}` })
			);
			expect(tally(await Promise.all(tries))).toEqual({ 400: 10, 429: 8 });
			// The right code still opens a class for a student at another address.
			const classmate = await browser('203.0.113.41');
			const joined = await postAction(classmate, '/signup', {
				joinCode,
				displayName: 'Gil Late',
				username: 'gil',
				password: STUDENT_PASSWORD,
				confirmPassword: STUDENT_PASSWORD
			});
			expect(joined).toMatchObject({ type: 'redirect', location: '/learn' });
		});

		test('a hundred answers to one question sent at once are all stored, none a 500', async () => {
			const hana = await student('hana');
			await hana.get(`${MODULE}/what-do-other-sources-say`);
			const ids = Array.from({ length: 100 }, () => randomUUID());
			const results = await Promise.all(
				ids.map((submissionId, i) =>
					postAction(hana, `${MODULE}/what-do-other-sources-say?/answer`, {
						questionId: 'lateral-plan',
						submissionId,
						text: `${PLAN_TEXT} (burst ${i})`
					})
				)
			);
			expect(tally(results)).toEqual({ 303: 100 });
			// A resend of one of them in upper case is the same submission, not a second answer.
			const resent = await postAction(hana, `${MODULE}/what-do-other-sources-say?/answer`, {
				questionId: 'lateral-plan',
				submissionId: ids[7]!.toUpperCase(),
				text: `${PLAN_TEXT} (burst 7)`
			});
			expect(resent).toMatchObject({ type: 'redirect' });
			const csv = await (
				await teacher.get(`/teach/assignments/${assignmentId}/export/attempts.csv`)
			).text();
			expect(csv.match(/\(burst \d+\)/g)).toHaveLength(100);
		});

		test('text-direction controls are refused wherever text reaches a teacher', async () => {
			const reversed = 'Period 2 \u202Eevil\u202C';
			const klass = await postAction(teacher, '/teach?/createClass', { name: reversed });
			expect(statusOf(klass)).toBe(400);
			expect(JSON.stringify(klass)).toContain('text-direction');
			expect(await (await teacher.get('/teach')).text()).not.toContain('evil');

			const ivy = await student('ivy');
			const answer = await postAction(ivy, `${MODULE}/what-do-other-sources-say?/answer`, {
				questionId: 'lateral-plan',
				submissionId: randomUUID(),
				text: `${PLAN_TEXT} \u2066reversed\u2069`
			});
			expect(statusOf(answer)).toBe(400);
			const attemptId = randomUUID();
			expect(
				await postAction(ivy, `${MODULE}/what-do-other-sources-say?/answer`, {
					questionId: 'lateral-plan',
					submissionId: attemptId,
					text: PLAN_TEXT
				})
			).toMatchObject({ type: 'redirect' });
			const review = await postAction(
				teacher,
				`/teach/assignments/${assignmentId}/review?question=lateral-plan&/review`,
				{ attemptId, comment: 'Splendid \u202Ereversal', 'level-claim': '2' }
			);
			expect(statusOf(review)).toBe(400);
			const csv = await (
				await teacher.get(`/teach/assignments/${assignmentId}/export/attempts.csv`)
			).text();
			expect(csv).not.toContain('reversed');
			expect(csv).not.toContain('Splendid');
		});
	});
}

test.describe('however the server is started', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'byline-bare-'));
	test.afterAll(async () => {
		await killAllServers();
		rmSync(dir, { recursive: true, force: true });
	});

	test('a chunked body over 64 KB is refused under a bare `node build` too', async () => {
		const server = await startServer(4392, { DATA_DIR: dir }, undefined, 'build');
		const { teacher } = await setUpClass(server.url);
		const cookie = (await teacher.storageState()).cookies
			.map((c) => `${c.name}=${c.value}`)
			.join('; ');
		const createClass = (body: string) =>
			postChunked(`${server.url}/teach?/createClass`, body, { cookie, origin: server.url });
		const huge = new URLSearchParams({ name: `Huge ${'x'.repeat(400_000)}` }).toString();
		expect(await createClass(huge)).toBe(413);
		expect(await (await teacher.get('/teach')).text()).not.toContain('Huge');
		// A small form sent in chunks still goes through.
		expect(await createClass('name=Chunked%20class')).toBe(200);
		expect(await (await teacher.get('/teach')).text()).toContain('Chunked class');
		await teacher.dispose();
	});

	test('an https site tells browsers to keep to https', async () => {
		const secure = await startServer(
			4393,
			{ DATA_DIR: path.join(dir, 'https') },
			'https://byline.test'
		);
		const response = await fetch(`${secure.url}/login`);
		expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
		const plainServer = await startServer(4394, { DATA_DIR: path.join(dir, 'http') });
		const plain = await fetch(`${plainServer.url}/login`);
		expect(plain.status).toBe(200);
		expect(plain.headers.get('strict-transport-security')).toBeNull();
	});
});
