import type { Db } from './db';
import { listStudentClasses } from './classes';
import { verifyPassword } from './password';
import { clearLimitsOf } from './rate-limits';
import { WrongPasswordError } from './users';

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Everything stored about one user, as they may download it. Password hashes and session
 * secrets are left out: they are not readable data, only checks.
 */
export async function exportUserData(db: Db, userId: string) {
	const user = await db
		.selectFrom('users')
		.select(['id', 'username', 'display_name', 'role', 'must_change_password', 'created_at'])
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();

	const [
		sessions,
		knownSignIns,
		memberships,
		progress,
		attempts,
		drafts,
		ownedClasses,
		reviewsWritten
	] = await Promise.all([
		db
			.selectFrom('sessions')
			.select(['created_at', 'last_seen_at'])
			.where('user_id', '=', userId)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('known_sign_ins')
			.select(['kind', 'last_sign_in_at'])
			.where('user_id', '=', userId)
			.orderBy('last_sign_in_at')
			.execute(),
		listStudentClasses(db, userId),
		db
			.selectFrom('progress')
			.selectAll()
			.where('student_id', '=', userId)
			.orderBy('module_id')
			.execute(),
		db
			.selectFrom('attempts')
			.leftJoin('reviews', 'reviews.attempt_id', 'attempts.id')
			.leftJoin('score_overrides', 'score_overrides.attempt_id', 'attempts.id')
			.select([
				'attempts.module_id',
				'attempts.module_version',
				'attempts.question_id',
				'attempts.attempt_no',
				'attempts.answer',
				'attempts.score',
				'attempts.correct',
				'attempts.confidence',
				'attempts.elapsed_ms',
				'attempts.created_at',
				'reviews.comment as review_comment',
				'reviews.score as review_score',
				'reviews.updated_at as reviewed_at',
				'score_overrides.score as override_score',
				'score_overrides.reason as override_reason'
			])
			.where('attempts.student_id', '=', userId)
			.orderBy('attempts.module_id')
			.orderBy('attempts.question_id')
			.orderBy('attempts.attempt_no')
			.execute(),
		db
			.selectFrom('drafts')
			.select(['module_id', 'question_id', 'answer', 'updated_at'])
			.where('student_id', '=', userId)
			.orderBy('module_id')
			.orderBy('question_id')
			.execute(),
		db
			.selectFrom('classes')
			.leftJoin('class_members', 'class_members.class_id', 'classes.id')
			.select(({ fn }) => [
				'classes.id',
				'classes.name',
				'classes.section',
				'classes.join_code',
				'classes.created_at',
				fn.count<number>('class_members.student_id').as('students')
			])
			.where('classes.teacher_id', '=', userId)
			.groupBy([
				'classes.id',
				'classes.name',
				'classes.section',
				'classes.join_code',
				'classes.created_at'
			])
			.orderBy('classes.created_at')
			.execute(),
		db
			.selectFrom('reviews')
			.innerJoin('attempts', 'attempts.id', 'reviews.attempt_id')
			.innerJoin('users as student', 'student.id', 'attempts.student_id')
			.select([
				'student.username as student',
				'attempts.module_id',
				'attempts.question_id',
				'reviews.comment',
				'reviews.score',
				'reviews.updated_at'
			])
			.where('reviews.reviewer_id', '=', userId)
			.orderBy('reviews.updated_at')
			.execute()
	]);

	const classIds = ownedClasses.map((c) => c.id);
	const assignments = classIds.length
		? await db
				.selectFrom('assignments')
				.select([
					'class_id',
					'module_id',
					'module_version',
					'opens_at',
					'due_at',
					'created_at',
					'removed_at',
					'delayed_check_opens_at'
				])
				.where('class_id', 'in', classIds)
				.orderBy('created_at')
				.execute()
		: [];

	return {
		exportedAt: new Date().toISOString(),
		account: {
			username: user.username,
			displayName: user.display_name,
			role: user.role,
			mustChangePassword: user.must_change_password !== 0,
			createdAt: iso(user.created_at)
		},
		sessions: sessions.map((s) => ({
			signedInAt: iso(s.created_at),
			lastSeenAt: iso(s.last_seen_at)
		})),
		// Only when: the browser's cookie and the address are stored as hashes, not readable.
		placesSignedInFrom: knownSignIns.map((k) => ({
			kind: k.kind === 'browser' ? 'a browser' : 'a network',
			lastSignInAt: iso(k.last_sign_in_at)
		})),
		classesJoined: memberships.map((m) => ({
			class: m.name,
			section: m.section,
			teacher: m.teacher_name,
			joinedAt: iso(m.joined_at)
		})),
		progress: progress.map((p) => ({
			module: p.module_id,
			moduleVersion: p.module_version,
			currentStep: p.current_step,
			startedAt: iso(p.started_at),
			updatedAt: iso(p.updated_at),
			completedAt: iso(p.completed_at)
		})),
		answers: attempts.map((a) => ({
			module: a.module_id,
			moduleVersion: a.module_version,
			question: a.question_id,
			attempt: a.attempt_no,
			answer: parseJson(a.answer),
			score: a.score,
			correct: a.correct === 1,
			confidence: a.confidence,
			secondsTaken: a.elapsed_ms === null ? null : Math.round(a.elapsed_ms / 1000),
			submittedAt: iso(a.created_at),
			teacherReview:
				a.review_comment === null
					? null
					: { comment: a.review_comment, score: a.review_score, at: iso(a.reviewed_at) },
			scoreChangedByTeacher:
				a.override_score === null ? null : { score: a.override_score, reason: a.override_reason }
		})),
		unfinishedAnswers: drafts.map((d) => ({
			module: d.module_id,
			question: d.question_id,
			answer: parseJson(d.answer),
			savedAt: iso(d.updated_at)
		})),
		classesTaught: ownedClasses.map((c) => ({
			class: c.name,
			section: c.section,
			joinCode: c.join_code,
			students: Number(c.students),
			createdAt: iso(c.created_at),
			assignments: assignments
				.filter((a) => a.class_id === c.id)
				.map((a) => ({
					module: a.module_id,
					moduleVersion: a.module_version,
					opensAt: iso(a.opens_at),
					dueAt: iso(a.due_at),
					assignedAt: iso(a.created_at),
					removedAt: iso(a.removed_at),
					delayedCheckOpensAt: iso(a.delayed_check_opens_at)
				}))
		})),
		reviewsWritten: reviewsWritten.map((r) => ({
			student: r.student,
			module: r.module_id,
			question: r.question_id,
			comment: r.comment,
			score: r.score,
			at: iso(r.updated_at)
		}))
	};
}

