// Nothing a student was told is saved may be lost when the server dies, and nothing may be
// counted twice when the browser sends an answer again. The server is killed with SIGKILL in the
// middle of a burst of answers, restarted on the same data, and checked through the teacher's
// export and directly in the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { CONCLUSION_TEXT, MODULE, PLAN_TEXT } from './lesson-plan';
import {
	createTestDatabase,
	dropTestDatabase,
	killAllServers,
	postAction,
	setUpClass,
	signUpStudent,
	startServer,
	type AppServer
} from './servers';

const STUDENTS = 4;
const SUBMISSIONS = 300;
const IN_FLIGHT = 24;
const KILL_AFTER_ACKNOWLEDGED = 80;

// Written questions take retries, and each answer names its submission id, so a stored copy of
// a submission can be told from another attempt in the teacher's export.
const QUESTIONS = [
	{ step: 'what-do-other-sources-say', questionId: 'lateral-plan', text: PLAN_TEXT },
	{ step: 'your-conclusion', questionId: 'conclusion', text: CONCLUSION_TEXT }
];

type Submission = { student: number; question: (typeof QUESTIONS)[number]; submissionId: string };

const label = (submissionId: string) => `(submission ${submissionId})`;

function answer(client: APIRequestContext, submission: Submission) {
	const { question, submissionId } = submission;
	return postAction(client, `${MODULE}/${question.step}?/answer`, {
		questionId: question.questionId,
		submissionId,
		text: `${question.text} ${label(submissionId)}`
	});
}

/**
 * Sends the submissions, IN_FLIGHT at a time, and SIGKILLs the server once enough are
 * acknowledged. Returns what was acknowledged (a 303 to the feedback) and what was sent without
 * an answer; anything else the server says before the kill is a failure of its own.
 */
async function burstThenKill(
	server: AppServer,
	students: APIRequestContext[],
	submissions: Submission[]
) {
	const acknowledged: Submission[] = [];
	const unanswered: Submission[] = [];
	const unexpected: string[] = [];
	let next = 0;
	let inFlight = 0;
	let inFlightAtKill = 0;
	let killed = false;
	async function sender() {
		while (!killed && next < submissions.length) {
			const submission = submissions[next++]!;
			inFlight += 1;
			try {
				const result = await answer(students[submission.student]!, submission);
				if (result.type === 'redirect') acknowledged.push(submission);
				else unexpected.push(JSON.stringify(result));
			} catch (cause) {
				unanswered.push(submission);
				if (!killed) unexpected.push(String(cause));
			} finally {
				inFlight -= 1;
			}
			if (!killed && acknowledged.length >= KILL_AFTER_ACKNOWLEDGED) {
				killed = true;
				inFlightAtKill = inFlight;
				server.child.kill('SIGKILL');
			}
		}
	}
	await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
	await server.exited;
	return { acknowledged, unanswered, unexpected, inFlightAtKill, sent: next };
}

type StoredAttempt = {
	id: string;
	student_id: string;
	question_id: string;
	attempt_no: number;
	answer: string;
};

const STORED_ATTEMPTS_SQL =
	'select id, student_id, question_id, attempt_no, answer from attempts order by student_id, question_id, attempt_no';

async function readAttempts(target: { dataDir: string } | { databaseUrl: string }) {
	if ('dataDir' in target) {
		const db = new SQLite(path.join(target.dataDir, 'byline.sqlite'), {
			readonly: true,
			fileMustExist: true
		});
		try {
			return db.prepare(STORED_ATTEMPTS_SQL).all() as StoredAttempt[];
		} finally {
			db.close();
		}
	}
	const client = new pg.Client({ connectionString: target.databaseUrl });
	await client.connect();
	try {
		return (await client.query<StoredAttempt>(STORED_ATTEMPTS_SQL)).rows;
	} finally {
		await client.end();
	}
}

/** Problems with the stored attempts: an answer under another submission's id, or a gap in the numbering. */
function inconsistencies(rows: StoredAttempt[]): string[] {
	const problems: string[] = [];
	const numbers = new Map<string, number[]>();
	for (const row of rows) {
		const text = (JSON.parse(row.answer) as { text: string }).text;
		if (!text.endsWith(label(row.id))) problems.push(`${row.id} holds "${text.slice(-60)}"`);
		const key = `${row.student_id} ${row.question_id}`;
		numbers.set(key, [...(numbers.get(key) ?? []), Number(row.attempt_no)]);
	}
	for (const [key, attemptNos] of numbers) {
		const expected = attemptNos.map((_, i) => i + 1);
		if (attemptNos.join() !== expected.join()) problems.push(`${key}: attempts ${attemptNos}`);
	}
	return problems;
}

