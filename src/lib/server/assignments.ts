import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import type { StudentWork } from './attempts';
import { mayAssign } from './authoring';
import { listTeacherClasses, NotFoundError, requireClass } from './classes';
import { delayedCheckOf, isDelayedCheckOpen, studentPath } from './delayed-check';
import type { Step } from './module-document';
import { getModuleVersion, listAllModuleVersions, stepOf } from './modules';

// Lessons assigned to classes, as their teacher manages them and as their students see them.

/**
 * Work is late when it was finished after the due date, or is still unfinished once it has passed.
 * The results page, its CSVs and the district export all flag it by this rule.
 */
export function isLate(dueAt: number | null, completedAt: number | null, now = Date.now()) {
	if (dueAt === null) return false;
	return completedAt === null ? now > dueAt : completedAt > dueAt;
}

export class AlreadyAssignedError extends Error {
	constructor(readonly assignmentId: string) {
		super('This lesson is already assigned to the class.');
	}
}

/**
 * Assigns a module to a class, if the class is this teacher's and the module one they may assign
 * (shipped, their own, or shared; see authoring.ts). A removed assignment of the same module comes
 * back, with its students' work; a live one is left as it is (AlreadyAssignedError): its dates
 * change only through updateAssignment, so a second click on Assign cannot wipe them.
 */
export async function assignModule(
	db: Db,
	teacherId: string,
	classId: string,
	assignment: {
		moduleId: string;
		/** The version new starters get; students who started keep theirs. */
		moduleVersion: number;
		opensAt: number | null;
		dueAt: number | null;
	},
	now = Date.now()
) {
	await requireClass(db, teacherId, classId);
	const teacher = await db
		.selectFrom('users')
		.select(['id', 'role'])
		.where('id', '=', teacherId)
		.executeTakeFirst();
	if (!teacher || !(await mayAssign(db, teacher, assignment.moduleId))) {
		throw new NotFoundError('No such lesson.');
	}
	const assigned = await db
		.insertInto('assignments')
		.values({
			id: randomUUID(),
			class_id: classId,
			module_id: assignment.moduleId,
			module_version: assignment.moduleVersion,
			opens_at: assignment.opensAt,
			due_at: assignment.dueAt,
			created_at: now
		})
		.onConflict((oc) =>
			oc
				.columns(['class_id', 'module_id'])
				.doUpdateSet({
					module_version: assignment.moduleVersion,
					opens_at: assignment.opensAt,
					due_at: assignment.dueAt,
					removed_at: null,
					// Assigned afresh, the lesson is taught afresh: its delayed check waits again.
					delayed_check_opens_at: null
				})
				.where('assignments.removed_at', 'is not', null)
		)
		.returning('id')
		.executeTakeFirst();
	if (assigned) return assigned.id;
	const live = await db
		.selectFrom('assignments')
		.select('id')
		.where('class_id', '=', classId)
		.where('module_id', '=', assignment.moduleId)
		.executeTakeFirstOrThrow();
	throw new AlreadyAssignedError(live.id);
}

/**
 * Changes the dates of one assignment of this class, and optionally the version new starters
 * get, if the class is this teacher's.
 */
export async function updateAssignment(
	db: Db,
	teacherId: string,
	classId: string,
	assignmentId: string,
	change: { opensAt: number | null; dueAt: number | null; moduleVersion?: number }
) {
	const found = await getTeacherAssignment(db, teacherId, assignmentId);
	if (!found || found.class_id !== classId) throw new NotFoundError('No such assignment.');
	await db
		.updateTable('assignments')
		.set({
			opens_at: change.opensAt,
			due_at: change.dueAt,
			...(change.moduleVersion === undefined ? {} : { module_version: change.moduleVersion })
		})
		.where('id', '=', assignmentId)
		.execute();
}

export class NoDelayedCheckError extends Error {
	constructor() {
		super('This lesson has no delayed check.');
	}
}

/**
 * Opens the delayed check of one assignment of this class from a time (now, or a date the teacher
 * chose), or closes it again (null), if the class is this teacher's and the version the
 * assignment gives has a delayed check.
 */
export async function setDelayedCheck(
	db: Db,
	teacherId: string,
	classId: string,
	assignmentId: string,
	opensAt: number | null
) {
	const found = await getTeacherAssignment(db, teacherId, assignmentId);
	if (!found || found.class_id !== classId) throw new NotFoundError('No such assignment.');
	const module = await getModuleVersion(db, found.module_id, found.module_version);
	if (!module || !delayedCheckOf(module)) throw new NoDelayedCheckError();
	await db
		.updateTable('assignments')
		.set({ delayed_check_opens_at: opensAt })
		.where('id', '=', assignmentId)
		.execute();
}

export async function listClassAssignments(db: Db, teacherId: string, classId: string) {
	await requireClass(db, teacherId, classId);
	return db
		.selectFrom('assignments')
		.selectAll()
		.where('class_id', '=', classId)
		.where('removed_at', 'is', null)
		.orderBy('created_at')
		.execute();
}

