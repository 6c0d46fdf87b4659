// Scenarios of a school day, each an open-loop load (open-loop.js) on a running server: a
// district's students working through a lesson in the same hour, a class opening the lesson when
// the bell rings, and a class signing in.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { verify } from '@node-rs/argon2';
import { formFieldsOf, writtenText } from './lesson-answers.js';
import { cpuMsOfTree, databaseCpu, databaseCpuSince, multipartBody } from './load.js';
import { runOpenLoop } from './open-loop.js';

/** A student does one thing (opens a step, autosaves, answers) this often. */
const STUDENT_PERIOD_MS = 10_000;
const LESSON_HOUR_STEPS = [1000, 2000, 4000, 6000, 8000, 10_000, 12_000, 15_000];
/** Of a student's requests: step pages, then draft autosaves; the rest are answers. */
const MIX = { page: 0.4, draft: 0.4 };

/** A small seeded generator, so every run sends the same mix. */
function randomFrom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pickFrom = (random, list) => list[Math.floor(random() * list.length)];

/** An enhanced form's post to a step's action, as the lesson page sends it. */
function actionPost(origin, stepPath, action, cookie, fields) {
	const { contentType, body } = multipartBody(fields);
	return {
		method: 'POST',
		path: `${stepPath}?/${action}`,
		headers: {
			origin,
			cookie,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': contentType
		},
		body
	};
}

/** A step's page: 200, and the page of that step (its slug is in the page's data). */
const isStepPage = (status, body, slug) =>
	status === 200 && body.includes('</title>') && body.includes(`"${slug}"`);

/**
 * The requests a student of the lesson makes: a step's page, a draft autosaved, an answer. Drafts
 * go to any question (the page autosaves every kind); answers only to questions that take
 * retries, so every one is accepted (a question marked `once` refuses a second answer with 409),
 * two thirds of them right.
 */
function lessonRequests(origin, lesson, moduleId) {
	const random = randomFrom(20260115);
	const stepOf = new Map();
	for (const step of lesson.steps) {
		for (const questionId of step.questionIds) stepOf.set(questionId, step.slug);
	}
	const stepPath = (slug) => `/learn/${moduleId}/${slug}`;
	const questions = [...lesson.questions.values()];
	// Each question as likely as another, whatever the number of drafts made for it.
	const drafts = questions.map((question) => {
		const answers =
			question.type === 'written'
				? Array.from({ length: 8 }, () => ({
						type: 'written',
						text: writtenText(random, Math.max(10, question.minWords - 10)),
						selfAssessment: {}
					}))
				: question.drafts;
		for (const answer of answers) {
			if (!lesson.accepts(question.id, answer, null, false)) {
				throw new Error(`The bench made a draft the app refuses for ${question.id}`);
			}
		}
		return { question, fields: answers.map((answer) => formFieldsOf(answer, null)) };
	});
	const retryable = questions.filter((question) => !question.once);
	if (retryable.length === 0) throw new Error(`No question of ${moduleId} takes a second answer`);
	const answer = (question, right) =>
		question.type === 'written'
			? { type: 'written', text: writtenText(random, question.minWords), selfAssessment: {} }
			: pickFrom(random, right ? question.right : question.wrong).answer;
	for (const question of retryable) {
		const confidence = question.confidence ? 'medium' : null;
		for (const right of [true, false]) {
			if (!lesson.accepts(question.id, answer(question, right), confidence, true)) {
				throw new Error(`The bench made an answer the app refuses for ${question.id}`);
			}
		}
	}

	return {
		page(cookie) {
			const { slug } = pickFrom(random, lesson.steps);
			return {
				kind: 'page',
				request: { method: 'GET', path: stepPath(slug), headers: { cookie } },
				expect: (status, body) => isStepPage(status, body, slug)
			};
		},
		draft(cookie) {
			const { question, fields } = pickFrom(random, drafts);
			return {
				kind: 'draft',
				request: actionPost(origin, stepPath(stepOf.get(question.id)), 'draft', cookie, [
					['questionId', question.id],
					...pickFrom(random, fields)
				]),
				expect: (status, body) => status === 200 && body.includes('"type":"success"')
			};
		},
		answer(cookie) {
			const question = pickFrom(random, retryable);
			const given = answer(question, random() < 2 / 3);
			return {
				kind: 'answer',
				request: actionPost(origin, stepPath(stepOf.get(question.id)), 'answer', cookie, [
					['questionId', question.id],
					...formFieldsOf(given, question.confidence ? 'medium' : null),
					['elapsedMs', String(4000 + Math.floor(random() * 60_000))],
					['submissionId', randomUUID()]
				]),
				expect: (status, body) => status === 200 && body.includes('"type":"redirect"')
			};
		}
	};
}

