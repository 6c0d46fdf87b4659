import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudentToClass } from '$lib/server/classes';
import { assignModule } from '$lib/server/assignments';
import {
	analyseAssignment,
	attemptsTable,
	gridTable,
	loadAssignmentData,
	studentWork
} from '$lib/server/class-results';
import { listDistrictResults } from '$lib/server/district-results';
import { overrideScore, recordReview } from '$lib/server/reviews';
import { loadStudentSummary } from '$lib/server/student-results';
import { checkQuestionIds } from '$lib/server/scoring';
import { DISCERNMENT_FORMS } from '$lib/server/discernment';
import type { Db } from '$lib/server/db';
import type { LessonModule } from '$lib/server/module-document';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { makeClass, makeUser } from '../fixtures/people';
import { answer, firstAttemptId, module, questionIds } from '../fixtures/answers';
import {
	SORTS,
	claimsOf,
	classOn,
	publishDiscernmentModule,
	sortAnswer
} from '../fixtures/discernment-module';

// The score that counts is shown in six places. Each must give every student the same figures:
// their summary, the teacher's per-student page, the class grid, the grid CSV, the attempts CSV
// (per question) and the district export. Sensitivity and bias, read from the same first answers,
// must agree in the four views that show them.

type Figures = {
	score: number | null;
	pre: number | null;
	post: number | null;
	delayed: number | null;
};
const percent = (v: number | null) => (v === null ? '' : Math.round(v * 100));
const asPercents = (f: Figures) => ({
	score: percent(f.score),
	pre: percent(f.pre),
	post: percent(f.post),
	delayed: percent(f.delayed)
});
const twoPlaces = (v: number | undefined) => (v === undefined ? '' : Math.round(v * 100) / 100);

/** Compares every view of every student's figures, and returns the grid's. */
async function expectParity(
	db: Db,
	teacherId: string,
	assignmentId: string,
	studentModule: LessonModule,
	students: { id: string; username: string }[]
) {
	const data = await loadAssignmentData(db, teacherId, assignmentId);
	const results = analyseAssignment(data);
	const grid = gridTable(results);
	const gridHeader = grid[0]! as string[];
	const attempts = attemptsTable(data);
	const attemptsHeader = attempts[0]! as string[];
	const district = await listDistrictResults(db);
	const delayedColumn = studentModule.steps.some((s) => s.check === 'delayed');
	expect(gridHeader.includes('Delayed-check %'), 'grid CSV delayed column').toBe(delayedColumn);

	const expected = new Map<string, Figures>();
	for (const student of students) {
		const row = results.rows.find((r) => r.student.id === student.id)!;
		const fromGrid: Figures = {
			score: row.score,
			pre: row.pre,
			post: row.post,
			delayed: row.delayed
		};
		expected.set(student.id, fromGrid);

		const summary = await loadStudentSummary(db, student.id, assignmentId, studentModule);
		expect(
			{
				score: summary.overall,
				pre: summary.prePost.pre,
				post: summary.prePost.post,
				delayed: summary.prePost.delayed
			},
			'summary'
		).toEqual(fromGrid);
		expect(summary.prePost.gain, 'summary gain').toBe(row.gain);
		expect(summary.prePost.delayedGain, 'summary delayed gain').toBe(row.delayedGain);

		const work = studentWork(data, student.id)!;
		const { gain, delayedGain, ...figures } = work.figures;
		expect(figures, 'per-student page').toEqual(fromGrid);
		expect({ gain, delayedGain }, 'per-student page gains').toEqual({
			gain: row.gain,
			delayedGain: row.delayedGain
		});
		for (const step of work.steps) {
			for (const q of step.questions) expect(q.score, q.id).toBe(row.cells[q.id]!.score);
		}

		const csvRow = grid.find((r) => r[1] === student.username)!;
		const cell = (name: string) => csvRow[gridHeader.indexOf(name)];
		expect(
			{
				score: cell('Score %'),
				pre: cell('Pre-check %'),
				post: cell('Post-check %'),
				delayed: delayedColumn ? cell('Delayed-check %') : ''
			},
			'grid CSV'
		).toEqual(asPercents(fromGrid));

		// Sensitivity and bias: the grid's reading in the summary, the per-student page and the CSV.
		for (const { form, reading } of summary.discernment.forms) {
			expect(reading, `summary ${form}`).toEqual(row.discernment[form]);
			expect(work.discernment.forms.find((f) => f.form === form)!.reading).toEqual(reading);
			const name = results.discernment.find((d) => d.form === form)!.name;
			expect([cell(`${name} sensitivity d'`), cell(`${name} bias c`)], `grid CSV ${form}`).toEqual([
				twoPlaces(reading?.dPrime),
				twoPlaces(reading?.criterion)
			]);
		}
		for (const form of DISCERNMENT_FORMS) {
			if (!summary.discernment.forms.some((f) => f.form === form)) {
				expect(row.discernment[form], `no ${form} sort`).toBeNull();
			}
		}

		for (const q of results.questions) {
			const first = attempts.find(
				(r) =>
					r[attemptsHeader.indexOf('Username')] === student.username &&
					r[attemptsHeader.indexOf('Question')] === q.id &&
					r[attemptsHeader.indexOf('Attempt')] === 1
			);
			const counted = first ? first[attemptsHeader.indexOf('Score that counts %')] : '';
			expect(counted, `attempts CSV, ${q.id}`).toBe(percent(row.cells[q.id]!.score));
		}

		const districtRow = district.find((r) => r.studentUsername === student.username)!;
		expect(
			{
				score: districtRow.score,
				pre: districtRow.pre,
				post: districtRow.post,
				delayed: districtRow.delayed
			},
			'district export'
		).toEqual(fromGrid);
	}
	return { results, expected };
}

