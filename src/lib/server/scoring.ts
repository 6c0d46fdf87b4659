import type { CheckForm } from '$lib/lesson';
import { discernmentByForm } from './discernment';
import type { LessonModule } from './module-document';

// The score that counts, in one place. Every view of a student's result (their summary, the
// teacher's grid and per-student page, both CSV exports) computes it here; the district export
// sums it in SQL and tests/unit/scoring-parity.test.ts holds the two equal.

export const mean = (values: number[]) =>
	values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;

const isNumber = (value: number | null): value is number => value !== null;

/** The first attempt of each group (by question, or by student): the attempt that is scored. */
export function firstAttemptsBy<T extends { attempt_no: number }>(
	attempts: T[],
	keyOf: (attempt: T) => string
): Map<string, T> {
	const firsts = new Map<string, T>();
	for (const attempt of attempts) {
		const known = firsts.get(keyOf(attempt));
		if (!known || attempt.attempt_no < known.attempt_no) firsts.set(keyOf(attempt), attempt);
	}
	return firsts;
}

/** A teacher's review of an answer, and their override of its score, by attempt id. */
export type ScoreAdjustments = {
	reviews: ReadonlyMap<string, { score: number }>;
	overrides: ReadonlyMap<string, { score: number }>;
};

/** The score that counts for an attempt: a teacher's override, else a review, else the automatic score. */
export function effectiveScore(
	attempt: { id: string; score: number | null },
	adjustments: ScoreAdjustments
): number | null {
	return (
		adjustments.overrides.get(attempt.id)?.score ??
		adjustments.reviews.get(attempt.id)?.score ??
		attempt.score
	);
}

export const CHECK_FORMS: readonly CheckForm[] = ['pre', 'post', 'delayed'];

export function checkQuestionIds(module: LessonModule, check: CheckForm): string[] {
	return module.steps.filter((s) => s.check === check).flatMap((s) => s.questionIds);
}

export function hasCheck(module: LessonModule, check: CheckForm): boolean {
	return module.steps.some((s) => s.check === check);
}

export function isCheckQuestion(module: LessonModule, questionId: string): boolean {
	return Boolean(module.steps.find((s) => s.questionIds.includes(questionId))?.check);
}

type ScoredAttempt = {
	id: string;
	question_id: string;
	attempt_no: number;
	answer: string;
	score: number | null;
};

const difference = (from: number | null, to: number | null) =>
	from !== null && to !== null ? to - from : null;

/**
 * One student's figures on one module. Only first attempts count. The score is the mean over the
 * questions outside the checks that have a score (a written answer has none until it is
 * reviewed); a check's score needs every one of its questions scored. Gains run from the
 * pre-check to the post-check and to the delayed check. Discernment is read from the sorts of
 * each check and of the lesson.
 */
export function scoreStudent<A extends ScoredAttempt>(
	module: LessonModule,
	attempts: A[],
	adjustments: ScoreAdjustments
) {
	const firsts = firstAttemptsBy(attempts, (a) => a.question_id);
	const scoreOf = (questionId: string) => {
		const first = firsts.get(questionId);
		return first ? effectiveScore(first, adjustments) : null;
	};
	const checkScore = (check: CheckForm) => {
		const scores = checkQuestionIds(module, check).map(scoreOf);
		return scores.length > 0 && scores.every(isNumber) ? mean(scores as number[]) : null;
	};
	const pre = checkScore('pre');
	const post = checkScore('post');
	const delayed = checkScore('delayed');
	return {
		firsts,
		scoreOf,
		score: mean(
			[...module.questions.keys()]
				.filter((id) => !isCheckQuestion(module, id))
				.map(scoreOf)
				.filter(isNumber)
		),
		pre,
		post,
		delayed,
		/** Post-check minus pre-check. */
		gain: difference(pre, post),
		/** Delayed check minus pre-check. */
		delayedGain: difference(pre, delayed),
		discernment: discernmentByForm(module, firsts)
	};
}
