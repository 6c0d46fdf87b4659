import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	QuestionLockedError,
	SubmissionConflictError,
	listAttempts,
	listDrafts,
	recordStepVisit,
	saveDraft,
	submitAttempt,
	type NewAttempt,
	type StudentWork
} from '$lib/server/attempts';
import { findOpenAssignment } from '$lib/server/assignments';
import { shippedModule } from '$lib/server/modules';
import { grade } from '$lib/question-types/registry.server';
import { summariseStudent } from '$lib/server/student-results';
import type { Answer, Confidence } from '$lib/lesson';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { enrolledStudent } from '../fixtures/answers';

const module = shippedModule('tajik-border', 1)!;
const allIds = [...module.questions.keys()];

function attemptFor(
	work: StudentWork,
	questionId: string,
	answer: Answer,
	confidence: Confidence | null = 'medium',
	submissionId?: string
): NewAttempt {
	const question = module.questions.get(questionId)!;
	const grading = grade(question, answer);
	return {
		...work,
		submissionId,
		questionId,
		stepSlug: question.stepSlug,
		answer,
		confidence,
		score: grading.score,
		correct: grading.correct,
		elapsedMs: 1000,
		once: question.once,
		moduleQuestionIds: allIds
	};
}

describe.each(engines)('answers and progress on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('numbers attempts, keeps all of them, and counts a repeated submission once', async () => {
		const student = await enrolledStudent(t.db);
		const id = randomUUID();
		const wrong: Answer = { type: 'single', options: ['parliament'] };
		expect(
			await submitAttempt(t.db, attemptFor(student.work, 'who-credit', wrong, 'high', id))
		).toEqual({
			attemptNo: 1,
			repeated: false
		});
		expect(
			await submitAttempt(t.db, attemptFor(student.work, 'who-credit', wrong, 'high', id))
		).toEqual({
			attemptNo: 1,
			repeated: true
		});
		await submitAttempt(
			t.db,
			attemptFor(student.work, 'who-credit', { type: 'single', options: ['farsi'] })
		);
		const rows = await listAttempts(t.db, student.id, student.work.assignmentId);
		expect(rows.map((r) => [r.attempt_no, r.score])).toEqual([
			[1, 0],
			[2, 1]
		]);
	});

	it('refuses a submission id that belongs to someone else', async () => {
		const a = await enrolledStudent(t.db);
		const b = await enrolledStudent(t.db);
		const id = randomUUID();
		await submitAttempt(
			t.db,
			attemptFor(a.work, 'who-credit', { type: 'single', options: ['farsi'] }, 'low', id)
		);
		await expect(
			submitAttempt(
				t.db,
				attemptFor(b.work, 'who-credit', { type: 'single', options: ['farsi'] }, 'low', id)
			)
		).rejects.toBeInstanceOf(SubmissionConflictError);
		expect(await listAttempts(t.db, b.id, b.work.assignmentId)).toEqual([]);
	});

	it('locks a one-answer check after its answer', async () => {
		const student = await enrolledStudent(t.db);
		const answer: Answer = { type: 'single', options: ['organisation'] };
		await submitAttempt(t.db, attemptFor(student.work, 'pre-credit-line', answer));
		await expect(
			submitAttempt(t.db, attemptFor(student.work, 'pre-credit-line', answer))
		).rejects.toBeInstanceOf(QuestionLockedError);
		expect(await listAttempts(t.db, student.id, student.work.assignmentId)).toHaveLength(1);
	});

	it('gives concurrent attempts distinct numbers', async () => {
		const student = await enrolledStudent(t.db);
		const answer: Answer = { type: 'single', options: ['advocacy'] };
		await Promise.all(
			Array.from({ length: 8 }, () =>
				submitAttempt(t.db, attemptFor(student.work, 'who-genre', answer))
			)
		);
		const numbers = (await listAttempts(t.db, student.id, student.work.assignmentId)).map(
			(r) => r.attempt_no
		);
		expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('stores every one of 600 attempts sent at once, without running out of retries', async () => {
		const student = await enrolledStudent(t.db);
		const answer: Answer = { type: 'single', options: ['advocacy'] };
		const results = await Promise.allSettled(
			Array.from({ length: 600 }, () =>
				submitAttempt(t.db, attemptFor(student.work, 'who-genre', answer))
			)
		);
		expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
		const numbers = (await listAttempts(t.db, student.id, student.work.assignmentId)).map(
			(r) => r.attempt_no
		);
		expect(numbers).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
	});

	it('keeps a draft until the answer is submitted', async () => {
		const student = await enrolledStudent(t.db);
		const draft: Answer = { type: 'written', text: 'Half a thought', selfAssessment: {} };
		await saveDraft(t.db, {
			...student.work,
			questionId: 'conclusion',
			answer: draft
		});
		await saveDraft(t.db, {
			...student.work,
			questionId: 'conclusion',
			answer: { ...draft, text: 'Half a thought, then more' }
		});
		expect(
			(await listDrafts(t.db, student.id, student.work.assignmentId)).get('conclusion')
		).toEqual({
			...draft,
			text: 'Half a thought, then more'
		});
		await submitAttempt(
			t.db,
			attemptFor(student.work, 'conclusion', { ...draft, text: 'word '.repeat(50) }, null)
		);
		expect((await listDrafts(t.db, student.id, student.work.assignmentId)).size).toBe(0);
	});

	it('remembers the last step and marks the module complete when every question is answered', async () => {
		const student = await enrolledStudent(t.db);
		await recordStepVisit(t.db, student.work, 'pre-check');
		await recordStepVisit(t.db, student.work, 'language-and-framing');
		const progress = async () => (await findOpenAssignment(t.db, student.id, module.id))!.progress;
		expect((await progress())?.currentStep).toBe('language-and-framing');
		for (const [index, questionId] of allIds.entries()) {
			expect((await progress())?.completedAt).toBeNull();
			await submitAttempt(
				t.db,
				attemptFor(student.work, questionId, anyAnswer(questionId), index % 2 ? 'high' : 'low')
			);
		}
		expect((await progress())?.completedAt).toEqual(expect.any(Number));
	});

	it('summarises first attempts: parts, pre/post gain, discernment and calibration', async () => {
		const student = await enrolledStudent(t.db);
		const submit = (questionId: string, answer: Answer, confidence: Confidence | null) =>
			submitAttempt(t.db, attemptFor(student.work, questionId, answer, confidence));
		// Pre-check: one of three right. Post-check: all three right.
		await submit('pre-credit-line', { type: 'single', options: ['organisation'] }, 'high');
		await submit('pre-named-source', { type: 'single', options: ['observers'] }, 'high');
		await submit('pre-loaded-words', { type: 'single', options: ['deputy'] }, 'low');
		await submit('post-verdict', { type: 'single', options: ['check'] }, 'high');
		await submit('post-sweeping', { type: 'single', options: ['all-incidents'] }, 'high');
		await submit('post-motive', { type: 'single', options: ['wants'] }, 'medium');
		// Everything "unsupported" on the sort; a retry that is perfect does not count.
		const sort = module.questions.get('evidence-sort')!;
		if (sort.type !== 'sort') throw new Error('expected sort');
		await submit(
			'evidence-sort',
			{
				type: 'sort',
				placements: Object.fromEntries(sort.claims.map((c) => [c.id, 'unsupported']))
			},
			'low'
		);
		await submit(
			'evidence-sort',
			{ type: 'sort', placements: Object.fromEntries(sort.claims.map((c) => [c.id, c.category])) },
			'high'
		);

		const summary = summariseStudent(
			module,
			await listAttempts(t.db, student.id, student.work.assignmentId)
		);
		expect(summary.prePost.pre).toBeCloseTo(1 / 3);
		expect(summary.prePost.post).toBe(1);
		expect(summary.prePost.gain).toBeCloseTo(2 / 3);
		expect(summary.prePost.bySkill).toEqual([
			{ skill: 'sourcing', pre: 1, post: 1, delayed: null },
			{ skill: 'evidence', pre: 0, post: 1, delayed: null },
			{ skill: 'framing', pre: 0, post: 1, delayed: null }
		]);
		// Flagging every claim catches all and keeps none: no better than guessing.
		expect(summary.discernment.forms).toEqual([
			{ form: 'lesson', reading: expect.objectContaining({ caught: 3, toCatch: 3, kept: 0 }) }
		]);
		expect(summary.discernment.forms[0]!.reading!.dPrime).toBeCloseTo(0, 10);
		expect(summary.discernment.forms[0]!.reading!.bias).toBe('sceptical');
		const evidence = summary.parts.find((p) => p.slug === 'what-is-the-evidence')!;
		expect(evidence.score).toBeCloseTo(1 / 3);
		const byLevel = Object.fromEntries(summary.calibration.map((c) => [c.level, c]));
		expect(byLevel.high).toMatchObject({ count: 4, meanScore: 0.75 });
		expect(byLevel.low!.count).toBe(2);
		expect(byLevel.low!.meanScore).toBeCloseTo((0 + 1 / 3) / 2);
	});
});

function anyAnswer(questionId: string): Answer {
	const question = module.questions.get(questionId)!;
	switch (question.type) {
		case 'single':
		case 'multiple':
			return { type: question.type, options: [question.options[0]!.id] };
		case 'mark':
			return { type: 'mark', sentences: ['s2'] };
		case 'sort':
			return {
				type: 'sort',
				placements: Object.fromEntries(question.claims.map((c) => [c.id, 'fact']))
			};
		case 'written':
			return { type: 'written', text: 'word '.repeat(50), selfAssessment: {} };
	}
}