describe.each(engines)('the score that counts, in every view, on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('gives each student the same figures in all six views, with overrides, reviews and unreviewed answers', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id, 'Parity 9');
		const assignmentId = await assignModule(t.db, teacher.id, klass.id, {
			moduleId: module.id,
			moduleVersion: 1,
			opensAt: null,
			dueAt: null
		});
		const [ada, bo, cy] = [
			await makeUser(t.db, 'student'),
			await makeUser(t.db, 'student'),
			await makeUser(t.db, 'student')
		];
		for (const s of [ada, bo, cy]) await addStudentToClass(t.db, klass.id, s.id);

		// Ada: everything right; her conclusion reviewed at 3 of 8 rubric points; a right answer overridden to 0.
		for (const id of questionIds) await answer(t.db, ada.id, id);
		await recordReview(t.db, teacher.id, await firstAttemptId(t.db, ada.id, 'conclusion'), {
			rubric: { claim: 1, evidence: 1, sourcing: 1, fairness: 0 },
			comment: 'Name the evidence.'
		});
		await overrideScore(t.db, teacher.id, await firstAttemptId(t.db, ada.id, 'who-genre'), {
			score: 0,
			reason: 'Copied from a neighbour.'
		});
		// Bo: a wrong first try raised to 100% by the teacher, then a right retry that must not
		// count; a pre-check answer overridden; written answers left unreviewed.
		await answer(t.db, bo.id, 'who-genre', { type: 'single', options: ['news'] });
		await answer(t.db, bo.id, 'who-genre');
		await overrideScore(t.db, teacher.id, await firstAttemptId(t.db, bo.id, 'who-genre'), {
			score: 1,
			reason: 'The question was ambiguous for this class.'
		});
		await answer(t.db, bo.id, 'who-credit', { type: 'single', options: ['parliament'] });
		for (const id of checkQuestionIds(module, 'pre')) {
			await answer(t.db, bo.id, id, { type: 'single', options: ['official'] });
		}
		await overrideScore(t.db, teacher.id, await firstAttemptId(t.db, bo.id, 'pre-credit-line'), {
			score: 0.5,
			reason: 'Half right.'
		});
		await answer(t.db, bo.id, 'conclusion');
		await answer(t.db, bo.id, 'lateral-plan');
		// Cy: one pre-check answer only, so no pre-check score and no score at all.
		await answer(t.db, cy.id, checkQuestionIds(module, 'pre')[0]!);

		const { results, expected } = await expectParity(t.db, teacher.id, assignmentId, module, [
			ada,
			bo,
			cy
		]);

		// The figures themselves, so a rule changed in all six places at once is still noticed.
		const bos = results.rows.find((r) => r.student.id === bo.id)!;
		expect(bos.cells['who-genre']!.score).toBe(1);
		expect(bos.cells['who-credit']!.score).toBe(0);
		expect(bos.cells['conclusion']!.score).toBeNull();
		expect(expected.get(bo.id)!.score).toBe(0.5);
		expect(expected.get(cy.id)).toEqual({ score: null, pre: null, post: null, delayed: null });
		const adas = results.rows.find((r) => r.student.id === ada.id)!;
		expect(adas.cells['who-genre']!.score).toBe(0);
		expect(adas.cells['conclusion']!.score).toBe(3 / 8);
	});

	it('gives the same delayed-check figures and discernment in every view, with an override there', async () => {
		const fixture = await publishDiscernmentModule(t.db);
		const { teacher, assignmentId, students } = await classOn(t.db, fixture.id, fixture.version, 3);
		const [dee, eli, fay] = students as [
			(typeof students)[0],
			(typeof students)[0],
			(typeof students)[0]
		];
		const takeCheck = async (
			studentId: string,
			form: 'pre' | 'post' | 'delayed',
			moves: Record<string, string> = {}
		) => {
			for (const id of checkQuestionIds(fixture, form)) {
				if (id === SORTS[form]) {
					await answer(t.db, studentId, id, sortAnswer(claimsOf[form], moves));
				} else await answer(t.db, studentId, id);
			}
		};
		// Dee: every check, a slip on each sort; her delayed item raised by the teacher.
		await takeCheck(dee.id, 'pre', { 'not-single': 'sourced', excuse: 'judgement' });
		await takeCheck(dee.id, 'post', { ratified: 'unsourced' });
		await takeCheck(dee.id, 'delayed', { wasted: 'sourced' });
		await answer(t.db, dee.id, 'who-genre');
		await overrideScore(
			t.db,
			teacher.id,
			await firstAttemptId(t.db, dee.id, 'delayed-named-source'),
			{ score: 0.5, reason: 'Named the wrong paragraph.' }
		);
		// Eli: the delayed sort only, so no delayed-check score but a delayed reading.
		await takeCheck(eli.id, 'pre');
		await answer(t.db, eli.id, SORTS.delayed, sortAnswer(claimsOf.delayed, { mall: 'judgement' }));
		// Fay: nothing.

		const { results, expected } = await expectParity(t.db, teacher.id, assignmentId, fixture, [
			dee,
			eli,
			fay
		]);
		expect(results.hasDelayed).toBe(true);
		expect(expected.get(dee.id)!.delayed).toBeCloseTo((0.5 + 8 / 9) / 2, 10);
		expect(expected.get(eli.id)).toMatchObject({ pre: 1, delayed: null });
		const elis = results.rows.find((r) => r.student.id === eli.id)!;
		expect(elis.discernment.delayed).toMatchObject({ caught: 2, kept: 3 });
		expect(elis.delayedGain).toBeNull();
		expect(expected.get(fay.id)).toEqual({ score: null, pre: null, post: null, delayed: null });
	});
});
