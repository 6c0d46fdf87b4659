import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudentToClass } from '$lib/server/classes';
import { assignModule } from '$lib/server/assignments';
import { recordStepVisit, saveDraft, submitAttempt } from '$lib/server/attempts';
import { workOf } from '../fixtures/answers';
import { recordReview } from '$lib/server/reviews';
import { createSession } from '$lib/server/auth';
import { WrongPasswordError } from '$lib/server/users';
import { reserveSignIn } from '$lib/server/guess-limits';
import {
	LastAdministratorError,
	deleteOwnAccount,
	exportUserData,
	isLastAdministrator
} from '$lib/server/privacy';
import type { Db } from '$lib/server/db';
import { createTestDb, engines, rowsOf, type TestDb } from '../fixtures/db';
import { PASSWORD, makeClass, makeUser } from '../fixtures/people';

const TABLES = [
	'users',
	'sessions',
	'rate_limits',
	'known_sign_ins',
	'classes',
	'class_members',
	'progress',
	'attempts',
	'drafts',
	'assignments',
	'reviews',
	'score_overrides'
] as const;

const everyRow = (db: Db) => rowsOf(db, TABLES);

/** A teacher, a class with the module assigned, and a student who has answered and been reviewed. */
async function classWithWork(db: Db) {
	const teacher = await makeUser(db, 'teacher');
	const klass = await makeClass(db, teacher.id, 'Media 9');
	await assignModule(db, teacher.id, klass.id, {
		moduleId: 'tajik-border',
		moduleVersion: 1,
		opensAt: null,
		dueAt: null
	});
	const student = await makeUser(db, 'student');
	await addStudentToClass(db, klass.id, student.id);
	await createSession(db, student.id);
	const work = (await workOf(db, student.id))!;
	await recordStepVisit(db, work, 'who');
	await submitAttempt(db, {
		...work,
		questionId: 'conclusion',
		stepSlug: 'who',
		answer: { type: 'written', text: 'It is advocacy <b>not</b> news.', selfAssessment: {} },
		confidence: null,
		score: null,
		correct: false,
		elapsedMs: 61_000,
		once: false,
		moduleQuestionIds: ['conclusion', 'who-credit']
	});
	await saveDraft(db, {
		...work,
		questionId: 'who-credit',
		answer: { type: 'single', options: ['farsi'] }
	});
	const attempt = await db
		.selectFrom('attempts')
		.select('id')
		.where('student_id', '=', student.id)
		.executeTakeFirstOrThrow();
	await recordReview(db, teacher.id, attempt.id, {
		rubric: { claim: 2, evidence: 2, sourcing: 1, fairness: 1 },
		comment: 'Quote the sentence you mean.'
	});
	// A wrong password from the school's address, and a browser the student signed in from.
	await reserveSignIn(db, {
		username: student.username,
		address: '203.0.113.9',
		accountExists: true,
		knownBrowserHash: null,
		knownAddress: false
	});
	await db
		.insertInto('known_sign_ins')
		.values(
			(['browser', 'address'] as const).map((kind) => ({
				kind,
				value_hash: kind[0]!.repeat(64),
				user_id: student.id,
				last_sign_in_at: Date.now()
			}))
		)
		.execute();
	return { teacher, klass, student };
}

