import { randomInt, randomUUID } from 'node:crypto';
import { isUniqueViolation, type Db } from './db';
import { createUser, UsernameTakenError } from './users';
import { hashPassword } from './password';
import { clearLimitsOf } from './rate-limits';
import { forgetBrowsersOf } from './known-browsers';

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

async function requireClass(db: Db, teacherId: string, classId: string) {
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

export async function listRoster(db: Db, teacherId: string, classId: string) {
	await requireClass(db, teacherId, classId);
	return db
		.selectFrom('class_members')
		.innerJoin('users', 'users.id', 'class_members.student_id')
		.select([
			'users.id',
			'users.username',
			'users.display_name',
			'users.must_change_password',
			'class_members.joined_at'
		])
		.where('class_members.class_id', '=', classId)
		.orderBy('users.display_name')
		.execute();
}

/** The student, if they are in this teacher's class. */
async function requireMember(db: Db, teacherId: string, classId: string, studentId: string) {
	const row = await db
		.selectFrom('class_members')
		.innerJoin('classes', 'classes.id', 'class_members.class_id')
		.select('class_members.student_id')
		.where('class_members.class_id', '=', classId)
		.where('classes.teacher_id', '=', teacherId)
		.where('class_members.student_id', '=', studentId)
		.executeTakeFirst();
	if (!row) throw new NotFoundError('No such student in this class.');
}

// Lower case and digits with look-alikes left out: read off a printed card by a child.
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function generateOneTimePassword(): string {
	const group = () =>
		Array.from({ length: 4 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(
			''
		);
	return `${group()}-${group()}-${group()}`;
}

/** A username from a name: ascii letters and digits, "first.last", or "student". */
export function usernameFromName(name: string): string {
	const words = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.split(/\s+/)
		.map((word) => word.replace(/[^a-z0-9]/g, ''))
		.filter(Boolean);
	const base = words.length > 1 ? `${words[0]}.${words.at(-1)}` : (words[0] ?? '');
	return (base.length >= 3 ? base : `student${base}`).slice(0, 40);
}

export const BULK_MAX_NAMES = 200;

export type BulkResult = {
	created: { displayName: string; username: string; password: string }[];
	skipped: { line: number; name: string; reason: string }[];
};

/**
 * Creates a student account for each pasted name and adds it to the class. Each account gets a
 * one-time password that must be changed at first sign-in; only the hash is kept, so the result
 * is the one chance to print the cards.
 */
export async function bulkAddStudents(
	db: Db,
	teacherId: string,
	classId: string,
	pasted: string
): Promise<BulkResult> {
	await requireClass(db, teacherId, classId);
	const result: BulkResult = { created: [], skipped: [] };
	const seen = new Set<string>();
	const lines = pasted.replace(/\r\n?/g, '\n').split('\n');
	let accepted = 0;
	for (const [index, raw] of lines.entries()) {
		const line = index + 1;
		const name = raw.normalize('NFC').replace(/\s+/g, ' ').trim();
		if (!name) continue;
		const shown = name.slice(0, 80);
		if (/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(raw.replace(/[\t\r]/g, ''))) {
			result.skipped.push({ line, name: shown, reason: 'contains control characters' });
			continue;
		}
		if (name.length > 80) {
			result.skipped.push({ line, name: `${shown}…`, reason: 'longer than 80 characters' });
			continue;
		}
		if (seen.has(name.toLowerCase())) {
			result.skipped.push({ line, name, reason: 'listed twice' });
			continue;
		}
		if (accepted >= BULK_MAX_NAMES) {
			result.skipped.push({ line, name, reason: `more than ${BULK_MAX_NAMES} names in one paste` });
			continue;
		}
		seen.add(name.toLowerCase());
		accepted += 1;
		const base = usernameFromName(name);
		const password = generateOneTimePassword();
		// A second try covers a name taken by someone else between the lookup and the insert.
		for (let tries = 0; ; tries++) {
			const username = await firstFreeUsername(db, base);
			if (!username) {
				result.skipped.push({ line, name, reason: 'no free username left for this name' });
				break;
			}
			try {
				await createUser(db, {
					username,
					displayName: name,
					role: 'student',
					password,
					mustChangePassword: true,
					joinClassId: classId
				});
			} catch (error) {
				if (error instanceof UsernameTakenError && tries < 2) continue;
				throw error;
			}
			result.created.push({ displayName: name, username, password });
			break;
		}
	}
	return result;
}

/** The first of base, base2, base3… that no one has, from one query rather than one insert each. */
async function firstFreeUsername(db: Db, base: string): Promise<string | null> {
	const rows = await db
		.selectFrom('users')
		.select('username')
		.where('username', 'like', `${base}%`)
		.execute();
	const taken = new Set(rows.map((row) => row.username));
	for (let suffix = 1; suffix < 10_000; suffix++) {
		const candidate = suffix === 1 ? base : `${base}${suffix}`;
		if (!taken.has(candidate)) return candidate;
	}
	return null;
}

export async function removeStudentFromClass(
	db: Db,
	teacherId: string,
	classId: string,
	studentId: string
): Promise<void> {
	await requireMember(db, teacherId, classId, studentId);
	await db
		.deleteFrom('class_members')
		.where('class_id', '=', classId)
		.where('student_id', '=', studentId)
		.execute();
}

/** Deletes a student's account and with it all their work (cascading), if they are in this class. */
export async function deleteStudentAccount(
	db: Db,
	teacherId: string,
	classId: string,
	studentId: string
): Promise<void> {
	await requireMember(db, teacherId, classId, studentId);
	await db.transaction().execute(async (trx) => {
		const deleted = await trx
			.deleteFrom('users')
			.where('id', '=', studentId)
			.where('role', '=', 'student')
			.returning('username')
			.executeTakeFirst();
		if (deleted) await clearLimitsOf(trx, deleted.username);
	});
}

/**
 * Sets a one-time password, ends the student's sessions, lifts the sign-in limits on the account,
 * and returns the password to hand over.
 */
export async function resetStudentPassword(
	db: Db,
	teacherId: string,
	classId: string,
	studentId: string
): Promise<string> {
	await requireMember(db, teacherId, classId, studentId);
	const password = generateOneTimePassword();
	const passwordHash = await hashPassword(password);
	await db.transaction().execute(async (trx) => {
		const student = await trx
			.updateTable('users')
			.set({ password_hash: passwordHash, must_change_password: 1 })
			.where('id', '=', studentId)
			.where('role', '=', 'student')
			.returning(['id', 'username'])
			.executeTakeFirst();
		await trx.deleteFrom('sessions').where('user_id', '=', studentId).execute();
		// The sign-in refusal tells a held-back student to ask for this; it must let them in.
		if (student) {
			await clearLimitsOf(trx, student.username);
			await forgetBrowsersOf(trx, student.id);
		}
	});
	return password;
}

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
