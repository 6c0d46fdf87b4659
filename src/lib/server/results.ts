import type { Answer, TeacherReview } from '$lib/lesson';
import { CONFIDENCE_LEVELS } from '$lib/lesson';
import type { AttemptRow } from './attempts';
import { grade } from './grading';
import { sql } from 'kysely';
import { getModule, listModules, type LessonModule, type ResolvedQuestion } from './lessons';
import type { Db } from './db';
import { getTeacherAssignment, NotFoundError } from './classes';

const mean = (values: number[]) =>
	values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;

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

export type StudentSummary = ReturnType<typeof summariseStudent>;

/** One student's module results, from first attempts: the ones that count. */
export function summariseStudent(
	module: LessonModule,
	attempts: AttemptRow[],
	reviews: Map<string, TeacherReview> = new Map()
) {
	const firstAttempts = firstAttemptsBy(attempts, (a) => a.question_id);
	const scoreOf = (questionId: string) => {
		const first = firstAttempts.get(questionId);
		return first ? (reviews.get(first.id)?.score ?? first.score) : null;
	};

	const parts = module.steps.map((step) => {
		const scored = step.questionIds.filter(
			(id) => module.questions.get(id)!.type !== 'written' || scoreOf(id) !== null
		);
		const scores = scored.map(scoreOf).filter((s): s is number => s !== null);
		return {
			slug: step.slug,
			title: step.title,
			number: step.number,
			check: step.check ?? null,
			questions: step.questionIds.length,
			answered: step.questionIds.filter((id) => firstAttempts.has(id)).length,
			score: mean(scores),
			scoredCount: scores.length,
			scorableCount: scored.length
		};
	});

	const checkScore = (check: 'pre' | 'post') => {
		const ids = module.steps.filter((s) => s.check === check).flatMap((s) => s.questionIds);
		const scores = ids.map(scoreOf);
		return scores.every((s) => s !== null) && scores.length > 0 ? mean(scores as number[]) : null;
	};
	const skills = new Map<string, { pre: number | null; post: number | null }>();
	for (const step of module.steps) {
		if (!step.check) continue;
		for (const id of step.questionIds) {
			const question = module.questions.get(id)!;
			const skill = 'skill' in question && question.skill ? question.skill : id;
			const entry = skills.get(skill) ?? { pre: null, post: null };
			entry[step.check] = scoreOf(id);
			skills.set(skill, entry);
		}
	}
	const pre = checkScore('pre');
	const post = checkScore('post');

	const discernment = [...module.questions.values()].flatMap((question) => {
		if (question.type !== 'sort' || !question.discernment) return [];
		const attempt = firstAttempts.get(question.id);
		if (!attempt) return [];
		const grading = grade(question, JSON.parse(attempt.answer) as Answer);
		if (grading.detail.type !== 'sort') return [];
		const label = (id: string) => question.categories.find((c) => c.id === id)!.label;
		return [
			{
				questionId: question.id,
				keep: {
					label: label(question.discernment.keep),
					share: grading.detail.recall[question.discernment.keep] ?? 0
				},
				catch: {
					label: label(question.discernment.catch),
					share: grading.detail.recall[question.discernment.catch] ?? 0
				}
			}
		];
	});

	const calibration = CONFIDENCE_LEVELS.map((level) => {
		const scores = [...firstAttempts.values()]
			.filter((a) => a.confidence === level.id && a.score !== null)
			.map((a) => a.score as number);
		return { level: level.id, label: level.label, count: scores.length, meanScore: mean(scores) };
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
		overall: mean(
			[...firstAttempts.keys()]
				.filter((id) => !module.steps.find((s) => s.questionIds.includes(id))?.check)
				.map(scoreOf)
				.filter((s): s is number => s !== null)
		),
		prePost: {
			pre,
			post,
			gain: pre !== null && post !== null ? post - pre : null,
			bySkill: [...skills].map(([skill, scores]) => ({ skill, ...scores }))
		},
		discernment,
		calibration,
		written
	};
}

export type ReviewRow = {
	attempt_id: string;
	rubric: string;
	comment: string;
	score: number;
	updated_at: number;
};
export type OverrideRow = { attempt_id: string; score: number; reason: string; updated_at: number };

/** Everything one assignment's results need, in four queries whatever the class size. */
export async function loadAssignmentData(db: Db, teacherId: string, assignmentId: string) {
	const assignment = await getTeacherAssignment(db, teacherId, assignmentId);
	const module = assignment && getModule(assignment.module_id);
	if (!assignment || !module) throw new NotFoundError('No such assignment.');
	const [students, attempts, reviews, overrides] = await Promise.all([
		db
			.selectFrom('class_members')
			.innerJoin('users', 'users.id', 'class_members.student_id')
			.select(['users.id', 'users.username', 'users.display_name'])
			.where('class_members.class_id', '=', assignment.class_id)
			.orderBy('users.display_name')
			.execute(),
		db
			.selectFrom('attempts')
			.innerJoin('class_members', 'class_members.student_id', 'attempts.student_id')
			.select([
				'attempts.id',
				'attempts.student_id',
				'attempts.question_id',
				'attempts.attempt_no',
				'attempts.answer',
				'attempts.score',
				'attempts.correct',
				'attempts.confidence',
				'attempts.created_at'
			])
			.where('class_members.class_id', '=', assignment.class_id)
			.where('attempts.module_id', '=', module.id)
			.orderBy('attempts.created_at')
			.execute(),
		db
			.selectFrom('reviews')
			.innerJoin('attempts', 'attempts.id', 'reviews.attempt_id')
			.innerJoin('class_members', 'class_members.student_id', 'attempts.student_id')
			.select([
				'reviews.attempt_id',
				'reviews.rubric',
				'reviews.comment',
				'reviews.score',
				'reviews.updated_at'
			])
			.where('class_members.class_id', '=', assignment.class_id)
			.where('attempts.module_id', '=', module.id)
			.execute(),
		db
			.selectFrom('score_overrides')
			.innerJoin('attempts', 'attempts.id', 'score_overrides.attempt_id')
			.innerJoin('class_members', 'class_members.student_id', 'attempts.student_id')
			.select([
				'score_overrides.attempt_id',
				'score_overrides.score',
				'score_overrides.reason',
				'score_overrides.updated_at'
			])
			.where('class_members.class_id', '=', assignment.class_id)
			.where('attempts.module_id', '=', module.id)
			.execute()
	]);
	return {
		assignment,
		module,
		students,
		attempts,
		reviews: new Map(reviews.map((r) => [r.attempt_id, r])),
		overrides: new Map(overrides.map((o) => [o.attempt_id, o]))
	};
}

export type AssignmentData = Awaited<ReturnType<typeof loadAssignmentData>>;

/** The score that counts: a teacher's override, else a review, else the automatic score. */
export function effectiveScore(
	data: AssignmentData,
	attempt: { id: string; score: number | null }
) {
	return (
		data.overrides.get(attempt.id)?.score ?? data.reviews.get(attempt.id)?.score ?? attempt.score
	);
}

const isCheck = (module: LessonModule, questionId: string) =>
	Boolean(module.steps.find((s) => s.questionIds.includes(questionId))?.check);

/** The grid, item analysis and class-level figures for one assignment. */
export function analyseAssignment(data: AssignmentData, now = Date.now()) {
	const { module } = data;
	const questions = [...module.questions.values()];
	const byStudent = new Map<string, typeof data.attempts>();
	for (const attempt of data.attempts) {
		const list = byStudent.get(attempt.student_id) ?? [];
		list.push(attempt);
		byStudent.set(attempt.student_id, list);
	}

	const rows = data.students.map((student) => {
		const mine = byStudent.get(student.id) ?? [];
		const cells = Object.fromEntries(
			questions.map((q) => {
				const tries = mine
					.filter((a) => a.question_id === q.id)
					.sort((a, b) => a.attempt_no - b.attempt_no);
				const first = tries[0];
				return [
					q.id,
					{
						tries: tries.length,
						score: first ? effectiveScore(data, first) : null,
						overridden: first ? data.overrides.has(first.id) : false,
						awaitingReview:
							q.type === 'written' && first !== undefined && !data.reviews.has(first.id),
						attemptId: first?.id ?? null
					}
				];
			})
		);
		const scored = questions
			.filter((q) => !isCheck(module, q.id))
			.map((q) => cells[q.id]!.score)
			.filter((s): s is number => s !== null);
		const checkMean = (check: 'pre' | 'post') => {
			const ids = module.steps.filter((s) => s.check === check).flatMap((s) => s.questionIds);
			const scores = ids.map((id) => cells[id]!.score);
			return scores.length > 0 && scores.every((s) => s !== null) ? mean(scores as number[]) : null;
		};
		const pre = checkMean('pre');
		const post = checkMean('post');
		const answered = questions.filter((q) => cells[q.id]!.tries > 0).length;
		return {
			student: { id: student.id, username: student.username, displayName: student.display_name },
			cells,
			answered,
			completion: answered / questions.length,
			score: mean(scored),
			pre,
			post,
			gain: pre !== null && post !== null ? post - pre : null,
			awaitingReview: questions.filter((q) => cells[q.id]!.awaitingReview).length
		};
	});

	const firstAttempts = [...byStudent.values()].flatMap((list) => [
		...firstAttemptsBy(list, (a) => a.question_id).values()
	]);

	const items = questions.map((q) =>
		itemAnalysis(
			q,
			firstAttempts.filter((a) => a.question_id === q.id),
			data
		)
	);

	const discernment = questions.flatMap((q) => {
		if (q.type !== 'sort' || !q.discernment) return [];
		const recalls = firstAttempts
			.filter((a) => a.question_id === q.id)
			.map((a) => grade(q, JSON.parse(a.answer) as Answer))
			.flatMap((g) => (g.detail.type === 'sort' ? [g.detail.recall] : []));
		const label = (id: string) => q.categories.find((c) => c.id === id)!.label;
		return [
			{
				questionId: q.id,
				students: recalls.length,
				keep: {
					label: label(q.discernment.keep),
					share: mean(recalls.map((r) => r[q.discernment!.keep] ?? 0))
				},
				catch: {
					label: label(q.discernment.catch),
					share: mean(recalls.map((r) => r[q.discernment!.catch] ?? 0))
				}
			}
		];
	});

	const calibration = CONFIDENCE_LEVELS.map((level) => {
		const scores = firstAttempts
			.filter((a) => a.confidence === level.id && a.score !== null)
			.map((a) => a.score as number);
		return { level: level.id, label: level.label, count: scores.length, meanScore: mean(scores) };
	});

	const studentScores = rows.map((r) => r.score).filter((s): s is number => s !== null);
	const distribution = [0, 1, 2, 3, 4].map((bucket) => ({
		label: bucket === 4 ? '80–100%' : `${bucket * 20}–${bucket * 20 + 19}%`,
		count: studentScores.filter((s) => Math.min(4, Math.floor(s * 5)) === bucket).length
	}));
	const gains = rows.map((r) => r.gain).filter((g): g is number => g !== null);
	const dueAt = data.assignment.due_at;

	return {
		questions: questions.map((q) => ({
			id: q.id,
			type: q.type,
			prompt: q.prompt,
			stepNumber: module.steps.find((s) => s.questionIds.includes(q.id))!.number,
			check: module.steps.find((s) => s.questionIds.includes(q.id))!.check ?? null
		})),
		rows,
		items,
		discernment,
		calibration,
		distribution,
		classScore: mean(studentScores),
		classGain: mean(gains),
		classPre: mean(rows.map((r) => r.pre).filter((v): v is number => v !== null)),
		classPost: mean(rows.map((r) => r.post).filter((v): v is number => v !== null)),
		completed: rows.filter((r) => r.completion === 1).length,
		late: dueAt !== null && now > dueAt ? rows.filter((r) => r.completion < 1).length : 0
	};
}

function itemAnalysis(
	question: ResolvedQuestion,
	firsts: AssignmentData['attempts'],
	data: AssignmentData
) {
	const answers = firsts.map((a) => JSON.parse(a.answer) as Answer);
	const scores = firsts.map((a) => effectiveScore(data, a)).filter((s): s is number => s !== null);
	const base = {
		questionId: question.id,
		responses: firsts.length,
		percentCorrect:
			firsts.length === 0 ? null : firsts.filter((a) => a.correct === 1).length / firsts.length,
		meanScore: mean(scores)
	};
	if (question.type === 'single' || question.type === 'multiple') {
		const counts = question.options.map((o) => ({
			id: o.id,
			text: o.text,
			correct: o.correct,
			count: answers.filter((a) => a.type === question.type && a.options.includes(o.id)).length
		}));
		return {
			...base,
			kind: 'choice' as const,
			options: counts,
			commonWrong: counts
				.filter((c) => !c.correct && c.count > 0)
				.sort((a, b) => b.count - a.count)
				.slice(0, 3)
		};
	}
	if (question.type === 'mark') {
		const marks: Record<string, number> = {};
		for (const a of answers)
			if (a.type === 'mark') for (const s of a.sentences) marks[s] = (marks[s] ?? 0) + 1;
		const roles = Object.fromEntries([...question.sentenceRoles!].map(([id, r]) => [id, r.role]));
		return { ...base, kind: 'mark' as const, marks, roles };
	}
	if (question.type === 'sort') {
		const claims = question.claims.map((c) => {
			const placed = Object.fromEntries(
				question.categories.map((cat) => [
					cat.id,
					answers.filter((a) => a.type === 'sort' && a.placements[c.id] === cat.id).length
				])
			);
			return {
				id: c.id,
				text: c.quote,
				correct: c.category,
				placed,
				wrong: answers.length - (placed[c.category] ?? 0)
			};
		});
		return {
			...base,
			kind: 'sort' as const,
			categories: question.categories.map((c) => ({ id: c.id, label: c.label })),
			claims,
			commonWrong: [...claims]
				.filter((c) => c.wrong > 0)
				.sort((a, b) => b.wrong - a.wrong)
				.slice(0, 3)
		};
	}
	return {
		...base,
		kind: 'written' as const,
		reviewed: firsts.filter((a) => data.reviews.has(a.id)).length
	};
}

/** The attempt, if it belongs to a student in one of this teacher's classes that has the module. */
async function requireTeachersAttempt(db: Db, teacherId: string, attemptId: string) {
	const row = await db
		.selectFrom('attempts')
		.innerJoin('class_members', 'class_members.student_id', 'attempts.student_id')
		.innerJoin('classes', 'classes.id', 'class_members.class_id')
		.innerJoin('assignments', (join) =>
			join
				.onRef('assignments.class_id', '=', 'classes.id')
				.onRef('assignments.module_id', '=', 'attempts.module_id')
		)
		.select(['attempts.id', 'attempts.module_id', 'attempts.question_id', 'attempts.score'])
		.where('attempts.id', '=', attemptId)
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
	const question = getModule(attempt.module_id)?.questions.get(attempt.question_id);
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

/** Reviews of a student's own answers, for their summary and the question itself. */
export async function listOwnReviews(db: Db, studentId: string, moduleId: string) {
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
		.where('attempts.module_id', '=', moduleId)
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

/** An answer in words, for teachers' pages and exports. */
export function describeAnswer(
	question: ResolvedQuestion,
	answer: Answer,
	article: LessonModule['article']
): string {
	switch (answer.type) {
		case 'single':
		case 'multiple':
			return answer.options
				.map(
					(id) =>
						(question.type === answer.type
							? question.options.find((o) => o.id === id)?.text
							: id) ?? id
				)
				.join(' | ');
		case 'mark': {
			const sentences = new Map(
				[article.headline, ...article.paragraphs.flatMap((p) => p.sentences)].map((s) => [
					s.id,
					s.text
				])
			);
			return answer.sentences.map((id) => `“${sentences.get(id) ?? id}”`).join(' | ');
		}
		case 'sort': {
			if (question.type !== 'sort') return '';
			return question.claims
				.map(
					(c) =>
						`“${c.quote}”: ${question.categories.find((cat) => cat.id === answer.placements[c.id])?.label ?? '—'}`
				)
				.join(' | ');
		}
		case 'written':
			return answer.text;
	}
}

export type DistrictResultRow = {
	className: string;
	section: string | null;
	teacherName: string;
	teacherUsername: string;
	studentName: string;
	studentUsername: string;
	moduleId: string;
	moduleTitle: string;
	status: 'Not started' | 'In progress' | 'Completed';
	answered: number;
	questionCount: number;
	/** Mean score that counts over first attempts outside the pre- and post-checks. */
	score: number | null;
	pre: number | null;
	post: number | null;
	lastActivityAt: number | null;
};

type QuestionPart = 'pre' | 'post' | 'main';

/**
 * One row per student per assignment, across every class of the school, in two queries whatever
 * the number of classes: the roster of every assignment, and first-attempt scores summed in the
 * database by student, module and part of the module (pre-check, post-check, the rest).
 */
export async function listDistrictResults(db: Db): Promise<DistrictResultRow[]> {
	const checkIds = (module: LessonModule, check: 'pre' | 'post') =>
		module.steps.filter((s) => s.check === check).flatMap((s) => s.questionIds);
	const modules = listModules();

	const firstAttempts = db
		.selectFrom('attempts')
		.leftJoin('reviews', 'reviews.attempt_id', 'attempts.id')
		.leftJoin('score_overrides', 'score_overrides.attempt_id', 'attempts.id')
		.select((eb) => {
			const whens = modules.flatMap((module) =>
				(['pre', 'post'] as const)
					.map((check) => ({ check, ids: checkIds(module, check) }))
					.filter(({ ids }) => ids.length > 0)
					.map(
						({ check, ids }) =>
							sql`when ${eb.and([
								eb('attempts.module_id', '=', module.id),
								eb('attempts.question_id', 'in', ids)
							])} then ${sql.lit(check)}`
					)
			);
			const part =
				whens.length === 0
					? sql<QuestionPart>`'main'`
					: sql<QuestionPart>`case ${sql.join(whens, sql` `)} else 'main' end`;
			return [
				'attempts.student_id',
				'attempts.module_id',
				part.as('part'),
				// The score that counts, as on the results page: override, else review, else automatic.
				eb.fn.coalesce('score_overrides.score', 'reviews.score', 'attempts.score').as('score')
			];
		})
		// Attempts are numbered from 1 per student and question, so number 1 is the scored one.
		.where('attempts.attempt_no', '=', 1)
		.as('firsts');

	const [roster, scores] = await Promise.all([
		db
			.selectFrom('assignments')
			.innerJoin('classes', 'classes.id', 'assignments.class_id')
			.innerJoin('users as teacher', 'teacher.id', 'classes.teacher_id')
			.innerJoin('class_members', 'class_members.class_id', 'classes.id')
			.innerJoin('users as student', 'student.id', 'class_members.student_id')
			.leftJoin('progress', (join) =>
				join
					.onRef('progress.student_id', '=', 'class_members.student_id')
					.onRef('progress.module_id', '=', 'assignments.module_id')
			)
			.select([
				'classes.name as class_name',
				'classes.section',
				'teacher.display_name as teacher_name',
				'teacher.username as teacher_username',
				'student.id as student_id',
				'student.display_name as student_name',
				'student.username as student_username',
				'assignments.module_id',
				'progress.updated_at',
				'progress.completed_at'
			])
			.orderBy('classes.name')
			.orderBy('classes.id')
			.orderBy('assignments.module_id')
			.orderBy('student.display_name')
			.orderBy('student.id')
			.execute(),
		db
			.selectFrom(firstAttempts)
			.select((eb) => [
				'firsts.student_id',
				'firsts.module_id',
				'firsts.part',
				eb.fn.countAll<number>().as('answered'),
				eb.fn.count<number>('firsts.score').as('scored'),
				eb.fn.avg<number>('firsts.score').as('mean')
			])
			.groupBy(['firsts.student_id', 'firsts.module_id', 'firsts.part'])
			.execute()
	]);

	const partsOf = new Map<
		string,
		Partial<Record<QuestionPart, { answered: number; scored: number; mean: number | null }>>
	>();
	for (const row of scores) {
		const key = `${row.student_id} ${row.module_id}`;
		const parts = partsOf.get(key) ?? {};
		parts[row.part] = {
			answered: Number(row.answered),
			scored: Number(row.scored),
			mean: row.mean === null ? null : Number(row.mean)
		};
		partsOf.set(key, parts);
	}

	return roster.map((row) => {
		const module = getModule(row.module_id);
		const parts = partsOf.get(`${row.student_id} ${row.module_id}`) ?? {};
		// A check's score, like the results page's, needs every check question answered and scored.
		const checkScore = (check: 'pre' | 'post') => {
			const count = module ? checkIds(module, check).length : 0;
			const part = parts[check];
			return count > 0 && part?.scored === count ? part.mean : null;
		};
		const answered = (['pre', 'post', 'main'] as const).reduce(
			(sum, part) => sum + (parts[part]?.answered ?? 0),
			0
		);
		return {
			className: row.class_name,
			section: row.section,
			teacherName: row.teacher_name,
			teacherUsername: row.teacher_username,
			studentName: row.student_name,
			studentUsername: row.student_username,
			moduleId: row.module_id,
			moduleTitle: module?.meta.title ?? row.module_id,
			status:
				row.completed_at !== null
					? 'Completed'
					: row.updated_at !== null
						? 'In progress'
						: 'Not started',
			answered,
			questionCount: module?.questions.size ?? 0,
			score: parts.main?.scored ? parts.main.mean : null,
			pre: checkScore('pre'),
			post: checkScore('post'),
			lastActivityAt: row.updated_at
		};
	});
}

const percentCell = (value: number | null) => (value === null ? '' : Math.round(value * 100));

/** The district export as CSV rows, header first. */
export function districtResultsTable(rows: DistrictResultRow[]) {
	return [
		[
			'Class',
			'Section',
			'Teacher',
			'Teacher username',
			'Student',
			'Username',
			'Module',
			'Module title',
			'Status',
			'Questions answered',
			'Questions',
			'Score % (first attempts)',
			'Pre-check %',
			'Post-check %',
			'Last activity (UTC)'
		],
		...rows.map((row) => [
			row.className,
			row.section,
			row.teacherName,
			row.teacherUsername,
			row.studentName,
			row.studentUsername,
			row.moduleId,
			row.moduleTitle,
			row.status,
			row.answered,
			row.questionCount,
			percentCell(row.score),
			percentCell(row.pre),
			percentCell(row.post),
			row.lastActivityAt === null ? '' : new Date(row.lastActivityAt).toISOString()
		])
	];
}
