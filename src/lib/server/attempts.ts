import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { isUniqueViolation, lockForTransaction, type Db } from './db';
import type { Answer, Confidence, TeacherReview } from '$lib/lesson';
import { isDelayedCheckOpen } from './delayed-check';

export type AttemptRow = {
	id: string;
	question_id: string;
	attempt_no: number;
	answer: string;
	score: number | null;
	correct: number;
	confidence: string | null;
	created_at: number;
};

/** Which assignment a student is working on, and which module version they work on. */
export type StudentWork = {
	assignmentId: string;
	studentId: string;
	moduleId: string;
	/** The version the student started on, else the one the assignment gives new starters. */
	moduleVersion: number;
};

/** Remembers the step a student opened, so they resume there after a reload or a new login. */
export async function recordStepVisit(
	db: Db,
	work: StudentWork,
	stepSlug: string,
	now = Date.now()
): Promise<void> {
	await db
		.insertInto('progress')
		.values({
			assignment_id: work.assignmentId,
			student_id: work.studentId,
			module_id: work.moduleId,
			module_version: work.moduleVersion,
			current_step: stepSlug,
			started_at: now,
			updated_at: now,
			completed_at: null
		})
		.onConflict((oc) =>
			oc
				.columns(['assignment_id', 'student_id'])
				.doUpdateSet({ current_step: stepSlug, updated_at: now })
		)
		.execute();
}

/** The student opened their summary: it counts as seeing the teacher's feedback (see listNewFeedback). */
export async function recordSummaryVisit(db: Db, work: StudentWork, now = Date.now()) {
	await db
		.updateTable('progress')
		.set({ updated_at: now })
		.where('assignment_id', '=', work.assignmentId)
		.where('student_id', '=', work.studentId)
		.execute();
}

export async function listAttempts(
	db: Db,
	studentId: string,
	assignmentId: string
): Promise<AttemptRow[]> {
	return db
		.selectFrom('attempts')
		.select([
			'id',
			'question_id',
			'attempt_no',
			'answer',
			'score',
			'correct',
			'confidence',
			'created_at'
		])
		.where('assignment_id', '=', assignmentId)
		.where('student_id', '=', studentId)
		.orderBy('question_id')
		.orderBy('attempt_no')
		.execute();
}

export type AttemptWithReview = AttemptRow & { review: TeacherReview | null };

/** A student's attempts, each with the teacher's review of it: one query for a lesson step. */
export async function listAttemptsWithReviews(
	db: Db,
	studentId: string,
	assignmentId: string
): Promise<AttemptWithReview[]> {
	const rows = await db
		.selectFrom('attempts')
		.leftJoin('reviews', 'reviews.attempt_id', 'attempts.id')
		.select([
			'attempts.id',
			'attempts.question_id',
			'attempts.attempt_no',
			'attempts.answer',
			'attempts.score',
			'attempts.correct',
			'attempts.confidence',
			'attempts.created_at',
			'reviews.rubric',
			'reviews.comment',
			'reviews.score as review_score'
		])
		.where('attempts.assignment_id', '=', assignmentId)
		.where('attempts.student_id', '=', studentId)
		.orderBy('attempts.question_id')
		.orderBy('attempts.attempt_no')
		.execute();
	return rows.map(({ rubric, comment, review_score, ...attempt }) => ({
		...attempt,
		review:
			rubric === null || comment === null || review_score === null
				? null
				: { rubric: JSON.parse(rubric) as Record<string, number>, comment, score: review_score }
	}));
}

export async function listDrafts(db: Db, studentId: string, assignmentId: string) {
	const rows = await db
		.selectFrom('drafts')
		.select(['question_id', 'answer'])
		.where('assignment_id', '=', assignmentId)
		.where('student_id', '=', studentId)
		.execute();
	return new Map(rows.map((row) => [row.question_id, JSON.parse(row.answer) as Answer]));
}

