import { randomInt } from 'node:crypto';
import anyAscii from 'any-ascii';
import type { Db } from './db';
import { NotFoundError, requireClass } from './classes';
import { forgetBrowsersOf } from './known-sign-ins';
import { hashPassword } from './password';
import { clearLimitsOf } from './rate-limits';
import { createUser, PASSWORD_CHANGE, UsernameTakenError } from './users';

// A teacher's students in one class: the list, accounts made in bulk, and what a teacher may do
// to a student's account (reset, remove from the class, delete).

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

/**
 * A username from a name: "first.last" in ascii letters and digits, transliterated from other
 * scripts (李雷 → lilei, Алия → aliia), or "student" when nothing readable is left.
 */
export function usernameFromName(name: string): string {
	const words = anyAscii(name)
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
	/** `sameName`: a name the class or the list already has, perhaps the same student. */
	skipped: { line: number; name: string; reason: string; sameName?: true }[];
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
	pasted: string,
	/** Add a name the class or the list already has as a new student: two real Maria Garcias. */
	{ allowSameName = false } = {}
): Promise<BulkResult> {
	await requireClass(db, teacherId, classId);
	const result: BulkResult = { created: [], skipped: [] };
	const seen = new Set<string>();
	const inClass = new Set(
		(await listRoster(db, teacherId, classId)).map((student) => sameNameKey(student.display_name))
	);
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
		if (!allowSameName && inClass.has(sameNameKey(name))) {
			result.skipped.push({ line, name, reason: 'already in this class', sameName: true });
			continue;
		}
		if (!allowSameName && seen.has(sameNameKey(name))) {
			result.skipped.push({ line, name, reason: 'listed twice', sameName: true });
			continue;
		}
		if (accepted >= BULK_MAX_NAMES) {
			result.skipped.push({ line, name, reason: `more than ${BULK_MAX_NAMES} names in one paste` });
			continue;
		}
		seen.add(sameNameKey(name));
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

function sameNameKey(name: string): string {
	return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
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
			.set({ password_hash: passwordHash, must_change_password: PASSWORD_CHANGE.reset })
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
