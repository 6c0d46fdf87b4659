import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, getTeacherClass, setJoinCode } from '$lib/server/classes';
import {
	bulkAddStudents,
	deleteStudentAccount,
	listRoster,
	removeStudentFromClass,
	resetStudentPassword,
	usernameFromName
} from '$lib/server/roster';
import {
	AlreadyAssignedError,
	assignModule,
	getTeacherAssignment,
	findOpenAssignment,
	listClassAssignments,
	listStudentAssignments,
	removeAssignment,
	updateAssignment
} from '$lib/server/assignments';
import { submitAttempt } from '$lib/server/attempts';
import { analyseAssignment, loadAssignmentData } from '$lib/server/class-results';
import { overrideScore, recordReview, ReviewInputError } from '$lib/server/reviews';
import { toCsv } from '$lib/server/csv';
import { createTestDb, engines, rowsOf, type TestDb } from '../fixtures/db';
import { authenticate, makeClass, makeUser } from '../fixtures/people';
import type { Db } from '$lib/server/db';
import { PASSWORD_CHANGE, passwordChangeReason } from '$lib/server/users';

async function snapshot(db: Db) {
	const tables = [
		'users',
		'classes',
		'class_members',
		'assignments',
		'attempts',
		'reviews',
		'score_overrides'
	] as const;
	return JSON.stringify(await rowsOf(db, tables));
}