export async function saveDraft(
	db: Db,
	draft: StudentWork & { questionId: string; answer: Answer },
	now = Date.now()
): Promise<void> {
	const answer = JSON.stringify(draft.answer);
	await db
		.insertInto('drafts')
		.values({
			assignment_id: draft.assignmentId,
			student_id: draft.studentId,
			module_id: draft.moduleId,
			question_id: draft.questionId,
			answer,
			updated_at: now
		})
		.onConflict((oc) =>
			oc
				.columns(['assignment_id', 'student_id', 'question_id'])
				.doUpdateSet({ answer, updated_at: now })
		)
		.execute();
}

export class QuestionLockedError extends Error {
	constructor() {
		super('This question takes one answer only, and you have answered it.');
	}
}

export class DelayedCheckClosedError extends Error {
	constructor() {
		super('Your teacher will open this check a few days after the lesson.');
	}
}

export class SubmissionConflictError extends Error {
	constructor() {
		super('This submission id belongs to another answer. Reload the page and answer again.');
	}
}

export type NewAttempt = StudentWork & {
	/** Made by the browser for each submission; a repeat of the same id is not a new attempt. */
	submissionId?: string;
	questionId: string;
	/** The step the question is on: where the student resumes. */
	stepSlug: string;
	answer: Answer;
	confidence: Confidence | null;
	score: number | null;
	correct: boolean;
	elapsedMs: number | null;
	/** Whether the question takes one attempt only. */
	once: boolean;
	/**
	 * The question is on the delayed check: it is taken only while the assignment has the check
	 * open, which is read in the transaction that stores it.
	 */
	delayedCheck?: boolean;
	/** The questions that make the lesson done (the delayed check's are not among them). */
	moduleQuestionIds: string[];
};

export async function submitAttempt(
	db: Db,
	attempt: NewAttempt,
	now = Date.now()
): Promise<{ attemptNo: number; repeated: boolean }> {
	const id = attempt.submissionId ?? randomUUID();
	const ofThisQuestion = {
		assignment_id: attempt.assignmentId,
		student_id: attempt.studentId,
		question_id: attempt.questionId
	};
	for (let tries = 0; ; tries++) {
		try {
			return await db.transaction().execute(async (trx) => {
				// A burst of answers to one question (an outbox emptying, a double click) would
				// otherwise all read the same last number and all but one retry.
				await lockForTransaction(
					trx,
					`attempts:${JSON.stringify([attempt.assignmentId, attempt.studentId, attempt.questionId])}`
				);
				// Numbered and stored in one statement (the next number after the student's last
				// attempt at the question in this assignment): saving answers is the busiest write, and on PostgreSQL
				// every statement is a round trip. A known submission id inserts nothing.
				const inserted = await trx
					.insertInto('attempts')
					.columns([
						'id',
						'student_id',
						'assignment_id',
						'module_id',
						'module_version',
						'question_id',
						'attempt_no',
						'answer',
						'score',
						'correct',
						'confidence',
						'elapsed_ms',
						'created_at'
					])
					.expression((eb) =>
						eb
							.selectFrom('attempts')
							.select((eb) => [
								eb.val(id).as('id'),
								eb.val(attempt.studentId).as('student_id'),
								eb.val(attempt.assignmentId).as('assignment_id'),
								eb.val(attempt.moduleId).as('module_id'),
								eb.val(attempt.moduleVersion).as('module_version'),
								eb.val(attempt.questionId).as('question_id'),
								sql<number>`coalesce(max(attempt_no), 0) + 1`.as('attempt_no'),
								eb.val(JSON.stringify(attempt.answer)).as('answer'),
								eb.val(attempt.score).as('score'),
								eb.val(attempt.correct ? 1 : 0).as('correct'),
								eb.val(attempt.confidence).as('confidence'),
								eb.val(attempt.elapsedMs).as('elapsed_ms'),
								eb.val(now).as('created_at')
							])
							.where('assignment_id', '=', ofThisQuestion.assignment_id)
							.where('student_id', '=', ofThisQuestion.student_id)
							.where('question_id', '=', ofThisQuestion.question_id)
					)
					.onConflict((oc) => oc.column('id').doNothing())
					.returning('attempt_no')
					.executeTakeFirst();
				if (!inserted) {
					const existing = await trx
						.selectFrom('attempts')
						.select(['student_id', 'assignment_id', 'question_id', 'attempt_no'])
						.where('id', '=', id)
						.executeTakeFirstOrThrow();
					if (
						existing.student_id !== attempt.studentId ||
						existing.assignment_id !== attempt.assignmentId ||
						existing.question_id !== attempt.questionId
					) {
						throw new SubmissionConflictError();
					}
					return { attemptNo: existing.attempt_no, repeated: true };
				}
				const attemptNo = Number(inserted.attempt_no);
				// Throwing rolls the insert back.
				if (attempt.once && attemptNo > 1) throw new QuestionLockedError();
				if (attempt.delayedCheck) {
					const assignment = await trx
						.selectFrom('assignments')
						.select('delayed_check_opens_at')
						.where('id', '=', attempt.assignmentId)
						.executeTakeFirst();
					if (!isDelayedCheckOpen(assignment?.delayed_check_opens_at ?? null, now)) {
						throw new DelayedCheckClosedError();
					}
				}
				// With the answer, not before it: a first answer pins the version it was graded on,
				// and a refused one moves nothing.
				await recordStepVisit(trx, attempt, attempt.stepSlug, now);
				await trx
					.deleteFrom('drafts')
					.where('assignment_id', '=', ofThisQuestion.assignment_id)
					.where('student_id', '=', ofThisQuestion.student_id)
					.where('question_id', '=', ofThisQuestion.question_id)
					.execute();
				if (attemptNo === 1) await markCompleteIfDone(trx, attempt, now);
				return { attemptNo, repeated: false };
			});
		} catch (error) {
			// Submissions of one question at the same moment: each loser takes the next number.
			if (!isUniqueViolation(error) || tries >= 20) throw error;
			await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
		}
	}
}

