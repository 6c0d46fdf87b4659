import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { ReadingSupports } from '$lib/reading';
import { readingSupportsOf } from './reading-supports';
import type { Db, Role } from './db';

// Session scheme from lucia-auth.com ("Basic session implementation" and "Inactivity timeout"),
// written here because the lucia package is deprecated. A token is `<id>.<secret>`: the id
// finds the row, only a SHA-256 hash of the secret is stored, and it is compared in constant time.
export const SESSION_COOKIE = 'byline_session';
/** ASVS 5.0 7.3.1: a session unused this long ends. A lesson autosaves, so readers stay active. */
export const INACTIVITY_TIMEOUT_MS = 60 * 60 * 1000;
/** ASVS 5.0 7.3.2: no session outlives a school day, however active. */
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** Recording activity on every request would turn every read into a write. */
const ACTIVITY_WRITE_INTERVAL_MS = 60 * 1000;

const ID_BYTES = 15; // 120 bits: a lookup key, unguessable but not the secret
const SECRET_BYTES = 32; // 256 bits, above ASVS 7.2.3's 128

export type SessionUser = {
	id: string;
	username: string;
	displayName: string;
	role: Role;
	mustChangePassword: boolean;
	reading: ReadingSupports;
};

export type Session = {
	id: string;
	userId: string;
	createdAt: number;
	lastSeenAt: number;
	expiresAt: number;
};

export type SessionValidationResult =
	| {
			session: Session;
			user: SessionUser;
			/** Read in the same query: every signed-in page's header shows it. */
			schoolName: string | null;
	  }
	| { session: null; user: null; schoolName?: undefined };

function hashSecret(secret: string): Buffer {
	return createHash('sha256').update(secret).digest();
}

function expiryOf(createdAt: number, lastSeenAt: number): number {
	return Math.min(lastSeenAt + INACTIVITY_TIMEOUT_MS, createdAt + ABSOLUTE_LIFETIME_MS);
}

export async function createSession(
	db: Db,
	userId: string,
	now = Date.now()
): Promise<{ token: string; session: Session }> {
	const id = randomBytes(ID_BYTES).toString('base64url');
	const secret = randomBytes(SECRET_BYTES).toString('base64url');
	await db
		.insertInto('sessions')
		.values({
			id,
			secret_hash: hashSecret(secret).toString('hex'),
			user_id: userId,
			created_at: now,
			last_seen_at: now
		})
		.execute();
	return {
		token: `${id}.${secret}`,
		session: { id, userId, createdAt: now, lastSeenAt: now, expiresAt: expiryOf(now, now) }
	};
}

export async function validateSessionToken(
	db: Db,
	token: string,
	now = Date.now()
): Promise<SessionValidationResult> {
	const none = { session: null, user: null } as const;
	const [id, secret, extra] = token.split('.');
	if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return none;

	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.secret_hash',
			'sessions.created_at',
			'sessions.last_seen_at',
			'users.id as user_id',
			'users.username',
			'users.display_name',
			'users.role',
			'users.must_change_password',
			'users.text_size',
			'users.line_spacing',
			'users.read_aloud',
			(eb) =>
				eb
					.selectFrom('app_settings')
					.select('value')
					.where('key', '=', 'school_name')
					.as('school_name')
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return none;

	const stored = Buffer.from(row.secret_hash, 'hex');
	const given = hashSecret(secret);
	if (stored.length !== given.length || !timingSafeEqual(stored, given)) return none;

	if (now >= expiryOf(row.created_at, row.last_seen_at)) {
		await invalidateSession(db, row.id);
		return none;
	}
	let lastSeenAt = row.last_seen_at;
	if (now - lastSeenAt >= ACTIVITY_WRITE_INTERVAL_MS) {
		lastSeenAt = now;
		await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
	}
	return {
		session: {
			id: row.id,
			userId: row.user_id,
			createdAt: row.created_at,
			lastSeenAt,
			expiresAt: expiryOf(row.created_at, lastSeenAt)
		},
		user: {
			id: row.user_id,
			username: row.username,
			displayName: row.display_name,
			role: row.role,
			mustChangePassword: row.must_change_password !== 0,
			reading: readingSupportsOf(row)
		},
		schoolName: row.school_name
	};
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user except, optionally, the one in use. */
export async function invalidateUserSessions(
	db: Db,
	userId: string,
	exceptSessionId?: string
): Promise<void> {
	let query = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
	await query.execute();
}

export async function deleteExpiredSessions(db: Db, now = Date.now()): Promise<void> {
	await db
		.deleteFrom('sessions')
		.where((eb) =>
			eb.or([
				eb('last_seen_at', '<=', now - INACTIVITY_TIMEOUT_MS),
				eb('created_at', '<=', now - ABSOLUTE_LIFETIME_MS)
			])
		)
		.execute();
}

export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: number,
	secure: boolean
): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: new Date(expiresAt)
	});
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** Signs a user in on this response. */
export async function startSession(
	db: Db,
	event: { cookies: Cookies; url: URL },
	userId: string
): Promise<void> {
	const { token, session } = await createSession(db, userId);
	setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
}