/** The figures of one open-loop run that a report needs, rounded. */
function summary(result) {
	const ms = (value) => Math.round(value * 10) / 10;
	return {
		sent: result.sent,
		ok: result.ok,
		errors: result.errors,
		failed: result.failed,
		statuses: result.statuses,
		p50Ms: ms(result.p50Ms),
		p90Ms: ms(result.p90Ms),
		p99Ms: ms(result.p99Ms),
		maxMs: ms(result.maxMs),
		meanMs: ms(result.meanMs),
		offeredRatePerSecond: ms(result.offeredRatePerSecond),
		achievedRatePerSecond: ms(result.achievedRatePerSecond),
		lateSends: result.lateSends,
		seconds: ms(result.seconds),
		maxInFlight: result.maxInFlight,
		connectionsOpened: result.connectionsOpened,
		serverCpuMsPerRequest: Math.round(result.serverCpuMsPerRequest * 100) / 100,
		databaseCpuMsPerRequest: Math.round(result.databaseCpuMsPerRequest * 100) / 100,
		clientCpuMsPerRequest: Math.round(result.clientCpuMsPerRequest * 100) / 100,
		othersShare: Math.round(result.othersShare * 100) / 100,
		...(result.byLabel && {
			byLabel: Object.fromEntries(
				Object.entries(result.byLabel).map(([name, group]) => [
					name,
					{ ...group, p50Ms: ms(group.p50Ms), p99Ms: ms(group.p99Ms), maxMs: ms(group.maxMs) }
				])
			)
		}),
		...(result.samples.length > 0 && { samples: result.samples })
	};
}

/**
 * `students` signed-in students each doing one thing every 10 s, each at a random phase of those
 * 10 s (so `students / 10` requests a second): 40% open a step's page, 40% autosave a draft, 20%
 * answer. Requests due in the first `warmupSeconds` are not measured.
 */
async function lessonHourRun({
	origin,
	serverPid,
	databasePids,
	cookies,
	lesson,
	moduleId,
	students,
	seconds,
	warmupSeconds,
	timeoutMs,
	connectionPerRequest
}) {
	const random = randomFrom(students);
	const totalMs = (warmupSeconds + seconds) * 1000;
	const due = [];
	for (let student = 0; student < students; student++) {
		for (let at = random() * STUDENT_PERIOD_MS; at < totalMs; at += STUDENT_PERIOD_MS) {
			due.push({ at, student });
		}
	}
	due.sort((a, b) => a.at - b.at);
	const requests = lessonRequests(origin, lesson, moduleId);
	const made = due.map(({ student }) => {
		const cookie = cookies[student];
		const draw = random();
		if (draw < MIX.page) return requests.page(cookie);
		if (draw < MIX.page + MIX.draft) return requests.draft(cookie);
		return requests.answer(cookie);
	});
	const result = await runOpenLoop({
		origin,
		serverPid,
		databasePids,
		schedule: due.map((d) => d.at),
		warmupMs: warmupSeconds * 1000,
		timeoutMs,
		connectionPerRequest,
		request: (n) => made[n].request,
		expect: (status, body, n) => made[n].expect(status, body),
		label: (n) => made[n].kind
	});
	return { students, ratePerSecond: students / (STUDENT_PERIOD_MS / 1000), ...summary(result) };
}