describe.each(engines)('privacy: download and deletion on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it("gives a student everything stored about them, and nothing of anyone else's", async () => {
		const { student, teacher } = await classWithWork(t.db);
		const other = await classWithWork(t.db);

		const data = await exportUserData(t.db, student.id);

		expect(data.account).toMatchObject({ username: student.username, role: 'student' });
		expect(data.classesJoined).toEqual([
			expect.objectContaining({ class: 'Media 9', teacher: teacher.display_name })
		]);
		expect(data.progress).toEqual([
			expect.objectContaining({ module: 'tajik-border', currentStep: 'who' })
		]);
		expect(data.answers).toEqual([
			expect.objectContaining({
				question: 'conclusion',
				answer: { type: 'written', text: 'It is advocacy <b>not</b> news.', selfAssessment: {} },
				secondsTaken: 61,
				teacherReview: expect.objectContaining({ comment: 'Quote the sentence you mean.' })
			})
		]);
		expect(data.unfinishedAnswers).toEqual([
			expect.objectContaining({
				question: 'who-credit',
				answer: { type: 'single', options: ['farsi'] }
			})
		]);
		expect(data.sessions).toHaveLength(1);
		const text = JSON.stringify(data);
		expect(text).not.toContain('argon2');
		expect(text).not.toContain(other.student.username);
		expect(text).not.toContain(student.password_hash);
	});

	it('gives a teacher their classes, assignments and the reviews they wrote', async () => {
		const { teacher, student } = await classWithWork(t.db);

		const data = await exportUserData(t.db, teacher.id);

		expect(data.classesTaught).toEqual([
			expect.objectContaining({
				class: 'Media 9',
				students: 1,
				assignments: [expect.objectContaining({ module: 'tajik-border' })]
			})
		]);
		expect(data.reviewsWritten).toEqual([
			expect.objectContaining({
				student: student.username,
				comment: 'Quote the sentence you mean.'
			})
		]);
		expect(data.answers).toEqual([]);
	});

	it("deletes a student's account with all their data, and leaves everyone else's", async () => {
		const { student, teacher, klass } = await classWithWork(t.db);
		const before = await everyRow(t.db);
		const theirIds = [
			student.id,
			...before.attempts
				.filter((a) => JSON.stringify(a).includes(student.id))
				.map((a) => (a as { id: string }).id)
		];

		await deleteOwnAccount(t.db, student.id, PASSWORD);

		const after = await everyRow(t.db);
		const mentionsStudent = (row: unknown) =>
			theirIds.some((id) => JSON.stringify(row).includes(id));
		const aboutStudent = (row: unknown) =>
			mentionsStudent(row) || (row as { subject?: string }).subject === student.username;
		expect(before.rate_limits.filter(aboutStudent)).not.toEqual([]);
		expect(before.known_sign_ins.filter(aboutStudent)).toHaveLength(2);
		for (const table of TABLES) {
			expect(after[table].filter(aboutStudent), table).toEqual([]);
			expect(after[table], table).toEqual(before[table].filter((row) => !aboutStudent(row)));
		}
		// The school address's count is no one's personal data, and stays.
		expect(after.rate_limits).toContainEqual(
			expect.objectContaining({ key: 'signin:address:["203.0.113.9"]' })
		);
		const stillThere = await t.db
			.selectFrom('classes')
			.select('id')
			.where('teacher_id', '=', teacher.id)
			.execute();
		expect(stillThere).toEqual([{ id: klass.id }]);
	});

	it("deletes a teacher's classes but keeps the students and their answers", async () => {
		const { teacher, student } = await classWithWork(t.db);

		await deleteOwnAccount(t.db, teacher.id, PASSWORD);

		const classes = await t.db
			.selectFrom('classes')
			.select('id')
			.where('teacher_id', '=', teacher.id)
			.execute();
		expect(classes).toEqual([]);
		const answers = await exportUserData(t.db, student.id);
		expect(answers.answers).toHaveLength(1);
		expect(answers.answers[0]!.teacherReview).toMatchObject({
			comment: 'Quote the sentence you mean.'
		});
		expect(answers.classesJoined).toEqual([]);
	});

	it('changes nothing when the password is wrong, or when it is the only administrator', async () => {
		const { student } = await classWithWork(t.db);
		const admin = await makeUser(t.db, 'admin');
		const before = await everyRow(t.db);

		await expect(deleteOwnAccount(t.db, student.id, 'not the password')).rejects.toBeInstanceOf(
			WrongPasswordError
		);
		expect(await isLastAdministrator(t.db, admin.id)).toBe(true);
		expect(await isLastAdministrator(t.db, student.id)).toBe(false);
		await expect(deleteOwnAccount(t.db, admin.id, PASSWORD)).rejects.toBeInstanceOf(
			LastAdministratorError
		);
		expect(await everyRow(t.db)).toEqual(before);

		const second = await makeUser(t.db, 'admin');
		await deleteOwnAccount(t.db, admin.id, PASSWORD);
		const admins = await t.db
			.selectFrom('users')
			.select('id')
			.where('role', '=', 'admin')
			.execute();
		expect(admins).toEqual([{ id: second.id }]);
	});
});