/**
 * Removes an assignment of this class, if the class is this teacher's. Students no longer see it;
 * their work is kept with it, and comes back if the module is assigned to the class again.
 */
export async function removeAssignment(
	db: Db,
	teacherId: string,
	classId: string,
	assignmentId: string,
	now = Date.now()
) {
	const found = await getTeacherAssignment(db, teacherId, assignmentId);
	if (!found || found.class_id !== classId) throw new NotFoundError('No such assignment.');
	await db
		.updateTable('assignments')
		.set({ removed_at: now })
		.where('id', '=', assignmentId)
		.execute();
}

/** The assignment with its class, if the class is this teacher's. */
export async function getTeacherAssignment(db: Db, teacherId: string, assignmentId: string) {
	return db
		.selectFrom('assignments')
		.innerJoin('classes', 'classes.id', 'assignments.class_id')
		.select([
			'assignments.id',
			'assignments.module_id',
			'assignments.module_version',
			'assignments.opens_at',
			'assignments.due_at',
			'assignments.delayed_check_opens_at',
			'classes.id as class_id',
			'classes.name as class_name'
		])
		.where('assignments.id', '=', assignmentId)
		.where('assignments.removed_at', 'is', null)
		.where('classes.teacher_id', '=', teacherId)
		.executeTakeFirst();
}

/** A student's assignments across their classes, soonest due first. */
export async function listStudentAssignments(db: Db, studentId: string) {
	return db
		.selectFrom('assignments')
		.innerJoin('class_members', 'class_members.class_id', 'assignments.class_id')
		.innerJoin('classes', 'classes.id', 'assignments.class_id')
		.select([
			'assignments.id',
			'assignments.module_id',
			'assignments.module_version',
			'assignments.opens_at',
			'assignments.due_at',
			'assignments.delayed_check_opens_at',
			'assignments.created_at',
			'class_members.joined_at',
			'classes.name as class_name'
		])
		.where('class_members.student_id', '=', studentId)
		.where('assignments.removed_at', 'is', null)
		.execute()
		.then((rows) =>
			rows.sort(
				(a, b) =>
					(a.due_at ?? Infinity) - (b.due_at ?? Infinity) || a.module_id.localeCompare(b.module_id)
			)
		);
}

/**
 * The assignment of a module a student works on, if one of their classes has it open: with the
 * module in several of their classes, the class they joined last (a student moved to a new class
 * starts afresh there; their work for the old class stays with it).
 */
export async function findOpenAssignment(
	db: Db,
	studentId: string,
	moduleId: string,
	now = Date.now()
): Promise<
	| (StudentWork & {
			progress: StudentProgress | null;
			/** When the teacher opens the delayed check; null: not opened. */
			delayedCheckOpensAt: number | null;
	  })
	| undefined
> {
	const row = await db
		.selectFrom('assignments')
		.innerJoin('class_members', 'class_members.class_id', 'assignments.class_id')
		.leftJoin('progress', (join) =>
			join
				.onRef('progress.assignment_id', '=', 'assignments.id')
				.onRef('progress.student_id', '=', 'class_members.student_id')
		)
		.select([
			'assignments.id',
			'assignments.module_version',
			'assignments.delayed_check_opens_at',
			'progress.module_version as started_version',
			'progress.current_step',
			'progress.completed_at'
		])
		.where('class_members.student_id', '=', studentId)
		.where('assignments.module_id', '=', moduleId)
		.where('assignments.removed_at', 'is', null)
		.where((eb) =>
			eb.or([eb('assignments.opens_at', 'is', null), eb('assignments.opens_at', '<=', now)])
		)
		.orderBy('class_members.joined_at', 'desc')
		.orderBy('assignments.created_at', 'desc')
		.orderBy('assignments.id')
		.limit(1)
		.executeTakeFirst();
	if (!row) return undefined;
	return {
		assignmentId: row.id,
		studentId,
		moduleId,
		moduleVersion: row.started_version ?? row.module_version,
		progress:
			row.current_step === null
				? null
				: { currentStep: row.current_step, completedAt: row.completed_at },
		delayedCheckOpensAt: row.delayed_check_opens_at
	};
}

export type StudentProgress = { currentStep: string; completedAt: number | null };

/**
 * A student's work on a module (which assignment, which version, how far) and that version as
 * their path holds it, if one of their classes has the module assigned and open.
 */
export async function findStudentModule(
	db: Db,
	studentId: string,
	moduleId: string,
	now = Date.now()
) {
	const work = await findOpenAssignment(db, studentId, moduleId, now);
	const version = work && (await getModuleVersion(db, moduleId, work.moduleVersion));
	if (!work || !version) return undefined;
	const delayedCheck = delayedCheckOf(version);
	const open = isDelayedCheckOpen(work.delayedCheckOpensAt, now);
	return {
		work,
		module: studentPath(version, open),
		/** The module's delayed check, open or not. */
		delayedCheck: delayedCheck && { step: delayedCheck, open }
	};
}