/**
 * The district's lesson hour: the largest number of signed-in students, each doing one thing
 * every 10 s (40% step pages across the module's steps, 40% draft autosaves, 20% answers), that
 * the server serves with a p99 under `p99LimitMs` and no failure. Steps up through `steps` (as
 * many as there are `cookies`), each measured for `seconds` after `warmupSeconds`, and stops at
 * the first that fails; then, while the gap is wider than `resolution` students, up to
 * `bisections` runs between the last pass and the first failure.
 *
 * `cookies` are signed-in students' session cookies (seed.js's createSessions), each a student of
 * a class the module `moduleId` (default: the lesson's) is assigned to; `lesson` is loadLesson's.
 * Requests share up to 2,000 keep-alive connections, as behind a proxy that pools them;
 * `connectionPerRequest` opens one for each instead, as browsers reaching the server directly
 * would (a student's browser is idle 10 s between requests, past the server's 5 s keep-alive).
 *
 * @param {{ origin: string, serverPid: number, databasePids?: () => Promise<number[]>,
 *   cookies: string[], lesson: any, moduleId?: string, steps?: number[], seconds?: number,
 *   warmupSeconds?: number, p99LimitMs?: number, resolution?: number, bisections?: number,
 *   timeoutMs?: number, connectionPerRequest?: boolean, log?: (message: string) => void }} options
 * @returns {Promise<{ largestPassing: number, p99LimitMs: number, runs: object[] }>} every run's
 *   figures (students, ratePerSecond, passed, p50Ms, p99Ms, errors, byLabel, ...) in the order run
 */
export async function districtLessonHour({
	origin,
	serverPid,
	databasePids,
	cookies,
	lesson,
	moduleId = lesson.id,
	steps = LESSON_HOUR_STEPS,
	seconds = 10,
	warmupSeconds = 3,
	p99LimitMs = 100,
	resolution = 500,
	bisections = 2,
	timeoutMs = 10_000,
	connectionPerRequest = false,
	log = () => {}
}) {
	const runs = [];
	const attempt = async (students) => {
		const figures = await lessonHourRun({
			origin,
			serverPid,
			databasePids,
			cookies,
			lesson,
			moduleId,
			students,
			seconds,
			warmupSeconds,
			timeoutMs,
			connectionPerRequest
		});
		const run = { ...figures, passed: figures.failed === 0 && figures.p99Ms < p99LimitMs };
		runs.push(run);
		log(
			`lesson hour, ${students} students (${run.ratePerSecond}/s): p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ` +
				`${run.failed} failed, ${run.lateSends} sent late: ${run.passed ? 'pass' : 'fail'}`
		);
		// A failed run leaves a backlog; the next starts on a server that has caught up.
		await sleep(run.passed ? 1000 : 5000);
		return run.passed;
	};

	let passing = 0;
	let failing = null;
	for (const students of steps.filter((n) => n <= cookies.length)) {
		if (await attempt(students)) passing = students;
		else {
			failing = students;
			break;
		}
	}
	for (let i = 0; i < bisections && failing !== null && failing - passing > resolution; i++) {
		const students = Math.round((passing + failing) / 2 / 100) * 100;
		if (await attempt(students)) passing = students;
		else failing = students;
	}
	return { largestPassing: passing, p99LimitMs, runs };
}

/**
 * The bell rings: `students` signed-in students (one cookie each) open a step of the lesson (the
 * first by default) at uniformly random times within `seconds`, each on a connection of its own
 * as a crowd of browsers would (`connectionPerRequest: false` shares keep-alive connections).
 * Passes with a p99 under `p99LimitMs` and no failure.
 */
export async function bellRings({
	origin,
	serverPid,
	databasePids,
	cookies,
	lesson,
	moduleId = lesson.id,
	step = lesson.steps[0].slug,
	students = 1000,
	seconds = 10,
	p99LimitMs = 1000,
	timeoutMs = 30_000,
	connectionPerRequest = true
}) {
	if (cookies.length < students) {
		throw new Error(`The bell rings for ${students} students but only ${cookies.length} cookies`);
	}
	const random = randomFrom(1000 + students);
	const schedule = Array.from({ length: students }, () => random() * seconds * 1000).sort(
		(a, b) => a - b
	);
	const result = await runOpenLoop({
		origin,
		serverPid,
		databasePids,
		schedule,
		timeoutMs,
		connectionPerRequest,
		request: (n) => ({
			method: 'GET',
			path: `/learn/${moduleId}/${step}`,
			headers: { cookie: cookies[n] }
		}),
		expect: (status, body) => isStepPage(status, body, step)
	});
	const figures = summary(result);
	return {
		students,
		seconds,
		step,
		p99LimitMs,
		passed: figures.failed === 0 && figures.p99Ms < p99LimitMs,
		...figures
	};
}

