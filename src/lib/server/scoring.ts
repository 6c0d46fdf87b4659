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

export function checkQuestionIds(module: LessonModule, check: 'pre' | 'post'): string[] {
	return module.steps.filter((s) => s.check === check).flatMap((s) => s.questionIds);
}

export function isCheckQuestion(module: LessonModule, questionId: string): boolean {
	return Boolean(module.steps.find((s) => s.questionIds.includes(questionId))?.check);
}

type ScoredAttempt = { id: string; question_id: string; attempt_no: number; score: number | null };

/**
 * One student's figures on one module. Only first attempts count. The score is the mean over the
 * questions outside the pre- and post-check that have a score (a written answer has none until it
 * is reviewed); a check's score needs every one of its questions scored.
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
	const checkScore = (check: 'pre' | 'post') => {
		const scores = checkQuestionIds(module, check).map(scoreOf);
		return scores.length > 0 && scores.every(isNumber) ? mean(scores as number[]) : null;
	};
	const pre = checkScore('pre');
	const post = checkScore('post');
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
		gain: pre !== null && post !== null ? post - pre : null
	};
}
