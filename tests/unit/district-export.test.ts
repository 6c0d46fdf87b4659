import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudentToClass } from '$lib/server/classes';
import { assignModule } from '$lib/server/assignments';
import { recordStepVisit } from '$lib/server/attempts';
import { districtResultsTable, listDistrictResults } from '$lib/server/district-results';
import { overrideScore, recordReview } from '$lib/server/reviews';
import { createUser } from '$lib/server/users';
import { toCsv } from '$lib/server/csv';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { makeClass, PASSWORD } from '../fixtures/people';
import { answer, firstAttemptId, module, questionIds, workOf } from '../fixtures/answers';

describe.each(engines)('district results export on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	const person = (username: string, displayName: string, role: 'teacher' | 'student') =>
		createUser(t.db, { username, displayName, role, password: PASSWORD });

	it('lists every student of every assigned class once per assignment, with the scores that count', async () => {
		const ruiz = await person('ruiz', 'Ms Ruiz', 'teacher');
		const okafor = await person('okafor', 'Mr Okafor', 'teacher');
		const history = await makeClass(t.db, ruiz.id, '9 History');
		const civics = await makeClass(t.db, okafor.id, '10 Civics');
		const unassigned = await makeClass(t.db, okafor.id, '11 Media');

		const finisher = await person('finisher', 'Ada Finisher', 'student');
		const retrier = await person('retrier', 'O’Brien, "Sean"', 'student');
		const formula = await person('formula', '=HYPERLINK("http://evil.example")', 'student');
		const both = await person('both', 'Bo Both', 'student');
		for (const student of [finisher, retrier, formula, both]) {
			await addStudentToClass(t.db, history.id, student.id);
		}
		await addStudentToClass(t.db, civics.id, both.id);
		await addStudentToClass(t.db, unassigned.id, finisher.id);
		for (const [teacher, klass] of [
			[ruiz, history],
			[okafor, civics]
		] as const) {
			await assignModule(t.db, teacher.id, klass.id, {
				moduleId: module.id,
				moduleVersion: 1,
				opensAt: null,
				dueAt: null
			});
		}

		await recordStepVisit(t.db, (await workOf(t.db, finisher.id))!, 'pre-check');
		for (const questionId of questionIds) await answer(t.db, finisher.id, questionId);
		await recordReview(t.db, ruiz.id, await firstAttemptId(t.db, finisher.id, 'conclusion'), {
			rubric: { claim: 2, evidence: 1, sourcing: 1, fairness: 0 },
			comment: ''
		});

		await recordStepVisit(t.db, (await workOf(t.db, retrier.id))!, 'who-is-behind-it');
		await answer(t.db, retrier.id, 'pre-credit-line');
		await answer(t.db, retrier.id, 'who-credit', { type: 'single', options: ['parliament'] });
		await answer(t.db, retrier.id, 'who-credit');
		await answer(t.db, retrier.id, 'who-genre');
		await overrideScore(t.db, ruiz.id, await firstAttemptId(t.db, retrier.id, 'who-genre'), {
			score: 0.5,
			reason: 'Half right'
		});

		await recordStepVisit(t.db, (await workOf(t.db, both.id))!, 'pre-check');

		const rows = await listDistrictResults(t.db);
		const byClassAndUser = new Map(rows.map((r) => [`${r.className}/${r.studentUsername}`, r]));
		expect([...byClassAndUser.keys()].sort()).toEqual([
			'10 Civics/both',
			'9 History/both',
			'9 History/finisher',
			'9 History/formula',
			'9 History/retrier'
		]);
		expect(rows).toHaveLength(5);
		// 13 automatic scores of 1 and the reviewed written answer at 4/8; the other awaits review.
		expect(byClassAndUser.get('9 History/finisher')).toMatchObject({
			teacherName: 'Ms Ruiz',
			status: 'Completed',
			answered: 21,
			questionCount: 21,
			score: (13 + 0.5) / 14,
			pre: 1,
			post: 1
		});
		// The first try at who-credit (wrong) counts, not the retry; the override replaces who-genre's 1.
		expect(byClassAndUser.get('9 History/retrier')).toMatchObject({
			status: 'In progress',
			answered: 3,
			score: 0.25,
			pre: null,
			post: null
		});
		expect(byClassAndUser.get('9 History/formula')).toMatchObject({
			status: 'Not started',
			answered: 0,
			score: null,
			lastActivityAt: null
		});
		expect(byClassAndUser.get('10 Civics/both')).toMatchObject({
			teacherName: 'Mr Okafor',
			status: 'In progress',
			answered: 0
		});

		const csv = toCsv(districtResultsTable(rows));
		const lines = csv.split('\r\n');
		expect(lines[0]).toBe(
			'\uFEFFClass,Section,Teacher,Teacher username,Student,Username,Module,Module version,Module title,Status,' +
				'Questions answered,Questions,Score % (first attempts),Pre-check %,Post-check %,Last activity (UTC),Late'
		);
		expect(lines).toHaveLength(rows.length + 2);
		const line = (username: string) => lines.find((l) => l.includes(`,${username},`))!;
		expect(line('formula')).toContain(`,"'=HYPERLINK(""http://evil.example"")",formula,`);
		expect(line('retrier')).toContain(`,"O’Brien, ""Sean""",retrier,`);
		expect(line('finisher')).toMatch(/,Completed,21,21,96,100,100,\d{4}-\d\d-\d\dT.*,no$/);
		expect(line('retrier')).toMatch(/,In progress,3,21,25,,,\d{4}-.*,no$/);
		expect(line('formula')).toMatch(/,Not started,0,21,,,,,no$/);
	});

	it('flags work finished after the due date, and work unfinished once it has passed', async () => {
		const teacher = await person('lee', 'Ms Lee', 'teacher');
		const klass = await makeClass(t.db, teacher.id, '12 Late');
		const dueAt = Date.now() - 60_000;
		await assignModule(t.db, teacher.id, klass.id, {
			moduleId: module.id,
			moduleVersion: 1,
			opensAt: null,
			dueAt
		});
		const afterDue = await person('afterdue', 'Al Afterdue', 'student');
		const idle = await person('idle', 'Ida Idle', 'student');
		for (const student of [afterDue, idle]) await addStudentToClass(t.db, klass.id, student.id);
		await recordStepVisit(t.db, (await workOf(t.db, afterDue.id))!, 'pre-check');
		for (const questionId of questionIds) await answer(t.db, afterDue.id, questionId);

		const lateOf = async (now: number) =>
			Object.fromEntries(
				(await listDistrictResults(t.db, now))
					.filter((r) => r.className === '12 Late')
					.map((r) => [r.studentUsername, r.late])
			);
		expect(await lateOf(Date.now())).toEqual({ afterdue: true, idle: true });
		// Before the due date nothing is late, whatever is unfinished.
		await t.db
			.updateTable('assignments')
			.set({ due_at: Date.now() + 3_600_000 })
			.execute();
		expect(await lateOf(Date.now())).toEqual({ afterdue: false, idle: false });
		const csv = toCsv(districtResultsTable(await listDistrictResults(t.db)));
		expect(csv.split('\r\n').find((l) => l.includes(',idle,'))).toMatch(/,Not started,.*,no$/);
	});
});
