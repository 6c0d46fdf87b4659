import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudentToClass } from '$lib/server/classes';
import { assignModule, listTeacherDashboard } from '$lib/server/assignments';
import { recordStepVisit } from '$lib/server/attempts';
import {
	analyseAssignment,
	attemptsTable,
	gridTable,
	loadAssignmentData
} from '$lib/server/class-results';
import { recordReview } from '$lib/server/reviews';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { makeClass, makeUser } from '../fixtures/people';
import { answer, firstAttemptId, module, questionIds, workOf } from '../fixtures/answers';

describe.each(engines)('results status, late work and the teacher dashboard, on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('gives each student a status, flags late work in the grid and both CSVs, and counts it on the dashboard', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const other = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id, 'Status');
		const empty = await makeClass(t.db, teacher.id, 'Empty');
		const elsewhere = await makeClass(t.db, other.id, 'Not mine');
		const dueAt = Date.now() + 3 * 24 * 3_600_000;
		const assignmentId = await assignModule(t.db, teacher.id, klass.id, {
			moduleId: module.id,
			moduleVersion: 1,
			opensAt: null,
			dueAt
		});
		await assignModule(t.db, other.id, elsewhere.id, {
			moduleId: module.id,
			moduleVersion: 1,
			opensAt: null,
			dueAt: null
		});
		const [done, midway, idle] = [
			await makeUser(t.db, 'student'),
			await makeUser(t.db, 'student'),
			await makeUser(t.db, 'student')
		];
		for (const s of [done, midway, idle]) await addStudentToClass(t.db, klass.id, s.id);

		await recordStepVisit(t.db, (await workOf(t.db, done.id))!, 'pre-check');
		for (const questionId of questionIds) await answer(t.db, done.id, questionId);
		await recordReview(t.db, teacher.id, await firstAttemptId(t.db, done.id, 'conclusion'), {
			rubric: { claim: 2, evidence: 2, sourcing: 2, fairness: 2 },
			comment: ''
		});
		await answer(t.db, midway.id, 'pre-credit-line');
		await recordStepVisit(t.db, (await workOf(t.db, midway.id))!, 'what-is-the-evidence');

		const data = await loadAssignmentData(t.db, teacher.id, assignmentId);
		const statusOf = (now: number) =>
			Object.fromEntries(
				analyseAssignment(data, now).rows.map((r) => [
					r.student.id,
					[r.statusText, r.late, r.awaitingReview]
				])
			);
		// lateral-plan is a written answer still waiting; conclusion was reviewed.
		expect(statusOf(Date.now())).toEqual({
			[done.id]: ['Done', false, 1],
			[midway.id]: ['At step 3 of 7', false, 0],
			[idle.id]: ['Not started', false, 0]
		});
		const afterDue = dueAt + 1;
		expect(statusOf(afterDue)).toEqual({
			[done.id]: ['Done', false, 1],
			[midway.id]: ['At step 3 of 7', true, 0],
			[idle.id]: ['Not started', true, 0]
		});

		const grid = gridTable(analyseAssignment(data, afterDue));
		expect(grid[0]!.slice(-2)).toEqual(['Status', 'Late']);
		expect(grid.slice(1).map((row) => row.slice(-2))).toContainEqual(['Not started', 'yes']);
		expect(grid.slice(1).map((row) => row.slice(-2))).toContainEqual(['Done', 'no']);
		const attempts = attemptsTable(data);
		expect(attempts[0]!.at(-1)).toBe('Late');
		expect(new Set(attempts.slice(1).map((row) => row.at(-1)))).toEqual(new Set(['no']));

		const dashboard = await listTeacherDashboard(t.db, teacher.id);
		expect(dashboard.map((c) => c.name).sort()).toEqual(['Empty', 'Status']);
		expect(dashboard.find((c) => c.id === empty.id)!.assignments).toEqual([]);
		expect(dashboard.find((c) => c.id === klass.id)!.assignments).toEqual([
			{
				id: assignmentId,
				title: module.meta.title,
				dueAt,
				dueSoon: true,
				overdue: false,
				done: 1,
				inProgress: 1,
				notStarted: 1,
				waitingForReview: 1
			}
		]);
	});
});
