import { randomUUID } from 'node:crypto';
import { STANDARD_READING_COLUMNS } from './reading-supports';
import { isUniqueViolation, type Db, type Role, type User } from './db';
import { hashPassword, verifyDecoyPassword, verifyPassword } from './password';
import { invalidateUserSessions } from './auth';

/** Why `users.must_change_password` asks for a new password; rows from before the split say 1. */
export const PASSWORD_CHANGE = { reset: 1, firstSignIn: 2 } as const;

/** Why the user must choose a new password, or null when they need not. */
export async function passwordChangeReason(
	db: Db,
	userId: string
): Promise<'reset' | 'first sign-in' | null> {
	const row = await db
		.selectFrom('users')
		.select('must_change_password')
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!row || row.must_change_password === 0) return null;
	return row.must_change_password === PASSWORD_CHANGE.firstSignIn ? 'first sign-in' : 'reset';
}

export class UsernameTakenError extends Error {
	constructor(username: string) {
		super(`The username "${username}" is taken.`);
	}
}

export type NewAccount = {
	username: string;
	displayName: string;
	role: Role;
	password: string;
	mustChangePassword?: boolean;
	/** A class the new student joins in the same transaction. */
	joinClassId?: string;
};

/** Inserts a user; the caller has validated and normalised the fields. */
export async function createUser(db: Db, account: NewAccount, now = Date.now()): Promise<User> {
	const user: User = {
		id: randomUUID(),
		username: account.username,
		display_name: account.displayName,
		role: account.role,
		password_hash: await hashPassword(account.password),
		must_change_password: account.mustChangePassword ? PASSWORD_CHANGE.firstSignIn : 0,
		created_at: now,
		...STANDARD_READING_COLUMNS
	};
	try {
		await db.transaction().execute(async (trx) => {
			await trx.insertInto('users').values(user).execute();
			if (account.joinClassId) {
				await trx
					.insertInto('class_members')
					.values({ class_id: account.joinClassId, student_id: user.id, joined_at: now })
					.execute();
			}
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new UsernameTakenError(account.username);
		throw error;
	}
	return user;
}

export async function hasAnyUser(db: Db): Promise<boolean> {
	const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	return row !== undefined;
}

export class AlreadySetUpError extends Error {
	constructor() {
		super('This school is already set up. Sign in instead.');
	}
}

/**
 * Creates the first account, an administrator who also teaches. The marker row's primary key
 * makes this happen once even when two app servers receive the form at the same moment.
 */
export async function setUpSchool(
	db: Db,
	school: { schoolName: string; username: string; displayName: string; password: string },
	now = Date.now()
): Promise<User> {
	if (await hasAnyUser(db)) throw new AlreadySetUpError();
	const passwordHash = await hashPassword(school.password);
	try {
		return await db.transaction().execute(async (trx) => {
			await trx
				.insertInto('app_settings')
				.values({ key: 'set_up_at', value: String(now) })
				.execute();
			await trx
				.insertInto('app_settings')
				.values({ key: 'school_name', value: school.schoolName })
				.execute();
			const user: User = {
				id: randomUUID(),
				username: school.username,
				display_name: school.displayName,
				role: 'admin',
				password_hash: passwordHash,
				must_change_password: 0,
				created_at: now,
				...STANDARD_READING_COLUMNS
			};
			await trx.insertInto('users').values(user).execute();
			return user;
		});
	} catch (error) {
		if (isUniqueViolation(error)) throw new AlreadySetUpError();
		throw error;
	}
}

export async function getSchoolName(db: Db): Promise<string | null> {
	const row = await db
		.selectFrom('app_settings')
		.select('value')
		.where('key', '=', 'school_name')
		.executeTakeFirst();
	return row?.value ?? null;
}

export async function findUserByUsername(db: Db, username: string): Promise<User | undefined> {
	return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Whether the password is the user's; takes as long with no user, so timing tells no names. */
export async function passwordMatches(user: User | undefined, password: string): Promise<boolean> {
	if (!user) return verifyDecoyPassword(password);
	return verifyPassword(user.password_hash, password);
}

export class WrongPasswordError extends Error {
	constructor() {
		super('Your current password is not right.');
	}
}

/** Sets a new password and signs the user out everywhere else. */
export async function changePassword(
	db: Db,
	userId: string,
	keepSessionId: string,
	currentPassword: string,
	newPassword: string
): Promise<void> {
	const user = await db
		.selectFrom('users')
		.select('password_hash')
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	if (!(await verifyPassword(user.password_hash, currentPassword))) throw new WrongPasswordError();
	const passwordHash = await hashPassword(newPassword);
	await db.transaction().execute(async (trx) => {
		await trx
			.updateTable('users')
			.set({ password_hash: passwordHash, must_change_password: 0 })
			.where('id', '=', userId)
			.execute();
		await invalidateUserSessions(trx, userId, keepSessionId);
	});
}

export async function listUsersByRole(db: Db, roles: Role[]) {
	return db
		.selectFrom('users')
		.select(['id', 'username', 'display_name', 'role', 'created_at'])
		.where('role', 'in', roles)
		.orderBy('display_name')
		.execute();
}
