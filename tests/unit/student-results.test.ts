import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	listAttempts,
	recordStepVisit,
	recordSummaryVisit,
	submitAttempt,
	type StudentWork
} from '$lib/server/attempts';
import type { Db } from '$lib/server/db';
import { shippedModule } from '$lib/server/modules';
import { grade } from '$lib/question-types/registry.server';
import { overrideScore, recordReview } from '$lib/server/reviews';
import { listNewFeedback, loadStudentSummary } from '$lib/server/student-results';
import type { Answer, Confidence } from '$lib/lesson';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { enrolledStudent } from '../fixtures/answers';

const module = shippedModule('tajik-border', 1)!;
const PLAN = 'search '.repeat(40).trim();

async function answer(
	db: Db,
	work: StudentWork,
	questionId: string,
	given: Answer,
	confidence: Confidence | null,
	now: number
) {
	const question = module.questions.get(questionId)!;
	const grading = grade(question, given);
	await submitAttempt(
		db,
		{
			...work,
			submissionId: randomUUID(),
			questionId,
			stepSlug: question.stepSlug,
			answer: given,
			confidence,
			score: grading.score,
			correct: grading.correct,
			elapsedMs: 1000,
			once: question.once,
			moduleQuestionIds: [...module.questions.keys()]
		},
		now
	);
	const attempts = await listAttempts(db, work.studentId, work.assignmentId);
	return attempts.find((a) => a.question_id === questionId)!.id;
}

describe.each(engines)("a student's own results on %s", (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('counts written answers waiting for review, and judges no confidence level on too few answers', async () => {
		const { work } = await enrolledStudent(t.db);
		await answer(t.db, work, 'lateral-first', { type: 'single', options: ['who'] }, 'high', 1000);
		await answer(
			t.db,
			work,
			'lateral-independent',
			{ type: 'multiple', options: ['news', 'research'] },
			'low',
			1001
		);
		const text = { type: 'written' as const, text: PLAN, selfAssessment: {} };
		await answer(t.db, work, 'lateral-plan', text, null, 1002);

		const summary = await loadStudentSummary(t.db, work.studentId, work.assignmentId, module);
		const part = summary.parts.find((p) => p.slug === 'what-do-other-sources-say')!;
		expect(part).toMatchObject({ answered: 3, questions: 3, score: 1, awaitingReview: 1 });
		expect(summary.overallAwaitingReview).toBe(1);
		expect(summary.checkQuestionCount).toBeGreaterThan(0);
		expect(summary.calibration.find((c) => c.level === 'low')).toMatchObject({
			count: 1,
			enough: false
		});
	});

	it('flags a review or an override as new until the student opens the summary or a step', async () => {
		const { teacherId, work } = await enrolledStudent(t.db);
		const text = { type: 'written' as const, text: PLAN, selfAssessment: {} };
		const planId = await answer(t.db, work, 'lateral-plan', text, null, 10_000);
		expect(await listNewFeedback(t.db, work.studentId)).toEqual(new Set());

		const rubric = { searches: 1, independence: 1, 'change-mind': 1 };
		await recordReview(t.db, teacherId, planId, { rubric, comment: 'More.' }, 20_000);
		expect(await listNewFeedback(t.db, work.studentId)).toEqual(new Set([work.assignmentId]));
		await recordSummaryVisit(t.db, work, 30_000);
		expect(await listNewFeedback(t.db, work.studentId)).toEqual(new Set());

		await overrideScore(t.db, teacherId, planId, { score: 1, reason: 'Fine.' }, 40_000);
		expect(await listNewFeedback(t.db, work.studentId)).toEqual(new Set([work.assignmentId]));
		await recordStepVisit(t.db, work, 'what-do-other-sources-say', 50_000);
		expect(await listNewFeedback(t.db, work.studentId)).toEqual(new Set());
	});
});