describe.each(engines)('classes and ownership on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('bulk-adds students with a report of what was and was not created', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		await makeUser(t.db, 'student', 'ana.lima');
		const pasted = [
			'Ana Lima',
			'',
			'   ',
			'Émile Zola',
			'ana lima',
			'x'.repeat(81),
			'Bad\u0007Bell',
			'<script>alert(1)</script>',
			'李雷'
		].join('\n');
		const result = await bulkAddStudents(t.db, teacher.id, klass.id, pasted);
		expect(result.created.map((c) => [c.displayName, c.username])).toEqual([
			['Ana Lima', 'ana.lima2'],
			['Émile Zola', 'emile.zola'],
			['<script>alert(1)</script>', 'scriptalert1script'],
			['李雷', 'lilei']
		]);
		expect(result.skipped.map((s) => [s.line, s.reason])).toEqual([
			[5, 'listed twice'],
			[6, 'longer than 80 characters'],
			[7, 'contains control characters']
		]);
		const first = result.created[0]!;
		const signedIn = await authenticate(t.db, first.username, first.password);
		expect(signedIn?.must_change_password).toBe(PASSWORD_CHANGE.firstSignIn);
		expect(await passwordChangeReason(t.db, signedIn!.id)).toBe('first sign-in');
		await resetStudentPassword(t.db, teacher.id, klass.id, signedIn!.id);
		expect(await passwordChangeReason(t.db, signedIn!.id)).toBe('reset');
		expect((await listRoster(t.db, teacher.id, klass.id)).length).toBe(4);
	});

	it('transliterates names in other scripts into readable usernames', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		const result = await bulkAddStudents(
			t.db,
			teacher.id,
			klass.id,
			'Алия Борисова\nВика\n李明\nΔήμητρα\nمحمد علي'
		);
		expect(result.skipped).toEqual([]);
		expect(result.created.map((c) => c.username)).toEqual([
			'aliya.borisova',
			'vika',
			'liming',
			'dimitra',
			'mhmd.ly'
		]);
	});

	it('numbers the usernames of names nothing readable comes out of, in the order pasted', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		// U+3164, a Hangul filler: a letter to the name check, nothing after transliteration.
		const result = await bulkAddStudents(t.db, teacher.id, klass.id, '\u3164\n\u3164\u3164');
		expect(result.skipped).toEqual([]);
		const numbers = result.created.map((c) => Number(c.username.replace(/^student/, '') || 1));
		expect(result.created.every((c) => /^student\d*$/.test(c.username))).toBe(true);
		expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
		expect(new Set(numbers).size).toBe(2);
	});

	it('reports a name the class already has instead of making a second account, unless told they are different students', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		await bulkAddStudents(t.db, teacher.id, klass.id, 'Maria Garcia\nTom Berg');
		const again = await bulkAddStudents(
			t.db,
			teacher.id,
			klass.id,
			'maria  garcia\nNew Kid\nNew Kid'
		);
		expect(again.created.map((c) => c.displayName)).toEqual(['New Kid']);
		expect(again.skipped).toEqual([
			{ line: 1, name: 'maria garcia', reason: 'already in this class', sameName: true },
			{ line: 3, name: 'New Kid', reason: 'listed twice', sameName: true }
		]);
		expect((await listRoster(t.db, teacher.id, klass.id)).length).toBe(3);

		const anyway = await bulkAddStudents(t.db, teacher.id, klass.id, 'Maria Garcia\nMaria Garcia', {
			allowSameName: true
		});
		expect(anyway.skipped).toEqual([]);
		expect(anyway.created.map((c) => c.displayName)).toEqual(['Maria Garcia', 'Maria Garcia']);
		const marias = (await listRoster(t.db, teacher.id, klass.id)).filter(
			(s) => s.display_name === 'Maria Garcia'
		);
		expect(new Set(marias.map((s) => s.username)).size).toBe(3);
	});

	it('makes usernames from names', () => {
		expect(usernameFromName('  María  de la Cruz ')).toBe('maria.cruz');
		expect(usernameFromName('Jo')).toBe('studentjo');
		expect(usernameFromName('Zoë Ångström')).toBe('zoe.angstrom');
	});

	it('refuses to overwrite a live assignment, changes its dates only when asked, and revives a removed one', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		const assign = (dueAt: number | null) =>
			assignModule(t.db, teacher.id, klass.id, {
				moduleId: 'tajik-border',
				moduleVersion: 1,
				opensAt: null,
				dueAt
			});
		const assignmentId = await assign(5_000);
		const error = await assign(null).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(AlreadyAssignedError);
		expect((error as AlreadyAssignedError).assignmentId).toBe(assignmentId);
		const [kept] = await listClassAssignments(t.db, teacher.id, klass.id);
		expect([kept!.id, kept!.due_at]).toEqual([assignmentId, 5_000]);

		await updateAssignment(t.db, teacher.id, klass.id, assignmentId, {
			opensAt: 1_000,
			dueAt: 9_000
		});
		const [changed] = await listClassAssignments(t.db, teacher.id, klass.id);
		expect([changed!.opens_at, changed!.due_at, changed!.module_version]).toEqual([
			1_000, 9_000, 1
		]);

		await removeAssignment(t.db, teacher.id, klass.id, assignmentId);
		expect(await assign(7_000)).toBe(assignmentId);
		const [revived] = await listClassAssignments(t.db, teacher.id, klass.id);
		expect([revived!.id, revived!.opens_at, revived!.due_at]).toEqual([assignmentId, null, 7_000]);
	});

	it('assigns a module; students see it only once it opens', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		const student = await makeUser(t.db, 'student');
		const outsider = await makeUser(t.db, 'student');
		await t.db
			.insertInto('class_members')
			.values({ class_id: klass.id, student_id: student.id, joined_at: 1 })
			.execute();
		const isOpen = async (studentId: string, now?: number) =>
			(await findOpenAssignment(t.db, studentId, 'tajik-border', now)) !== undefined;
		expect(await isOpen(student.id)).toBe(false);
		const opensAt = Date.now() + 60_000;
		await assignModule(t.db, teacher.id, klass.id, {
			moduleId: 'tajik-border',
			moduleVersion: 1,
			opensAt,
			dueAt: null
		});
		expect(await isOpen(student.id)).toBe(false);
		expect(await isOpen(student.id, opensAt)).toBe(true);
		expect(await isOpen(outsider.id, opensAt)).toBe(false);
		expect((await listStudentAssignments(t.db, student.id)).map((a) => a.module_id)).toEqual([
			'tajik-border'
		]);
	});

	it('refuses every class operation on another teacher’s class, student or assignment, and changes nothing', async () => {
		const owner = await makeUser(t.db, 'teacher');
		const other = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, owner.id);
		const { created } = await bulkAddStudents(t.db, owner.id, klass.id, 'Kim Park');
		const studentId = (await listRoster(t.db, owner.id, klass.id))[0]!.id;
		const assignmentId = await assignModule(t.db, owner.id, klass.id, {
			moduleId: 'tajik-border',
			moduleVersion: 1,
			opensAt: null,
			dueAt: null
		});
		await submitAttempt(t.db, {
			studentId,
			assignmentId,
			moduleId: 'tajik-border',
			moduleVersion: 1,
			questionId: 'conclusion',
			stepSlug: 'your-conclusion',
			answer: { type: 'written', text: 'My answer', selfAssessment: {} },
			confidence: null,
			score: null,
			correct: false,
			elapsedMs: null,
			once: false,
			moduleQuestionIds: ['conclusion']
		});
		const attemptId = (
			await t.db
				.selectFrom('attempts')
				.select('id')
				.where('student_id', '=', studentId)
				.executeTakeFirstOrThrow()
		).id;
		expect(created).toHaveLength(1);

		const before = await snapshot(t.db);
		expect(await getTeacherClass(t.db, other.id, klass.id)).toBeUndefined();
		expect(await getTeacherAssignment(t.db, other.id, assignmentId)).toBeUndefined();
		const refused = [
			() => setJoinCode(t.db, other.id, klass.id, true),
			() => setJoinCode(t.db, other.id, klass.id, false),
			() => listRoster(t.db, other.id, klass.id),
			() => listClassAssignments(t.db, other.id, klass.id),
			() => bulkAddStudents(t.db, other.id, klass.id, 'Intruder'),
			() => resetStudentPassword(t.db, other.id, klass.id, studentId),
			() => removeStudentFromClass(t.db, other.id, klass.id, studentId),
			() => deleteStudentAccount(t.db, other.id, klass.id, studentId),
			() =>
				assignModule(t.db, other.id, klass.id, {
					moduleId: 'tajik-border',
					moduleVersion: 1,
					opensAt: null,
					dueAt: null
				}),
			() => removeAssignment(t.db, other.id, klass.id, assignmentId),
			() => updateAssignment(t.db, other.id, klass.id, assignmentId, { opensAt: 1, dueAt: 2 }),
			() => loadAssignmentData(t.db, other.id, assignmentId),
			() => recordReview(t.db, other.id, attemptId, { rubric: {}, comment: 'x' }),
			() => overrideScore(t.db, other.id, attemptId, { score: 1, reason: 'x' })
		];
		for (const attempt of refused) await expect(attempt()).rejects.toBeInstanceOf(NotFoundError);
		// Another teacher's class id paired with the owner's student is refused too.
		const otherClass = await makeClass(t.db, other.id);
		await expect(
			removeStudentFromClass(t.db, other.id, otherClass.id, studentId)
		).rejects.toBeInstanceOf(NotFoundError);
		// So is the owner's assignment taken through another of the owner's classes.
		const ownerOtherClass = await makeClass(t.db, owner.id);
		await expect(
			removeAssignment(t.db, owner.id, ownerOtherClass.id, assignmentId)
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			updateAssignment(t.db, owner.id, ownerOtherClass.id, assignmentId, { opensAt: 1, dueAt: 2 })
		).rejects.toBeInstanceOf(NotFoundError);
		await t.db.deleteFrom('classes').where('id', '=', ownerOtherClass.id).execute();
		await t.db.deleteFrom('classes').where('id', '=', otherClass.id).execute();
		expect(await snapshot(t.db)).toBe(before);
	});

	it('reviews a written answer with the rubric, and an override keeps the original score', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		await bulkAddStudents(t.db, teacher.id, klass.id, 'Lee Chan\nMo Farah');
		const [lee, mo] = await listRoster(t.db, teacher.id, klass.id);
		const assignmentId = await assignModule(t.db, teacher.id, klass.id, {
			moduleId: 'tajik-border',
			moduleVersion: 1,
			opensAt: null,
			dueAt: Date.now() - 1
		});
		const base = {
			assignmentId,
			moduleId: 'tajik-border',
			moduleVersion: 1,
			stepSlug: 'who-is-behind-it',
			elapsedMs: null,
			once: false,
			moduleQuestionIds: ['x']
		};
		await submitAttempt(t.db, {
			...base,
			studentId: lee!.id,
			questionId: 'conclusion',
			answer: { type: 'written', text: 'Lee writes', selfAssessment: {} },
			confidence: null,
			score: null,
			correct: false
		});
		await submitAttempt(t.db, {
			...base,
			studentId: lee!.id,
			questionId: 'who-credit',
			answer: { type: 'single', options: ['parliament'] },
			confidence: 'high',
			score: 0,
			correct: false
		});
		await submitAttempt(t.db, {
			...base,
			studentId: mo!.id,
			questionId: 'who-credit',
			answer: { type: 'single', options: ['farsi'] },
			confidence: 'low',
			score: 1,
			correct: true
		});
		const written = await t.db
			.selectFrom('attempts')
			.select('id')
			.where('question_id', '=', 'conclusion')
			.where('student_id', '=', lee!.id)
			.executeTakeFirstOrThrow();
		const choice = await t.db
			.selectFrom('attempts')
			.select('id')
			.where('question_id', '=', 'who-credit')
			.where('student_id', '=', lee!.id)
			.executeTakeFirstOrThrow();

		await expect(
			recordReview(t.db, teacher.id, written.id, { rubric: { claim: 2 }, comment: '' })
		).rejects.toBeInstanceOf(ReviewInputError);
		await expect(
			recordReview(t.db, teacher.id, choice.id, { rubric: {}, comment: '' })
		).rejects.toBeInstanceOf(ReviewInputError);
		const score = await recordReview(t.db, teacher.id, written.id, {
			rubric: { claim: 2, evidence: 1, sourcing: 1, fairness: 0, smuggled: 99 },
			comment: 'Cite a sentence.'
		});
		expect(score).toBe(0.5);
		const stored = await t.db
			.selectFrom('reviews')
			.select('rubric')
			.where('attempt_id', '=', written.id)
			.executeTakeFirstOrThrow();
		expect(JSON.parse(stored.rubric)).toEqual({ claim: 2, evidence: 1, sourcing: 1, fairness: 0 });
		await overrideScore(t.db, teacher.id, choice.id, { score: 0.5, reason: 'Reasonable reading' });

		const results = analyseAssignment(await loadAssignmentData(t.db, teacher.id, assignmentId));
		const leeRow = results.rows.find((r) => r.student.id === lee!.id)!;
		expect(leeRow.cells.conclusion).toMatchObject({ score: 0.5, awaitingReview: false });
		expect(leeRow.cells['who-credit']).toMatchObject({ score: 0.5, overridden: true });
		expect(results.late).toBe(2);
		const credit = results.items.find((i) => i.questionId === 'who-credit')!;
		expect(credit).toMatchObject({ responses: 2, percentCorrect: 0.5 });
		if (credit.kind !== 'choice') throw new Error('expected choice analysis');
		expect(credit.commonWrong.map((o) => [o.id, o.count])).toEqual([['parliament', 1]]);
		const original = await t.db
			.selectFrom('attempts')
			.select('score')
			.where('id', '=', choice.id)
			.executeTakeFirstOrThrow();
		expect(original.score).toBe(0);
	});
});

describe('CSV export', () => {
	it('neutralises formulas and adds a byte-order mark', () => {
		const csv = toCsv([['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx', 'plain, "quoted"', 7, null]]);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		expect(csv).toBe(`\uFEFF"'=1+1","'+SUM(A1)","'-2","'@cmd","'\tx","plain, ""quoted""",7,\r\n`);
	});
});
