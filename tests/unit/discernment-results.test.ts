import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	analyseAssignment,
	gridTable,
	loadAssignmentData,
	studentWork
} from '$lib/server/class-results';
import { loadStudentSummary } from '$lib/server/student-results';
import { checkQuestionIds } from '$lib/server/scoring';
import { districtResultsTable, listDistrictResults } from '$lib/server/district-results';
import type { LessonModule } from '$lib/server/module-document';
import { shippedModule } from '$lib/server/modules';
import type { Answer, CheckForm } from '$lib/lesson';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { answer, module as v1 } from '../fixtures/answers';
import {
	SORTS,
	claimsOf,
	classOn,
	publishDiscernmentModule,
	sortAnswer
} from '../fixtures/discernment-module';

// Discernment read through the real query layer: answers submitted as the lesson page submits
// them, read back by the student's summary, the class results, the per-student page and the CSV.

const Z875 = 1.1503493803760079;
const Z625 = 0.3186393639643752;
const ONE_SLIP = Z875 + Z625; // d′ with 3 of 3 caught and 1 of 3 flagged, or 2 of 3 and none
const LEAN = (Z875 - Z625) / 2; // |c| there

describe.each(engines)('discernment in the results, on %s', (engine) => {
	let t: TestDb;
	let fixture: LessonModule;
	beforeAll(async () => {
		t = await createTestDb(engine);
		fixture = await publishDiscernmentModule(t.db);
	});
	afterAll(() => t.destroy());

	/** Every other question of a check answered right, and its sort as given. */
	async function takeCheck(
		studentId: string,
		form: 'pre' | 'post' | 'delayed',
		moves: Record<string, string>
	) {
		for (const id of checkQuestionIds(fixture, form)) {
			if (id === SORTS[form]) await answer(t.db, studentId, id, sortAnswer(claimsOf[form], moves));
			else await answer(t.db, studentId, id);
		}
	}

	it('reads sensitivity and bias per form for the student, the teacher and the CSV', async () => {
		const { teacher, assignmentId, students } = await classOn(t.db, fixture.id, fixture.version, 3);
		const [ada, bo, cy] = students as [
			(typeof students)[0],
			(typeof students)[0],
			(typeof students)[0]
		];

		// Ada flags one sourced fact at the start, sorts perfectly at the end, and misses one claim
		// with no source days later; on the lesson's sort she flags everything.
		await takeCheck(ada.id, 'pre', { 'data-received': 'unsourced' });
		await takeCheck(ada.id, 'post', {});
		await takeCheck(ada.id, 'delayed', { doubled: 'sourced' });
		const evidence = v1.questions.get('evidence-sort')!;
		if (evidence.type !== 'sort') throw new Error('expected a sort');
		const flagAll = {
			type: 'sort' as const,
			placements: Object.fromEntries(evidence.claims.map((c) => [c.id, 'unsupported']))
		};
		await answer(t.db, ada.id, 'evidence-sort', flagAll);
		// A perfect retry does not count: only first attempts do.
		await answer(t.db, ada.id, 'evidence-sort');
		// Bo flags everything at the start and one sourced fact at the end; no delayed check yet.
		await takeCheck(bo.id, 'pre', {
			'shohiyon-threat': 'unsourced',
			'according-to-him': 'unsourced',
			'data-received': 'unsourced'
		});
		await takeCheck(bo.id, 'post', { ratified: 'unsourced' });
		// Cy has not started.

		const summary = await loadStudentSummary(t.db, ada.id, assignmentId, fixture);
		expect(summary.prePost).toMatchObject({ hasDelayed: true, post: 1 });
		expect(summary.prePost.pre).toBeCloseTo((3 + 8 / 9) / 4, 10);
		expect(summary.prePost.delayed).toBeCloseTo((1 + 8 / 9) / 2, 10);
		expect(summary.prePost.gain).toBeCloseTo(1 / 36, 10);
		expect(summary.prePost.delayedGain).toBeCloseTo(-1 / 36, 10);

		const forms = Object.fromEntries(summary.discernment.forms.map((f) => [f.form, f.reading]));
		expect(summary.discernment.forms.map((f) => f.form)).toEqual([
			'pre',
			'lesson',
			'post',
			'delayed'
		]);
		expect(forms.pre).toMatchObject({ caught: 3, toCatch: 3, kept: 2, toKeep: 3 });
		expect(forms.pre!.dPrime).toBeCloseTo(ONE_SLIP, 6);
		expect(forms.pre!.criterion).toBeCloseTo(-LEAN, 6);
		expect(forms.pre!.words).toBe(
			'You caught 3 of 3 claims with no source and kept 2 of 3 sourced facts: you tell them apart well and lean sceptical.'
		);
		expect(forms.post!.dPrime).toBeCloseTo(2 * Z875, 6);
		expect(forms.post!.criterion).toBeCloseTo(0, 10);
		expect(forms.delayed).toMatchObject({ caught: 2, kept: 3, bias: 'trusting' });
		expect(forms.delayed!.criterion).toBeCloseTo(LEAN, 6);
		expect(forms.lesson!.words).toBe(
			'You caught 3 of 3 unsupported claims and kept 0 of 3 checkable facts: you can’t yet tell them apart and lean sceptical.'
		);
		expect(summary.discernment.fromPre.post!.words.you).toBe(
			'you got better at telling them apart, and no longer lean sceptical'
		);
		expect(summary.discernment.fromPre.delayed!.words.you).toBe(
			'you told them apart about as well as before, and now lean trusting'
		);

		const data = await loadAssignmentData(t.db, teacher.id, assignmentId);
		const results = analyseAssignment(data);
		expect(results.hasDelayed).toBe(true);
		const line = Object.fromEntries(results.discernment.map((d) => [d.form, d]));
		expect(Object.keys(line)).toEqual(['pre', 'lesson', 'post', 'delayed']);
		expect(line.pre).toMatchObject({ name: 'Pre-check', students: 2, fromPre: null });
		expect(line.pre!.dPrime).toBeCloseTo(ONE_SLIP / 2, 6);
		expect(line.pre!.criterion).toBeCloseTo((-LEAN - Z875) / 2, 6);
		expect(line.post!.dPrime).toBeCloseTo((2 * Z875 + ONE_SLIP) / 2, 6);
		// The class change is the mean of each student's change: Ada +0.83, Bo +1.47.
		expect(line.post!.fromPre!.students).toBe(2);
		expect(line.post!.fromPre!.dPrime).toBeCloseTo((2 * Z875 - ONE_SLIP + ONE_SLIP) / 2, 6);
		expect(line.post!.fromPre!.criterion).toBeCloseTo((LEAN + (Z875 - LEAN)) / 2, 6);
		expect(line.delayed).toMatchObject({ students: 1 });
		expect(line.delayed!.fromPre!.criterion).toBeCloseTo(2 * LEAN, 6);
		expect(line.lesson).toMatchObject({ students: 1, fromPre: null });
		expect(results.classDelayed).toBeCloseTo((1 + 8 / 9) / 2, 10);
		expect(results.classDelayedGain).toBeCloseTo(-1 / 36, 10);

		const bos = results.rows.find((r) => r.student.id === bo.id)!;
		expect(bos.pre).toBeCloseTo((3 + 2 / 3) / 4, 10);
		expect(bos.delayed).toBeNull();
		expect(bos.discernment.pre).toMatchObject({ caught: 3, kept: 0, falseAlarms: 3 });
		expect(bos.discernment.pre!.dPrime).toBeCloseTo(0, 10);
		expect(bos.discernment.delayed).toBeNull();
		const cys = results.rows.find((r) => r.student.id === cy.id)!;
		expect(Object.values(cys.discernment)).toEqual([null, null, null, null]);

		// The per-student page reads the same as the summary.
		const work = studentWork(data, ada.id)!;
		expect(work.hasDelayed).toBe(true);
		expect(work.discernment).toEqual(summary.discernment);
		expect(studentWork(data, bo.id)!.discernment.fromPre.post!.words.they).toBe(
			'got better at telling them apart, and leans less sceptical'
		);

		const [header, ...rows] = gridTable(results) as (string | number | undefined)[][];
		const cell = (username: string, column: string) => {
			const index = header!.indexOf(column);
			expect(index, column).toBeGreaterThan(-1);
			return rows.find((r) => r[1] === username)![index];
		};
		expect(cell(ada.username, 'Delayed-check %')).toBe(94);
		expect(cell(ada.username, 'Gain pre to delayed (points)')).toBe(-3);
		expect(cell(ada.username, 'Pre-check caught')).toBe(3);
		expect(cell(ada.username, 'Pre-check to catch')).toBe(3);
		expect(cell(ada.username, 'Pre-check kept')).toBe(2);
		expect(cell(ada.username, "Pre-check sensitivity d'")).toBe(1.47);
		expect(cell(ada.username, 'Pre-check bias c')).toBe(-0.42);
		expect(cell(ada.username, 'Delayed check bias c')).toBe(0.42);
		expect(cell(ada.username, "Lesson sensitivity d'")).toBe(0);
		expect(cell(bo.username, "Delayed check sensitivity d'")).toBe('');
		expect(cell(cy.username, 'Pre-check caught')).toBe('');
		expect(header!.slice(-2)).toEqual(['Status', 'Late']);
	});

	it('leaves the delayed columns out where the version has no delayed check', async () => {
		const { teacher, assignmentId, students } = await classOn(t.db, v1.id, 1, 1);
		await answer(t.db, students[0]!.id, 'evidence-sort');
		const results = analyseAssignment(await loadAssignmentData(t.db, teacher.id, assignmentId));
		expect(results.hasDelayed).toBe(false);
		expect(results.discernment.map((d) => d.form)).toEqual(['lesson']);
		const header = gridTable(results)[0] as string[];
		expect(header.filter((h) => /delayed/i.test(h))).toEqual([]);
		expect(header.filter((h) => /^(Pre|Post)-check (caught|bias)/.test(h))).toEqual([]);
		expect(header).toContain("Lesson sensitivity d'");
		const reading = results.rows[0]!.discernment.lesson!;
		expect(reading.dPrime).toBeCloseTo(2 * Z875, 6);
	});
});

