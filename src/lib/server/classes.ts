import { randomInt, randomUUID } from 'node:crypto';
import { isUniqueViolation, type Db } from './db';

// Classes and their codes. A class's roster is in roster.ts, its assignments in assignments.ts.

// No 0/O, 1/I/L: codes are read off a projector and typed by children.
const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

export function generateJoinCode(): string {
	let code = '';
	for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
		code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
	}
	return code;
}

/** What a student typed, as stored: spaces and dashes dropped, upper case. */
export function normalizeJoinCode(raw: string): string {
	return raw.replace(/[\s-]/g, '').toUpperCase();
}

export type ClassSummary = {
	id: string;
	name: string;
	section: string | null;
	join_code: string | null;
	created_at: number;
};

export async function createClass(
	db: Db,
	teacherId: string,
	fields: { name: string; section: string | null },
	now = Date.now()
): Promise<ClassSummary> {
	for (let attempt = 0; ; attempt++) {
		const row = {
			id: randomUUID(),
			teacher_id: teacherId,
			name: fields.name,
			section: fields.section,
			join_code: generateJoinCode(),
			created_at: now
		};
		try {
			await db.insertInto('classes').values(row).execute();
			return row;
		} catch (error) {
			// A clash of join codes is rare; a fresh code settles it.
			if (!isUniqueViolation(error) || attempt >= 5) throw error;
		}
	}
}

export async function listTeacherClasses(db: Db, teacherId: string) {
	return db
		.selectFrom('classes')
		.leftJoin('class_members', 'class_members.class_id', 'classes.id')
		.select((eb) => [
			'classes.id',
			'classes.name',
			'classes.section',
			'classes.join_code',
			'classes.created_at',
			eb.fn.count<number>('class_members.student_id').as('student_count')
		])
		.where('classes.teacher_id', '=', teacherId)
		.groupBy([
			'classes.id',
			'classes.name',
			'classes.section',
			'classes.join_code',
			'classes.created_at'
		])
		.orderBy('classes.created_at', 'desc')
		.execute()
		.then((rows) => rows.map((row) => ({ ...row, student_count: Number(row.student_count) })));
}

export async function findClassByJoinCode(db: Db, joinCode: string) {
	return db
		.selectFrom('classes')
		.select(['id', 'name', 'section'])
		.where('join_code', '=', normalizeJoinCode(joinCode))
		.executeTakeFirst();
}

/** Adds a student to a class; joining twice is not an error. */
export async function addStudentToClass(
	db: Db,
	classId: string,
	studentId: string,
	now = Date.now()
): Promise<void> {
	await db
		.insertInto('class_members')
		.values({ class_id: classId, student_id: studentId, joined_at: now })
		.onConflict((oc) => oc.columns(['class_id', 'student_id']).doNothing())
		.execute();
}

export async function listStudentClasses(db: Db, studentId: string) {
	return db
		.selectFrom('class_members')
		.innerJoin('classes', 'classes.id', 'class_members.class_id')
		.innerJoin('users as teacher', 'teacher.id', 'classes.teacher_id')
		.select([
			'classes.id',
			'classes.name',
			'classes.section',
			'teacher.display_name as teacher_name',
			'class_members.joined_at'
		])
		.where('class_members.student_id', '=', studentId)
		.orderBy('classes.name')
		.execute();
}

/** The class, if it is this teacher's; every teacher-side query starts here. */
export async function getTeacherClass(db: Db, teacherId: string, classId: string) {
	return db
		.selectFrom('classes')
		.select(['id', 'name', 'section', 'join_code', 'created_at'])
		.where('id', '=', classId)
		.where('teacher_id', '=', teacherId)
		.executeTakeFirst();
}

export class NotFoundError extends Error {}

/** The class, if it is this teacher's; otherwise NotFoundError. */
export async function requireClass(db: Db, teacherId: string, classId: string) {
	const klass = await getTeacherClass(db, teacherId, classId);
	if (!klass) throw new NotFoundError('No such class.');
	return klass;
}

export async function setJoinCode(
	db: Db,
	teacherId: string,
	classId: string,
	enabled: boolean
): Promise<string | null> {
	await requireClass(db, teacherId, classId);
	for (let attempt = 0; ; attempt++) {
		const code = enabled ? generateJoinCode() : null;
		try {
			await db
				.updateTable('classes')
				.set({ join_code: code })
				.where('id', '=', classId)
				.where('teacher_id', '=', teacherId)
				.execute();
			return code;
		} catch (error) {
			if (!isUniqueViolation(error) || attempt >= 5) throw error;
		}
	}
}
