import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Db, KnownSignInsTable } from './db';

// Where an account has signed in before: browsers (by a cookie of their own) and network
// addresses. Sign-ins from them are counted apart (guess-limits.ts), so guesses made elsewhere
// cannot keep the owner out of their own computer, nor a classmate's guesses out of their school.
export const KNOWN_BROWSER_COOKIE = 'byline_browser';
const KNOWN_FOR_DAYS = 180;
const KNOWN_FOR_MS = KNOWN_FOR_DAYS * 24 * 60 * 60_000;

type Kind = KnownSignInsTable['kind'];

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');
const isBrowserToken = (token: string | undefined): token is string =>
	token !== undefined && /^[A-Za-z0-9_-]{43}$/.test(token);

async function isKnown(db: Db, kind: Kind, valueHash: string, userId: string, now: number) {
	const row = await db
		.selectFrom('known_sign_ins')
		.select('user_id')
		.where('kind', '=', kind)
		.where('value_hash', '=', valueHash)
		.where('user_id', '=', userId)
		.where('last_sign_in_at', '>', now - KNOWN_FOR_MS)
		.executeTakeFirst();
	return row !== undefined;
}

async function remember(db: Db, kind: Kind, valueHash: string, userId: string, now: number) {
	await db
		.insertInto('known_sign_ins')
		.values({ kind, value_hash: valueHash, user_id: userId, last_sign_in_at: now })
		.onConflict((oc) =>
			oc.columns(['kind', 'value_hash', 'user_id']).doUpdateSet({ last_sign_in_at: now })
		)
		.execute();
}

/** The browser's own marker (hashed), when it has signed in to this account before. */
export async function knownBrowserOf(
	db: Db,
	cookies: Cookies,
	userId: string | undefined,
	now = Date.now()
): Promise<string | null> {
	const token = cookies.get(KNOWN_BROWSER_COOKIE);
	if (!userId || !isBrowserToken(token)) return null;
	const browserHash = hashOf(token);
	return (await isKnown(db, 'browser', browserHash, userId, now)) ? browserHash : null;
}

/** Whether the account has signed in from this address before (within 180 days). */
export async function isKnownAddress(
	db: Db,
	address: string,
	userId: string | undefined,
	now = Date.now()
): Promise<boolean> {
	return userId !== undefined && isKnown(db, 'address', hashOf(address), userId, now);
}

/** After a successful sign-in: this browser and this address are ones the account uses. */
export async function rememberSignIn(
	db: Db,
	event: { cookies: Cookies; url: URL },
	address: string,
	userId: string,
	now = Date.now()
): Promise<void> {
	let token = event.cookies.get(KNOWN_BROWSER_COOKIE);
	if (!isBrowserToken(token)) token = randomBytes(32).toString('base64url');
	event.cookies.set(KNOWN_BROWSER_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		maxAge: KNOWN_FOR_DAYS * 24 * 60 * 60
	});
	await remember(db, 'browser', hashOf(token), userId, now);
	await remember(db, 'address', hashOf(address), userId, now);
}

/** A password reset forgets the account's browsers: one of them may be how it was misused. */
export async function forgetBrowsersOf(db: Db, userId: string): Promise<void> {
	await db
		.deleteFrom('known_sign_ins')
		.where('kind', '=', 'browser')
		.where('user_id', '=', userId)
		.execute();
}

export async function deleteStaleSignIns(db: Db, now = Date.now()): Promise<void> {
	await db
		.deleteFrom('known_sign_ins')
		.where('last_sign_in_at', '<=', now - KNOWN_FOR_MS)
		.execute();
}