export class LastAdministratorError extends Error {
	constructor() {
		super(
			'You are the school’s only administrator, so this account cannot be deleted: no one else could add teachers.'
		);
	}
}

async function countAdministrators(db: Db): Promise<number> {
	const admins = await db
		.selectFrom('users')
		.select(({ fn }) => fn.countAll<number>().as('count'))
		.where('role', '=', 'admin')
		.executeTakeFirstOrThrow();
	return Number(admins.count);
}

/** Whether deleting this account would leave the school without an administrator. */
export async function isLastAdministrator(db: Db, userId: string): Promise<boolean> {
	const user = await db
		.selectFrom('users')
		.select('role')
		.where('id', '=', userId)
		.executeTakeFirst();
	return user?.role === 'admin' && (await countAdministrators(db)) <= 1;
}

/**
 * Deletes a user after checking their password. The database cascades the rest: sessions,
 * class places, answers, drafts and progress; a teacher's classes and assignments. Reviews a
 * teacher wrote stay with the student's answer, without the teacher's name.
 */
export async function deleteOwnAccount(db: Db, userId: string, password: string): Promise<void> {
	const user = await db
		.selectFrom('users')
		.select(['username', 'role', 'password_hash'])
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	if (!(await verifyPassword(user.password_hash, password))) throw new WrongPasswordError();
	await db.transaction().execute(async (trx) => {
		if (user.role === 'admin' && (await countAdministrators(trx)) <= 1) {
			throw new LastAdministratorError();
		}
		await trx.deleteFrom('users').where('id', '=', userId).execute();
		await clearLimitsOf(trx, user.username);
	});
}
