import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, type Db } from '$lib/server/db';
import { analyseAssignment, loadAssignmentData } from '$lib/server/class-results';
import { listDistrictResults } from '$lib/server/district-results';
import { loadStudentSummary } from '$lib/server/student-results';
import { publishShippedModules } from '$lib/server/modules';
import { scoreStudent } from '$lib/server/scoring';
import { grade } from '$lib/question-types/registry.server';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { module, rightAnswer } from '../fixtures/answers';
import type { Answer } from '$lib/lesson';

// Existing work moves to version 1 of tajik-border, under an assignment, with every score as it
// was. The database is seeded as it stood before the migration (0005), then migrated.

const BEFORE = '0005-rate-limits-and-known-sign-ins';

type OldAttempt = {
	id: string;
	student_id: string;
	module_id: string;
	question_id: string;
	attempt_no: number;
	answer: string;
	score: number | null;
	correct: number;
	confidence: string | null;
	elapsed_ms: number | null;
	created_at: number;
};

describe.each(engines)('the move to versioned modules, on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine, BEFORE);
	});
	afterAll(() => t.destroy());

	it('keeps every student’s scores, reviews and overrides, under the class they joined first', async () => {
		const old = t.db as unknown as Kysely<any>;
		// Accounts as 0005 stored them (later migrations add columns).
		const user = async (role: 'teacher' | 'student', username: string) => {
			const row = {
				id: randomUUID(),
				username,
				display_name: username,
				role,
				password_hash: 'not used',
				must_change_password: 0,
				created_at: 0
			};
			await old.insertInto('users').values(row).execute();
			return row;
		};
		const teacher = await user('teacher', 'teacher');
		const students = [
			await user('student', 'ada'),
			await user('student', 'bo'),
			await user('student', 'cy')
		];
		const [ada, bo, cy] = students as [
			(typeof students)[0],
			(typeof students)[0],
			(typeof students)[0]
		];
		const classA = { id: randomUUID(), name: 'First class' };
		const classB = { id: randomUUID(), name: 'Second class' };
		for (const [i, klass] of [classA, classB].entries()) {
			await old
				.insertInto('classes')
				.values({ ...klass, teacher_id: teacher.id, section: null, join_code: null, created_at: i })
				.execute();
		}
		const assignmentA = randomUUID();
		const assignmentB = randomUUID();
		await old
			.insertInto('assignments')
			.values([
				{
					id: assignmentA,
					class_id: classA.id,
					module_id: module.id,
					opens_at: null,
					due_at: null,
					created_at: 1
				},
				{
					id: assignmentB,
					class_id: classB.id,
					module_id: module.id,
					opens_at: null,
					due_at: null,
					created_at: 2
				}
			])
			.execute();
		// Ada and Bo are in class A; Cy joined A first and B later, so both teachers saw Cy's work.
		await old
			.insertInto('class_members')
			.values([
				{ class_id: classA.id, student_id: ada.id, joined_at: 10 },
				{ class_id: classA.id, student_id: bo.id, joined_at: 10 },
				{ class_id: classA.id, student_id: cy.id, joined_at: 10 },
				{ class_id: classB.id, student_id: cy.id, joined_at: 20 }
			])
			.execute();

		const attempts: OldAttempt[] = [];
		let clock = 100;
		const attempt = (studentId: string, questionId: string, given?: Answer) => {
			const question = module.questions.get(questionId)!;
			const chosen = given ?? rightAnswer(question);
			const grading = grade(question, chosen);
			const attemptNo =
				attempts.filter((a) => a.student_id === studentId && a.question_id === questionId).length +
				1;
			const row: OldAttempt = {
				id: randomUUID(),
				student_id: studentId,
				module_id: module.id,
				question_id: questionId,
				attempt_no: attemptNo,
				answer: JSON.stringify(chosen),
				score: grading.score,
				correct: grading.correct ? 1 : 0,
				confidence: null,
				elapsed_ms: 1000,
				created_at: clock++
			};
			attempts.push(row);
			return row.id;
		};
		for (const id of module.questions.keys()) attempt(ada.id, id);
		const boGenre = attempt(bo.id, 'who-genre', { type: 'single', options: ['news'] });
		attempt(bo.id, 'who-genre');
		const boConclusion = attempt(bo.id, 'conclusion');
		for (const id of ['pre-credit-line', 'pre-named-source', 'pre-loaded-words']) {
			attempt(bo.id, id, { type: 'single', options: ['official'] });
		}
		for (const id of ['who-credit', 'who-date', 'evidence-sort']) attempt(cy.id, id);
		await old.insertInto('attempts').values(attempts).execute();
		await old
			.insertInto('reviews')
			.values({
				attempt_id: boConclusion,
				reviewer_id: teacher.id,
				rubric: JSON.stringify({ claim: 1, evidence: 1, sourcing: 1, fairness: 0 }),
				comment: 'Name the evidence.',
				score: 3 / 8,
				updated_at: clock++
			})
			.execute();
		await old
			.insertInto('score_overrides')
			.values({
				attempt_id: boGenre,
				teacher_id: teacher.id,
				score: 1,
				reason: 'Ambiguous.',
				updated_at: clock++
			})
			.execute();
		await old
			.insertInto('progress')
			.values(
				students.map((s) => ({
					student_id: s.id,
					module_id: module.id,
					current_step: 'your-conclusion',
					started_at: 50,
					updated_at: clock,
					completed_at: s.id === ada.id ? clock : null
				}))
			)
			.execute();
		await old
			.insertInto('drafts')
			.values({
				student_id: bo.id,
				module_id: module.id,
				question_id: 'lateral-plan',
				answer: '{"type":"written","text":"half","selfAssessment":{}}',
				updated_at: clock
			})
			.execute();

		// What each student's figures were: the score that counts over the attempts as they stood.
		const overrides = new Map([[boGenre, { score: 1 }]]);
		const reviews = new Map([[boConclusion, { score: 3 / 8 }]]);
		const expected = new Map(
			students.map((s) => {
				const figures = scoreStudent(
					module,
					attempts.filter((a) => a.student_id === s.id),
					{ overrides, reviews }
				);
				return [s.id, { score: figures.score, pre: figures.pre, post: figures.post }];
			})
		);
		// Bo: a wrong who-genre raised to 100% and a conclusion reviewed at 3 of 8.
		expect(expected.get(bo.id)!.score).toBe((1 + 3 / 8) / 2);

		await migrateToLatest(t.db as Db);
		await publishShippedModules(t.db as Db);

		const resultsA = analyseAssignment(await loadAssignmentData(t.db, teacher.id, assignmentA));
		for (const s of students) {
			const row = resultsA.rows.find((r) => r.student.id === s.id)!;
			expect({ score: row.score, pre: row.pre, post: row.post }, s.username).toEqual(
				expected.get(s.id)
			);
			expect(row.moduleVersion).toBe(1);
			const summary = await loadStudentSummary(t.db, s.id, assignmentA, module);
			expect(summary.overall, `${s.username}'s summary`).toBe(expected.get(s.id)!.score);
		}
		const district = await listDistrictResults(t.db);
		for (const s of students) {
			const row = district.find(
				(r) => r.studentUsername === s.username && r.className === classA.name
			)!;
			expect({ score: row.score, pre: row.pre, post: row.post }).toEqual(expected.get(s.id));
		}
		expect(resultsA.rows.find((r) => r.student.id === ada.id)!.completion).toBe(1);

		// Cy's work stays with the class Cy joined first; the second class sees a fresh start.
		const resultsB = analyseAssignment(await loadAssignmentData(t.db, teacher.id, assignmentB));
		expect(resultsB.rows.find((r) => r.student.id === cy.id)!.answered).toBe(0);

		const moved = await t.db
			.selectFrom('attempts')
			.select(['id', 'assignment_id', 'module_version'])
			.execute();
		expect(moved).toHaveLength(attempts.length);
		for (const row of moved) {
			const owner = attempts.find((a) => a.id === row.id)!.student_id;
			expect(row.assignment_id).toBe(assignmentA);
			expect(row.module_version).toBe(1);
			expect(owner).toBeDefined();
		}
		const progress = await t.db
			.selectFrom('progress')
			.select(['assignment_id', 'module_version'])
			.execute();
		expect(progress).toHaveLength(3);
		expect(progress.every((p) => p.assignment_id === assignmentA && p.module_version === 1)).toBe(
			true
		);
		const drafts = await t.db
			.selectFrom('drafts')
			.select(['assignment_id', 'question_id'])
			.execute();
		expect(drafts).toEqual([{ assignment_id: assignmentA, question_id: 'lateral-plan' }]);
		const kept = await t.db.selectFrom('reviews').select(['attempt_id', 'comment']).execute();
		expect(kept).toEqual([{ attempt_id: boConclusion, comment: 'Name the evidence.' }]);
	});
});
