import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from './db';

// Where an account has signed in before: browsers (by a cookie of their own) and network
// addresses. Sign-ins from them are counted apart (guess-limits.ts), so guesses made elsewhere
// cannot keep the owner out of their own computer, nor a classmate's guesses out of their school.
export const KNOWN_BROWSER_COOKIE = 'byline_browser';
const KNOWN_FOR_DAYS = 180;
const KNOWN_FOR_MS = KNOWN_FOR_DAYS * 24 * 60 * 60_000;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const isBrowserToken = (token: string | undefined): token is string =>
	token !== undefined && /^[A-Za-z0-9_-]{43}$/.test(token);
/** The browser's own marker, when it has signed in to this account before. */
export async function knownBrowserOf(
	db: Db,
	cookies: Cookies,
	userId: string | undefined,
	now = Date.now()
): Promise<string | null> {
	const token = cookies.get(KNOWN_BROWSER_COOKIE);
	if (!userId || !isBrowserToken(token)) return null;
	const browserHash = hashOf(token);
	const row = await db
		.selectFrom('known_browsers')
		.select('browser_hash')
		.where('browser_hash', '=', browserHash)
		.where('user_id', '=', userId)
		.where('last_sign_in_at', '>', now - KNOWN_FOR_MS)
		.executeTakeFirst();
	return row ? browserHash : null;
}

/** After a successful sign-in: this browser is one the account is known to use. */
export async function rememberBrowser(
	db: Db,
	event: { cookies: Cookies; url: URL },
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
	await db
		.insertInto('known_browsers')
		.values({ browser_hash: hashOf(token), user_id: userId, last_sign_in_at: now })
		.onConflict((oc) =>
			oc.columns(['browser_hash', 'user_id']).doUpdateSet({ last_sign_in_at: now })
		)
		.execute();
}

/** Whether the account has signed in from this address before (within 180 days). */
export async function isKnownAddress(
	db: Db,
	address: string,
	userId: string | undefined,
	now = Date.now()
): Promise<boolean> {
	if (!userId) return false;
	const row = await db
		.selectFrom('known_addresses')
		.select('user_id')
		.where('address_hash', '=', hashOf(address))
		.where('user_id', '=', userId)
		.where('last_sign_in_at', '>', now - KNOWN_FOR_MS)
		.executeTakeFirst();
	return row !== undefined;
}

export async function rememberAddress(
	db: Db,
	address: string,
	userId: string,
	now = Date.now()
): Promise<void> {
	await db
		.insertInto('known_addresses')
		.values({ address_hash: hashOf(address), user_id: userId, last_sign_in_at: now })
		.onConflict((oc) =>
			oc.columns(['address_hash', 'user_id']).doUpdateSet({ last_sign_in_at: now })
		)
		.execute();
}

/** A password reset forgets the account's browsers: one of them may be how it was misused. */
export async function forgetBrowsersOf(db: Db, userId: string): Promise<void> {
	await db.deleteFrom('known_browsers').where('user_id', '=', userId).execute();
}

export async function deleteStaleSignIns(db: Db, now = Date.now()): Promise<void> {
	for (const table of ['known_browsers', 'known_addresses'] as const) {
		await db
			.deleteFrom(table)
			.where('last_sign_in_at', '<=', now - KNOWN_FOR_MS)
			.execute();
	}
}