let clients: APIRequestContext[] = [];
let cleanups: (() => Promise<void> | void)[] = [];

test.afterEach(async () => {
	await killAllServers();
	await Promise.all(clients.map((client) => client.dispose()));
	for (const cleanup of cleanups) await cleanup();
	clients = [];
	cleanups = [];
});

for (const engine of ['SQLite', 'PostgreSQL'] as const) {
	test(`answers acknowledged before a crash are all kept, and none counts twice (${engine})`, async () => {
		let env: { DATA_DIR: string } | { DATABASE_URL: string };
		let target: { dataDir: string } | { databaseUrl: string };
		if (engine === 'SQLite') {
			const dataDir = mkdtempSync(path.join(tmpdir(), 'byline-crash-'));
			cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
			env = { DATA_DIR: dataDir };
			target = { dataDir };
		} else {
			const databaseUrl = await createTestDatabase('byline_crash');
			test.skip(
				databaseUrl === null,
				'Set TEST_DATABASE_URL to a PostgreSQL server (a database is created on it) to run this.'
			);
			cleanups.push(() => dropTestDatabase(databaseUrl!));
			env = { DATABASE_URL: databaseUrl! };
			target = { databaseUrl: databaseUrl! };
		}
		const port = engine === 'SQLite' ? 4380 : 4381;
		const first = await startServer(port, env);

		const { teacher, joinCode, assignmentId } = await setUpClass(first.url);
		clients.push(teacher);
		const students: APIRequestContext[] = [];
		for (let i = 0; i < STUDENTS; i++) {
			const username = `crash${i}`;
			students.push(await signUpStudent(first.url, joinCode, username, `Crash Student ${i}`));
		}
		clients.push(...students);

		const submissions: Submission[] = Array.from({ length: SUBMISSIONS }, (_, i) => ({
			student: i % STUDENTS,
			question: QUESTIONS[Math.floor(i / STUDENTS) % QUESTIONS.length]!,
			submissionId: randomUUID()
		}));
		const burst = await burstThenKill(first, students, submissions);
		expect(burst.unexpected, 'answers before the kill all succeed').toEqual([]);
		expect(burst.acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKNOWLEDGED);
		expect(burst.inFlightAtKill, 'the kill lands with answers in flight').toBeGreaterThan(0);
		const sent = submissions.slice(0, burst.sent);
		const neverSent = submissions.slice(burst.sent);

		await startServer(port, env);

		const exportPath = `/teach/assignments/${assignmentId}/export/attempts.csv`;
		const exported = async () => (await teacher.get(exportPath)).text();
		const copiesIn = (csv: string, submission: Submission) =>
			csv.split(label(submission.submissionId)).length - 1;
		let csv = await exported();
		expect(
			burst.acknowledged.filter((s) => copiesIn(csv, s) !== 1).map((s) => s.submissionId),
			'acknowledged answers missing or doubled in the teacher export'
		).toEqual([]);
		expect(burst.unanswered.filter((s) => copiesIn(csv, s) > 1)).toEqual([]);
		expect(neverSent.filter((s) => copiesIn(csv, s) > 0)).toEqual([]);

		let rows = await readAttempts(target);
		const storedIds = new Set(rows.map((row) => row.id));
		expect(
			burst.acknowledged.filter((s) => !storedIds.has(s.submissionId)).map((s) => s.submissionId),
			'acknowledged answers missing from the database'
		).toEqual([]);
		expect(inconsistencies(rows)).toEqual([]);
		const sentIds = new Set(sent.map((s) => s.submissionId));
		expect(rows.filter((row) => !sentIds.has(row.id))).toEqual([]);
		const storedUnanswered = burst.unanswered.filter((s) => storedIds.has(s.submissionId));
		test.info().annotations.push({
			type: 'burst',
			description: `${burst.acknowledged.length} acknowledged, ${burst.inFlightAtKill} in flight at the kill, ${storedUnanswered.length} of ${burst.unanswered.length} unanswered ones stored`
		});

		// A browser that got no answer sends again with the same id, and so may one that did.
		const resent = [...burst.unanswered, ...burst.acknowledged.slice(0, 3)];
		for (const submission of resent) {
			const result = await answer(students[submission.student]!, submission);
			expect(result.type, `resending ${submission.submissionId}`).toBe('redirect');
		}
		csv = await exported();
		expect(
			sent.filter((s) => copiesIn(csv, s) !== 1).map((s) => s.submissionId),
			'after resending, every sent answer is in the export once'
		).toEqual([]);
		rows = await readAttempts(target);
		expect(rows.length).toBe(sent.length);
		expect(inconsistencies(rows)).toEqual([]);
	});
}
