import type { CheckForm, TeacherReview } from '$lib/lesson';
import { CONFIDENCE_LEVELS, CONFIDENCE_MIN_ANSWERS } from '$lib/lesson';
import { listAttempts, type AttemptRow } from './attempts';
import type { Db } from './db';
import type { LessonModule } from './module-document';
import { hasCheck, isCheckQuestion, mean, scoreStudent } from './scoring';
import { discernmentReport } from './discernment';

// What a student sees of their own results.

export type StudentSummary = ReturnType<typeof summariseStudent>;

export type OwnAdjustments = {
	reviews: Map<string, TeacherReview>;
	overrides: Map<string, { score: number }>;
};

/** One student's module results, from first attempts: the ones that count. */
export function summariseStudent(
	module: LessonModule,
	attempts: AttemptRow[],
	adjustments: OwnAdjustments = { reviews: new Map(), overrides: new Map() }
) {
	const { reviews } = adjustments;
	const scores = scoreStudent(module, attempts, adjustments);
	const { scoreOf, firsts: firstAttempts, pre, post } = scores;

	const isAwaitingReview = (id: string) => firstAttempts.has(id) && scoreOf(id) === null;

	const parts = module.steps.map((step) => {
		const scored = step.questionIds.filter(
			(id) => module.questions.get(id)!.type !== 'written' || scoreOf(id) !== null
		);
		const partScores = scored.map(scoreOf).filter((s): s is number => s !== null);
		return {
			slug: step.slug,
			title: step.title,
			number: step.number,
			check: step.check ?? null,
			questions: step.questionIds.length,
			answered: step.questionIds.filter((id) => firstAttempts.has(id)).length,
			score: mean(partScores),
			scoredCount: partScores.length,
			scorableCount: scored.length,
			/** Written answers given and not yet scored by the teacher. */
			awaitingReview: step.questionIds.filter(
				(id) => module.questions.get(id)!.type === 'written' && isAwaitingReview(id)
			).length
		};
	});

	const skills = new Map<string, Record<CheckForm, number | null>>();
	for (const step of module.steps) {
		if (!step.check) continue;
		for (const id of step.questionIds) {
			const question = module.questions.get(id)!;
			const skill = 'skill' in question && question.skill ? question.skill : id;
			const entry = skills.get(skill) ?? { pre: null, post: null, delayed: null };
			entry[step.check] = scoreOf(id);
			skills.set(skill, entry);
		}
	}

	const discernment = discernmentReport(module, scores.discernment);

	const calibration = CONFIDENCE_LEVELS.map((level) => {
		const scores = [...firstAttempts.values()]
			.filter((a) => a.confidence === level.id && a.score !== null)
			.map((a) => a.score as number);
		return {
			level: level.id,
			label: level.label,
			count: scores.length,
			meanScore: mean(scores),
			enough: scores.length >= CONFIDENCE_MIN_ANSWERS
		};
	});

	const written = [...module.questions.values()]
		.filter((q) => q.type === 'written')
		.map((q) => ({
			questionId: q.id,
			prompt: q.prompt,
			stepSlug: q.stepSlug,
			submitted: firstAttempts.has(q.id),
			review: (() => {
				const first = firstAttempts.get(q.id);
				return first ? (reviews.get(first.id) ?? null) : null;
			})()
		}));

	return {
		parts,
		answered: firstAttempts.size,
		questionCount: module.questions.size,
		overall: scores.score,
		/** Outside the checks, as `overall` counts: answers given that wait for the teacher. */
		overallAwaitingReview: [...module.questions.keys()].filter(
			(id) => !isCheckQuestion(module, id) && isAwaitingReview(id)
		).length,
		checkQuestionCount: module.steps
			.filter((s) => s.check)
			.reduce((sum, s) => sum + s.questionIds.length, 0),
		prePost: {
			pre,
			post,
			delayed: scores.delayed,
			gain: scores.gain,
			delayedGain: scores.delayedGain,
			hasDelayed: hasCheck(module, 'delayed'),
			bySkill: [...skills].map(([skill, scores]) => ({ skill, ...scores }))
		},
		discernment,
		calibration,
		written
	};
}

/** Reviews of a student's own answers, for their summary and the question itself. */
export async function listOwnReviews(db: Db, studentId: string, assignmentId: string) {
	const rows = await db
		.selectFrom('reviews')
		.innerJoin('attempts', 'attempts.id', 'reviews.attempt_id')
		.select([
			'reviews.attempt_id',
			'attempts.question_id',
			'reviews.rubric',
			'reviews.comment',
			'reviews.score'
		])
		.where('attempts.student_id', '=', studentId)
		.where('attempts.assignment_id', '=', assignmentId)
		.execute();
	return new Map(
		rows.map((r) => [
			r.attempt_id,
			{
				questionId: r.question_id,
				rubric: JSON.parse(r.rubric) as Record<string, number>,
				comment: r.comment,
				score: r.score
			}
		])
	);
}

/** Scores a teacher changed on a student's own answers: the summary counts these. */
export async function listOwnOverrides(db: Db, studentId: string, assignmentId: string) {
	const rows = await db
		.selectFrom('score_overrides')
		.innerJoin('attempts', 'attempts.id', 'score_overrides.attempt_id')
		.select(['score_overrides.attempt_id', 'score_overrides.score'])
		.where('attempts.student_id', '=', studentId)
		.where('attempts.assignment_id', '=', assignmentId)
		.execute();
	return new Map(rows.map((r) => [r.attempt_id, { score: r.score }]));
}

/** A student's summary as their summary page shows it. */
export async function loadStudentSummary(
	db: Db,
	studentId: string,
	assignmentId: string,
	module: LessonModule
) {
	const [attempts, reviews, overrides] = await Promise.all([
		listAttempts(db, studentId, assignmentId),
		listOwnReviews(db, studentId, assignmentId),
		listOwnOverrides(db, studentId, assignmentId)
	]);
	return summariseStudent(module, attempts, { reviews, overrides });
}

/**
 * Assignments whose teacher reviewed an answer or changed a score since the student last worked
 * on or looked at them (opened a step or the summary): what My lessons flags as new feedback.
 * Progress's own time stands in for "seen", so no column records it.
 */
export async function listNewFeedback(db: Db, studentId: string): Promise<Set<string>> {
	const [reviewed, overridden, progress] = await Promise.all([
		db
			.selectFrom('reviews')
			.innerJoin('attempts', 'attempts.id', 'reviews.attempt_id')
			.select((eb) => ['attempts.assignment_id', eb.fn.max('reviews.updated_at').as('at')])
			.where('attempts.student_id', '=', studentId)
			.groupBy('attempts.assignment_id')
			.execute(),
		db
			.selectFrom('score_overrides')
			.innerJoin('attempts', 'attempts.id', 'score_overrides.attempt_id')
			.select((eb) => ['attempts.assignment_id', eb.fn.max('score_overrides.updated_at').as('at')])
			.where('attempts.student_id', '=', studentId)
			.groupBy('attempts.assignment_id')
			.execute(),
		db
			.selectFrom('progress')
			.select(['assignment_id', 'updated_at'])
			.where('student_id', '=', studentId)
			.execute()
	]);
	const seenAt = new Map(progress.map((p) => [p.assignment_id, Number(p.updated_at)]));
	const fresh = new Set<string>();
	for (const row of [...reviewed, ...overridden]) {
		if (row.assignment_id === null) continue;
		if (Number(row.at) > (seenAt.get(row.assignment_id) ?? 0)) fresh.add(row.assignment_id);
	}
	return fresh;
}
