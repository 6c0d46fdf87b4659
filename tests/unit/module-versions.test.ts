import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudentToClass } from '$lib/server/classes';
import { removeStudentFromClass } from '$lib/server/roster';
import {
	assignModule,
	listClassAssignments,
	removeAssignment,
	updateAssignment
} from '$lib/server/assignments';
import { analyseAssignment, loadAssignmentData } from '$lib/server/class-results';
import { NotFoundError } from '$lib/server/classes';
import { overrideScore, recordReview } from '$lib/server/reviews';
import { loadStudentSummary } from '$lib/server/student-results';
import { findOpenAssignment } from '$lib/server/assignments';
import { getModuleVersion, publishModuleVersion } from '$lib/server/modules';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { makeClass, makeUser } from '../fixtures/people';
import { answer, firstAttemptId, module } from '../fixtures/answers';

/** Version 1's document with the right answer of one question moved to another option. */
function withChangedKey() {
	const document = structuredClone(module.document) as typeof module.document;
	const question = document.questions.find((q) => q.id === 'who-genre')!;
	if (question.type !== 'single') throw new Error('who-genre is single choice');
	for (const option of question.options) option.correct = option.id === 'news';
	return document;
}

describe.each(engines)('module versions and assignments, on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('keeps a student who started on version 1 there, scored by its key, when version 2 changes a key', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id, 'Versions');
		const assign = (version: number) =>
			assignModule(t.db, teacher.id, klass.id, {
				moduleId: module.id,
				moduleVersion: version,
				opensAt: null,
				dueAt: null
			});
		const assignmentId = await assign(1);
		const [early, late] = [await makeUser(t.db, 'student'), await makeUser(t.db, 'student')];
		for (const s of [early, late]) await addStudentToClass(t.db, klass.id, s.id);

		await answer(t.db, early.id, 'who-genre'); // right under version 1's key
		const before = analyseAssignment(await loadAssignmentData(t.db, teacher.id, assignmentId));
		const earlyBefore = before.rows.find((r) => r.student.id === early.id)!;
		expect(earlyBefore.cells['who-genre']!.score).toBe(1);

		const changed = await publishModuleVersion(t.db, withChangedKey(), 'test: changed key');
		await updateAssignment(t.db, teacher.id, klass.id, assignmentId, {
			opensAt: null,
			dueAt: null,
			moduleVersion: changed.version
		});

		// The early student goes on with version 1; the one who had not started gets the new one.
		expect((await findOpenAssignment(t.db, early.id, module.id))!.moduleVersion).toBe(1);
		expect((await findOpenAssignment(t.db, late.id, module.id))!.moduleVersion).toBe(
			changed.version
		);
		await answer(t.db, early.id, 'who-credit');
		await answer(t.db, late.id, 'who-genre', { type: 'single', options: ['news'] });

		const after = analyseAssignment(await loadAssignmentData(t.db, teacher.id, assignmentId));
		const earlyAfter = after.rows.find((r) => r.student.id === early.id)!;
		const lateAfter = after.rows.find((r) => r.student.id === late.id)!;
		expect(earlyAfter.moduleVersion).toBe(1);
		expect(earlyAfter.cells['who-genre']!.score).toBe(1);
		expect(lateAfter.moduleVersion).toBe(changed.version);
		expect(lateAfter.cells['who-genre']!.score).toBe(1);
		const attempts = await t.db
			.selectFrom('attempts')
			.select(['student_id', 'module_version'])
			.where('assignment_id', '=', assignmentId)
			.execute();
		expect(attempts.filter((a) => a.student_id === early.id).map((a) => a.module_version)).toEqual([
			1, 1
		]);
		expect(attempts.find((a) => a.student_id === late.id)!.module_version).toBe(changed.version);

		// A published version does not change.
		expect((await getModuleVersion(t.db, module.id, 1))!.questions.get('who-genre')).toEqual(
			module.questions.get('who-genre')
		);
	});

	it('gives a student a fresh start in a new class, and keeps each teacher to their own class’s work', async () => {
		const teacherA = await makeUser(t.db, 'teacher');
		const teacherB = await makeUser(t.db, 'teacher');
		const classA = await makeClass(t.db, teacherA.id, 'Class A');
		const classB = await makeClass(t.db, teacherB.id, 'Class B');
		const assignmentOf = async (teacherId: string, classId: string) =>
			assignModule(t.db, teacherId, classId, {
				moduleId: module.id,
				moduleVersion: 1,
				opensAt: null,
				dueAt: null
			});
		const inA = await assignmentOf(teacherA.id, classA.id);
		const inB = await assignmentOf(teacherB.id, classB.id);
		const student = await makeUser(t.db, 'student');

		await addStudentToClass(t.db, classA.id, student.id);
		await answer(t.db, student.id, 'conclusion');
		await answer(t.db, student.id, 'who-credit', { type: 'single', options: ['parliament'] });
		const conclusionInA = await firstAttemptId(t.db, student.id, 'conclusion');
		await recordReview(t.db, teacherA.id, conclusionInA, {
			rubric: { claim: 2, evidence: 2, sourcing: 2, fairness: 2 },
			comment: 'Well argued.'
		});

		// Moved to teacher B's class: a fresh start there.
		await removeStudentFromClass(t.db, teacherA.id, classA.id, student.id);
		await addStudentToClass(t.db, classB.id, student.id);
		const resultsB = analyseAssignment(await loadAssignmentData(t.db, teacherB.id, inB));
		const rowB = resultsB.rows.find((r) => r.student.id === student.id)!;
		expect(rowB.answered).toBe(0);
		expect(rowB.cells['conclusion']!.score).toBeNull();
		expect((await findOpenAssignment(t.db, student.id, module.id))!.assignmentId).toBe(inB);
		const summaryB = await loadStudentSummary(t.db, student.id, inB, module);
		expect(summaryB.answered).toBe(0);

		// Teacher B can neither review nor override the work done for teacher A.
		await expect(
			recordReview(t.db, teacherB.id, conclusionInA, {
				rubric: { claim: 0, evidence: 0, sourcing: 0, fairness: 0 },
				comment: 'Overwritten'
			})
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			overrideScore(t.db, teacherB.id, conclusionInA, { score: 0, reason: 'Overwritten' })
		).rejects.toBeInstanceOf(NotFoundError);
		const review = await t.db
			.selectFrom('reviews')
			.select(['comment', 'score'])
			.where('attempt_id', '=', conclusionInA)
			.executeTakeFirstOrThrow();
		expect(review).toEqual({ comment: 'Well argued.', score: 1 });

		// The once-only work in B starts at attempt 1, and A's work stays with A's assignment.
		await answer(t.db, student.id, 'who-credit');
		const numbers = await t.db
			.selectFrom('attempts')
			.select(['assignment_id', 'attempt_no'])
			.where('student_id', '=', student.id)
			.where('question_id', '=', 'who-credit')
			.orderBy('created_at')
			.execute();
		expect(numbers).toEqual([
			{ assignment_id: inA, attempt_no: 1 },
			{ assignment_id: inB, attempt_no: 1 }
		]);

		// Back in class A, teacher A sees the old work with their review; B's is not mixed in.
		await addStudentToClass(t.db, classA.id, student.id);
		const resultsA = analyseAssignment(await loadAssignmentData(t.db, teacherA.id, inA));
		const rowA = resultsA.rows.find((r) => r.student.id === student.id)!;
		expect(rowA.cells['conclusion']!.score).toBe(1);
		expect(rowA.cells['who-credit']!.score).toBe(0);
		expect(rowA.cells['who-credit']!.tries).toBe(1);
	});
	it('hides a removed assignment and brings its work back when the module is assigned again', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id, 'Removed and back');
		const assign = () =>
			assignModule(t.db, teacher.id, klass.id, {
				moduleId: module.id,
				moduleVersion: 1,
				opensAt: null,
				dueAt: null
			});
		const assignmentId = await assign();
		const student = await makeUser(t.db, 'student');
		await addStudentToClass(t.db, klass.id, student.id);
		await answer(t.db, student.id, 'who-credit');

		await removeAssignment(t.db, teacher.id, klass.id, assignmentId);
		expect(await findOpenAssignment(t.db, student.id, module.id)).toBeUndefined();
		expect(await listClassAssignments(t.db, teacher.id, klass.id)).toEqual([]);
		await expect(loadAssignmentData(t.db, teacher.id, assignmentId)).rejects.toBeInstanceOf(
			NotFoundError
		);

		expect(await assign()).toBe(assignmentId);
		const results = analyseAssignment(await loadAssignmentData(t.db, teacher.id, assignmentId));
		expect(results.rows[0]!.cells['who-credit']!.score).toBe(1);
		expect((await findOpenAssignment(t.db, student.id, module.id))!.assignmentId).toBe(
			assignmentId
		);
	});
});
