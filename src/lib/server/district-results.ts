import { sql } from 'kysely';
import { percentCell } from './csv';
import type { Db } from './db';
import { isLate } from './assignments';
import { listAllModuleVersions } from './modules';
import { CHECK_FORMS, checkQuestionIds, hasCheck } from './scoring';
import type { CheckForm } from '$lib/lesson';

// The administrator's district table: every class of the school, one row per student and
// assignment.

export type DistrictResultRow = {
	className: string;
	section: string | null;
	teacherName: string;
	teacherUsername: string;
	studentName: string;
	studentUsername: string;
	moduleId: string;
	moduleVersion: number;
	moduleTitle: string;
	status: 'Not started' | 'In progress' | 'Completed';
	answered: number;
	questionCount: number;
	/** Mean score that counts over first attempts outside the checks. */
	score: number | null;
	pre: number | null;
	post: number | null;
	delayed: number | null;
	/** Whether the student's version has a delayed check. */
	hasDelayedCheck: boolean;
	lastActivityAt: number | null;
	/** Finished after the due date, or unfinished once it has passed. */
	late: boolean;
};

type QuestionPart = CheckForm | 'main';

/**
 * One row per student per assignment, across every class of the school, in two queries whatever
 * the number of classes: the roster of every assignment, and first-attempt scores summed in the
 * database by student, assignment and part of the module (pre-check, post-check, the rest).
 */
export async function listDistrictResults(db: Db, now = Date.now()): Promise<DistrictResultRow[]> {
	const modules = await listAllModuleVersions(db);
	const moduleOf = new Map(modules.map((m) => [`${m.id}@${m.version}`, m]));

	const firstAttempts = db
		.selectFrom('attempts')
		.leftJoin('reviews', 'reviews.attempt_id', 'attempts.id')
		.leftJoin('score_overrides', 'score_overrides.attempt_id', 'attempts.id')
		.select((eb) => {
			const whens = modules.flatMap((module) =>
				CHECK_FORMS.map((check) => ({ check, ids: checkQuestionIds(module, check) }))
					.filter(({ ids }) => ids.length > 0)
					.map(
						({ check, ids }) =>
							sql`when ${eb.and([
								eb('attempts.module_id', '=', module.id),
								eb('attempts.module_version', '=', module.version),
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
				'attempts.assignment_id',
				part.as('part'),
				// The score that counts, as on the results page: override, else review, else automatic.
				eb.fn.coalesce('score_overrides.score', 'reviews.score', 'attempts.score').as('score')
			];
		})
		// Attempts are numbered from 1 per assignment, student and question: number 1 is scored.
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
					.onRef('progress.assignment_id', '=', 'assignments.id')
					.onRef('progress.student_id', '=', 'class_members.student_id')
			)
			.select([
				'classes.name as class_name',
				'classes.section',
				'teacher.display_name as teacher_name',
				'teacher.username as teacher_username',
				'student.id as student_id',
				'student.display_name as student_name',
				'student.username as student_username',
				'assignments.id as assignment_id',
				'assignments.module_id',
				'assignments.module_version',
				'assignments.due_at',
				'progress.module_version as started_version',
				'progress.updated_at',
				'progress.completed_at'
			])
			.where('assignments.removed_at', 'is', null)
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
				'firsts.assignment_id',
				'firsts.part',
				eb.fn.countAll<number>().as('answered'),
				eb.fn.count<number>('firsts.score').as('scored'),
				eb.fn.avg<number>('firsts.score').as('mean')
			])
			.groupBy(['firsts.student_id', 'firsts.assignment_id', 'firsts.part'])
			.execute()
	]);

	const partsOf = new Map<
		string,
		Partial<Record<QuestionPart, { answered: number; scored: number; mean: number | null }>>
	>();
	for (const row of scores) {
		const key = `${row.student_id} ${row.assignment_id}`;
		const parts = partsOf.get(key) ?? {};
		parts[row.part] = {
			answered: Number(row.answered),
			scored: Number(row.scored),
			mean: row.mean === null ? null : Number(row.mean)
		};
		partsOf.set(key, parts);
	}

	return roster.map((row) => {
		const version = row.started_version ?? row.module_version;
		const module = moduleOf.get(`${row.module_id}@${version}`);
		const parts = partsOf.get(`${row.student_id} ${row.assignment_id}`) ?? {};
		// A check's score, like the results page's, needs every check question answered and scored.
		const checkScore = (check: CheckForm) => {
			const count = module ? checkQuestionIds(module, check).length : 0;
			const part = parts[check];
			return count > 0 && part?.scored === count ? part.mean : null;
		};
		const answered = ([...CHECK_FORMS, 'main'] as const).reduce(
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
			moduleVersion: version,
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
			delayed: checkScore('delayed'),
			hasDelayedCheck: module ? hasCheck(module, 'delayed') : false,
			lastActivityAt: row.updated_at,
			late: isLate(row.due_at, row.completed_at, now)
		};
	});
}

/** The district export as CSV rows, header first; a delayed-check column once a version has one. */
export function districtResultsTable(rows: DistrictResultRow[]) {
	const delayed = rows.some((row) => row.hasDelayedCheck);
	return [
		[
			'Class',
			'Section',
			'Teacher',
			'Teacher username',
			'Student',
			'Username',
			'Module',
			'Module version',
			'Module title',
			'Status',
			'Questions answered',
			'Questions',
			'Score % (first attempts)',
			'Pre-check %',
			'Post-check %',
			...(delayed ? ['Delayed-check %'] : []),
			'Last activity (UTC)',
			'Late'
		],
		...rows.map((row) => [
			row.className,
			row.section,
			row.teacherName,
			row.teacherUsername,
			row.studentName,
			row.studentUsername,
			row.moduleId,
			row.moduleVersion,
			row.moduleTitle,
			row.status,
			row.answered,
			row.questionCount,
			percentCell(row.score),
			percentCell(row.pre),
			percentCell(row.post),
			...(delayed ? [percentCell(row.delayed)] : []),
			row.lastActivityAt === null ? '' : new Date(row.lastActivityAt).toISOString(),
			row.late ? 'yes' : 'no'
		])
	];
}
