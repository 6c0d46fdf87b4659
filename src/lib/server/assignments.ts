import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import { NotFoundError, requireClass } from './classes';

// Lessons assigned to classes, as their teacher manages them and as their students see them.

export async function assignModule(
	db: Db,
	teacherId: string,
	classId: string,
	assignment: { moduleId: string; opensAt: number | null; dueAt: number | null },
	now = Date.now()
) {
	await requireClass(db, teacherId, classId);
	const id = randomUUID();
	await db
		.insertInto('assignments')
		.values({
			id,
			class_id: classId,
			module_id: assignment.moduleId,
			opens_at: assignment.opensAt,
			due_at: assignment.dueAt,
			created_at: now
		})
		.onConflict((oc) =>
			oc
				.columns(['class_id', 'module_id'])
				.doUpdateSet({ opens_at: assignment.opensAt, due_at: assignment.dueAt })
		)
		.execute();
	return id;
}

export async function listClassAssignments(db: Db, teacherId: string, classId: string) {
	await requireClass(db, teacherId, classId);
	return db
		.selectFrom('assignments')
		.selectAll()
		.where('class_id', '=', classId)
		.orderBy('created_at')
		.execute();
}

/** Removes an assignment of this class, if the class is this teacher's. */
export async function removeAssignment(
	db: Db,
	teacherId: string,
	classId: string,
	assignmentId: string
) {
	const found = await getTeacherAssignment(db, teacherId, assignmentId);
	if (!found || found.class_id !== classId) throw new NotFoundError('No such assignment.');
	await db.deleteFrom('assignments').where('id', '=', assignmentId).execute();
}

/** The assignment with its class, if the class is this teacher's. */
export async function getTeacherAssignment(db: Db, teacherId: string, assignmentId: string) {
	return db
		.selectFrom('assignments')
		.innerJoin('classes', 'classes.id', 'assignments.class_id')
		.select([
			'assignments.id',
			'assignments.module_id',
			'assignments.opens_at',
			'assignments.due_at',
			'classes.id as class_id',
			'classes.name as class_name'
		])
		.where('assignments.id', '=', assignmentId)
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
			'assignments.opens_at',
			'assignments.due_at',
			'classes.name as class_name'
		])
		.where('class_members.student_id', '=', studentId)
		.execute()
		.then((rows) =>
			rows.sort(
				(a, b) =>
					(a.due_at ?? Infinity) - (b.due_at ?? Infinity) || a.module_id.localeCompare(b.module_id)
			)
		);
}

/** Whether a module is assigned to one of the student's classes and open now. */
export async function isModuleOpenTo(
	db: Db,
	studentId: string,
	moduleId: string,
	now = Date.now()
) {
	const row = await db
		.selectFrom('assignments')
		.innerJoin('class_members', 'class_members.class_id', 'assignments.class_id')
		.select('assignments.id')
		.where('class_members.student_id', '=', studentId)
		.where('assignments.module_id', '=', moduleId)
		.where((eb) =>
			eb.or([eb('assignments.opens_at', 'is', null), eb('assignments.opens_at', '<=', now)])
		)
		.executeTakeFirst();
	return row !== undefined;
}