/** A step of the student's path; 'closed' for a delayed check their teacher has not opened. */
export function stepOfPath(
	found: NonNullable<Awaited<ReturnType<typeof findStudentModule>>>,
	slug: string
): Step | 'closed' | undefined {
	return (
		stepOf(found.module, slug) ?? (found.delayedCheck?.step.slug === slug ? 'closed' : undefined)
	);
}

/** Of a student's assignments, the one per module they work on, in findOpenAssignment's order. */
export function workedOnAssignments<
	A extends { id: string; module_id: string; joined_at: number; created_at: number }
>(assignments: A[]): A[] {
	const preferred = (a: A, b: A) =>
		b.joined_at - a.joined_at || b.created_at - a.created_at || a.id.localeCompare(b.id);
	const chosen = new Map<string, A>();
	for (const assignment of assignments) {
		const known = chosen.get(assignment.module_id);
		if (!known || preferred(assignment, known) < 0) chosen.set(assignment.module_id, assignment);
	}
	return assignments.filter((a) => chosen.get(a.module_id) === a);
}

const DUE_SOON_MS = 7 * 24 * 3_600_000;

/**
 * A teacher's home: each class with each of its assignments' counts of students done, in
 * progress, not started, and of answers waiting for review. Four queries whatever the number of
 * classes (plus the module versions, which are few and cached).
 */
export async function listTeacherDashboard(db: Db, teacherId: string, now = Date.now()) {
	const modules = await listAllModuleVersions(db);
	const written = modules.flatMap((m) =>
		[...m.questions.values()]
			.filter((q) => q.type === 'written')
			.map((q) => ({ moduleId: m.id, version: m.version, questionId: q.id }))
	);
	// Each assignment is titled as its own version is: a later version may be renamed.
	const titleOf = new Map(modules.map((m) => [`${m.id}@${m.version}`, m.meta.title]));
	const teachersAssignments = db
		.selectFrom('assignments')
		.innerJoin('classes', 'classes.id', 'assignments.class_id')
		.where('classes.teacher_id', '=', teacherId)
		.where('assignments.removed_at', 'is', null);

	const [classes, assignments, progress, waiting] = await Promise.all([
		listTeacherClasses(db, teacherId),
		teachersAssignments
			.select([
				'assignments.id',
				'assignments.class_id',
				'assignments.module_id',
				'assignments.module_version',
				'assignments.due_at',
				'assignments.created_at'
			])
			.orderBy('assignments.created_at')
			.execute(),
		teachersAssignments
			.innerJoin('class_members', 'class_members.class_id', 'classes.id')
			.leftJoin('progress', (join) =>
				join
					.onRef('progress.assignment_id', '=', 'assignments.id')
					.onRef('progress.student_id', '=', 'class_members.student_id')
			)
			.select((eb) => [
				'assignments.id',
				eb.fn.count<number>('progress.student_id').as('started'),
				eb.fn.count<number>('progress.completed_at').as('done')
			])
			.groupBy('assignments.id')
			.execute(),
		written.length === 0
			? Promise.resolve([])
			: teachersAssignments
					.innerJoin('attempts', 'attempts.assignment_id', 'assignments.id')
					.innerJoin('class_members', (join) =>
						join
							.onRef('class_members.class_id', '=', 'classes.id')
							.onRef('class_members.student_id', '=', 'attempts.student_id')
					)
					.leftJoin('reviews', 'reviews.attempt_id', 'attempts.id')
					.select((eb) => ['assignments.id', eb.fn.countAll<number>().as('waiting')])
					.where('attempts.attempt_no', '=', 1)
					.where('reviews.attempt_id', 'is', null)
					.where((eb) =>
						eb.or(
							written.map((w) =>
								eb.and([
									eb('attempts.module_id', '=', w.moduleId),
									eb('attempts.module_version', '=', w.version),
									eb('attempts.question_id', '=', w.questionId)
								])
							)
						)
					)
					.groupBy('assignments.id')
					.execute()
	]);
	const progressOf = new Map(progress.map((p) => [p.id, p]));
	const waitingOf = new Map(waiting.map((w) => [w.id, Number(w.waiting)]));
	return classes.map((klass) => ({
		...klass,
		assignments: assignments
			.filter((a) => a.class_id === klass.id)
			.map((a) => {
				const done = Number(progressOf.get(a.id)?.done ?? 0);
				const started = Number(progressOf.get(a.id)?.started ?? 0);
				return {
					id: a.id,
					title: titleOf.get(`${a.module_id}@${a.module_version}`) ?? a.module_id,
					dueAt: a.due_at,
					dueSoon: a.due_at !== null && a.due_at > now && a.due_at - now <= DUE_SOON_MS,
					overdue: a.due_at !== null && a.due_at <= now,
					done,
					inProgress: started - done,
					notStarted: klass.student_count - started,
					waitingForReview: waitingOf.get(a.id) ?? 0
				};
			})
	}));
}