describe.each(engines)('discernment on the shipped version 2, on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('reads a sort in every form, scores the delayed check and exports its columns', async () => {
		const v2 = shippedModule('tajik-border', 2)!;
		const { teacher, assignmentId, students } = await classOn(t.db, v2.id, 2, 1);
		const student = students[0]!;
		const sortOf = (id: string) => {
			const question = v2.questions.get(id)!;
			if (question.type !== 'sort') throw new Error(`${id} is not a sort`);
			return question;
		};
		const placing = (id: string, place: (claim: { category: string }) => string): Answer => ({
			type: 'sort',
			placements: Object.fromEntries(sortOf(id).claims.map((c) => [c.id, place(c)]))
		});
		const take = async (form: CheckForm, sort: Answer) => {
			for (const id of checkQuestionIds(v2, form)) {
				await answer(t.db, student.id, id, id === `${form}-sort` ? sort : undefined);
			}
		};
		// Flags every claim at the start; sorts right at the end; days later lets one claim
		// with no source through as sourced.
		await take(
			'pre',
			placing('pre-sort', () => 'unsourced')
		);
		await take(
			'post',
			placing('post-sort', (c) => c.category)
		);
		const letThrough = sortOf('delayed-sort').claims.find((c) => c.category === 'unsourced')!;
		await take(
			'delayed',
			placing('delayed-sort', (c) => (c === letThrough ? 'sourced' : c.category))
		);
		await answer(t.db, student.id, 'evidence-sort');

		const summary = await loadStudentSummary(t.db, student.id, assignmentId, v2);
		expect(summary.prePost.hasDelayed).toBe(true);
		expect(summary.prePost.pre).toBeCloseTo(3 / 4 + 1 / 3 / 4, 10);
		expect(summary.prePost.post).toBe(1);
		expect(summary.prePost.delayed).toBeCloseTo(3 / 4 + (1 + 2 / 3 + 1) / 3 / 4, 10);
		const readings = Object.fromEntries(summary.discernment.forms.map((f) => [f.form, f.reading]));
		expect(Object.keys(readings)).toEqual(['pre', 'lesson', 'post', 'delayed']);
		expect(readings.pre!.words).toBe(
			'You caught 3 of 3 claims with no source and kept 0 of 3 sourced facts: you can’t yet tell them apart and lean sceptical.'
		);
		// The lesson's sort is bigger: 5 claims to catch and 2 to keep.
		expect(readings.lesson).toMatchObject({ caught: 5, toCatch: 5, kept: 2, toKeep: 2 });
		expect(readings.lesson!.dPrime).toBeCloseTo(2.35, 2);
		expect(readings.delayed).toMatchObject({ caught: 2, kept: 3, bias: 'trusting' });
		expect(summary.discernment.fromPre.post!.words.you).toBe(
			'you got better at telling them apart, and no longer lean sceptical'
		);
		expect(summary.discernment.fromPre.delayed!.words.you).toBe(
			'you got better at telling them apart, and now lean trusting'
		);

		const results = analyseAssignment(await loadAssignmentData(t.db, teacher.id, assignmentId));
		const header = gridTable(results)[0] as string[];
		expect(header).toEqual(
			expect.arrayContaining([
				'Delayed-check %',
				'Gain pre to delayed (points)',
				"Delayed check sensitivity d'",
				'Delayed check bias c'
			])
		);
		const district = districtResultsTable(await listDistrictResults(t.db));
		const row = district.find((r) => r.includes(student.username))!;
		expect(row[(district[0] as string[]).indexOf('Delayed-check %')]).toBe(
			Math.round((3 / 4 + 8 / 9 / 4) * 100)
		);
	});
});