async function markCompleteIfDone(db: Db, attempt: NewAttempt, now: number): Promise<void> {
	const answered = await db
		.selectFrom('attempts')
		.select('question_id')
		.distinct()
		.where('assignment_id', '=', attempt.assignmentId)
		.where('student_id', '=', attempt.studentId)
		.execute();
	const done = new Set(answered.map((row) => row.question_id));
	if (attempt.moduleQuestionIds.every((questionId) => done.has(questionId))) {
		await db
			.updateTable('progress')
			.set({ completed_at: now, updated_at: now })
			.where('assignment_id', '=', attempt.assignmentId)
			.where('student_id', '=', attempt.studentId)
			.where('completed_at', 'is', null)
			.execute();
	}
}

/** Per assignment: where the student is and which questions they have answered. */
export async function listStudentProgress(db: Db, studentId: string) {
	const [progress, answered] = await Promise.all([
		db.selectFrom('progress').selectAll().where('student_id', '=', studentId).execute(),
		db
			.selectFrom('attempts')
			.select(['assignment_id', 'question_id'])
			.distinct()
			.where('student_id', '=', studentId)
			.where('assignment_id', 'is not', null)
			.execute()
	]);
	const answeredIn = new Map<string, Set<string>>();
	for (const row of answered) {
		const known = answeredIn.get(row.assignment_id!) ?? new Set<string>();
		answeredIn.set(row.assignment_id!, known.add(row.question_id));
	}
	return new Map(
		progress.map((row) => [
			row.assignment_id,
			{
				currentStep: row.current_step,
				moduleVersion: row.module_version,
				completed: row.completed_at !== null,
				updatedAt: row.updated_at,
				answered: answeredIn.get(row.assignment_id) ?? new Set<string>()
			}
		])
	);
}