/** A sign-in through the login form, as signIn in server.js posts it. */
function signInRequest(origin, username, password) {
	return {
		method: 'POST',
		path: '/login',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ username, password }).toString()
	};
}

const signedIn = (status, headers) =>
	status === 303 &&
	[headers['set-cookie'] ?? []].flat().some((cookie) => cookie.startsWith('byline_session='));

/** Sign-ins before the idle ones that are timed. */
const IDLE_WARMUP = 2;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * A class signs in with the real password: `burst` sign-ins within `burstSeconds`, then `crowd`
 * within `crowdSeconds` (each at a uniformly random time), each a different student from
 * `usernames` (`2 + idleSignIns + burst + crowd` of them). Before them, on the idle server,
 * `idleSignIns` sign-ins one at a time (after two unmeasured) give the time of one sign-in and
 * the server's CPU per sign-in (with its database's), and `argon2VerifyMs` is one argon2id
 * verification of `passwordHash` (every seeded account's) timed in this process.
 *
 * Every address's failed sign-ins are limited (src/lib/server/rate-limits.ts); right passwords give
 * their try back, so none should be refused: `rateLimited` counts 429s.
 */
export async function classSignsIn({
	origin,
	serverPid,
	databasePids,
	usernames,
	password,
	passwordHash,
	burst = 30,
	burstSeconds = 1,
	crowd = 300,
	crowdSeconds = 60,
	idleSignIns = 10,
	timeoutMs = 30_000
}) {
	const needed = IDLE_WARMUP + idleSignIns + burst + crowd;
	if (usernames.length < needed) {
		throw new Error(`A class signing in needs ${needed} usernames, not ${usernames.length}`);
	}
	let argon2VerifyMs = null;
	if (passwordHash) {
		const times = [];
		for (let i = 0; i < 5; i++) {
			const started = performance.now();
			if (!(await verify(passwordHash, password)))
				throw new Error('The password hash is not of this password');
			times.push(performance.now() - started);
		}
		argon2VerifyMs = Math.round(median(times) * 10) / 10;
	}

	const signInAlone = async (username) => {
		const started = performance.now();
		const { method, path, headers, body } = signInRequest(origin, username, password);
		const response = await fetch(`${origin}${path}`, { method, headers, body, redirect: 'manual' });
		await response.arrayBuffer();
		if (!signedIn(response.status, { 'set-cookie': response.headers.getSetCookie() })) {
			throw new Error(`Signing in as ${username} on the idle server answered ${response.status}`);
		}
		return performance.now() - started;
	};
	// The first sign-ins of a server compile its code and start the hashing threads.
	for (const username of usernames.slice(0, IDLE_WARMUP)) await signInAlone(username);
	const idle = [];
	const databaseBefore = await databaseCpu(databasePids);
	const cpuBefore = cpuMsOfTree(serverPid);
	for (const username of usernames.slice(IDLE_WARMUP, IDLE_WARMUP + idleSignIns)) {
		idle.push(await signInAlone(username));
	}
	const idleCpuMs =
		(cpuMsOfTree(serverPid) - cpuBefore + (await databaseCpuSince(databasePids, databaseBefore))) /
		Math.max(1, idleSignIns);

	const signInsOf = async (names, seconds, seed) => {
		const random = randomFrom(seed);
		const schedule = names.map(() => random() * seconds * 1000).sort((a, b) => a - b);
		const result = await runOpenLoop({
			origin,
			serverPid,
			databasePids,
			schedule,
			timeoutMs,
			request: (n) => signInRequest(origin, names[n], password),
			expect: (status, _body, _n, headers) => signedIn(status, headers)
		});
		return {
			count: names.length,
			seconds,
			rateLimited: result.statuses[429] ?? 0,
			...summary(result)
		};
	};
	const start = IDLE_WARMUP + idleSignIns;
	const burstFigures = await signInsOf(usernames.slice(start, start + burst), burstSeconds, 30);
	const crowdFigures = await signInsOf(
		usernames.slice(start + burst, start + burst + crowd),
		crowdSeconds,
		300
	);
	return {
		argon2VerifyMs,
		idle: {
			signIns: idleSignIns,
			medianMs: Math.round(median(idle) * 10) / 10,
			serverCpuMsPerSignIn: Math.round(idleCpuMs * 10) / 10
		},
		burst: burstFigures,
		crowd: crowdFigures
	};
}
