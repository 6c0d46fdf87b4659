import { NotFoundError } from './classes';
import type { Db } from './db';
import { getModuleVersion } from './modules';

// A teacher's marks on an answer: a rubric review of a written answer, or an override of any
// score, with its reason. Only answers of students in the teacher's own classes.

/**
 * The attempt, if it was made for an assignment of one of this teacher's classes by a student
 * still in it: work done for another teacher's class is not this teacher's to review.
 */
async function requireTeachersAttempt(db: Db, teacherId: string, attemptId: string) {
	const row = await db
		.selectFrom('attempts')
		.innerJoin('assignments', 'assignments.id', 'attempts.assignment_id')
		.innerJoin('classes', 'classes.id', 'assignments.class_id')
		.innerJoin('class_members', (join) =>
			join
				.onRef('class_members.class_id', '=', 'classes.id')
				.onRef('class_members.student_id', '=', 'attempts.student_id')
		)
		.select([
			'attempts.id',
			'attempts.module_id',
			'attempts.module_version',
			'attempts.question_id',
			'attempts.score'
		])
		.where('attempts.id', '=', attemptId)
		.where('assignments.removed_at', 'is', null)
		.where('classes.teacher_id', '=', teacherId)
		.executeTakeFirst();
	if (!row) throw new NotFoundError('No such answer.');
	return row;
}

export class ReviewInputError extends Error {}

export async function recordReview(
	db: Db,
	teacherId: string,
	attemptId: string,
	review: { rubric: Record<string, number>; comment: string },
	now = Date.now()
): Promise<number> {
	const attempt = await requireTeachersAttempt(db, teacherId, attemptId);
	const module = await getModuleVersion(db, attempt.module_id, attempt.module_version);
	const question = module?.questions.get(attempt.question_id);
	if (!question || question.type !== 'written')
		throw new ReviewInputError('Only written answers are reviewed.');
	let total = 0;
	let max = 0;
	// Only the question's own criteria are stored, whatever else the form carried.
	const levels: Record<string, number> = {};
	for (const criterion of question.rubric) {
		const level = review.rubric[criterion.id];
		if (level === undefined || !criterion.levels.some((l) => l.score === level)) {
			throw new ReviewInputError(`Choose a level for “${criterion.label}”.`);
		}
		levels[criterion.id] = level;
		total += level;
		max += Math.max(...criterion.levels.map((l) => l.score));
	}
	const score = max === 0 ? 0 : total / max;
	const values = {
		rubric: JSON.stringify(levels),
		comment: review.comment,
		score,
		updated_at: now
	};
	await db
		.insertInto('reviews')
		.values({ attempt_id: attemptId, reviewer_id: teacherId, ...values })
		.onConflict((oc) => oc.column('attempt_id').doUpdateSet({ ...values, reviewer_id: teacherId }))
		.execute();
	return score;
}

export async function overrideScore(
	db: Db,
	teacherId: string,
	attemptId: string,
	override: { score: number; reason: string },
	now = Date.now()
): Promise<void> {
	await requireTeachersAttempt(db, teacherId, attemptId);
	const values = {
		score: override.score,
		reason: override.reason,
		updated_at: now,
		teacher_id: teacherId
	};
	await db
		.insertInto('score_overrides')
		.values({ attempt_id: attemptId, ...values })
		.onConflict((oc) => oc.column('attempt_id').doUpdateSet(values))
		.execute();
}
