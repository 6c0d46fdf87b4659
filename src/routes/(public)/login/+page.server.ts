import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { findUserByUsername, hasAnyUser, passwordMatches } from '$lib/server/users';
import { startSession } from '$lib/server/auth';
import { homeOf } from '$lib/server/access';
import { clientAddress } from '$lib/server/client-address';
import { parseForm, rejectForm } from '$lib/server/forms';
import { refuseTry, reserveSignIn, signInRefusal, signInSucceeded } from '$lib/server/guess-limits';
import { isKnownAddress, knownBrowserOf, rememberSignIn } from '$lib/server/known-sign-ins';
import { normalizeUsername, PASSWORD_MAX, USERNAME_MAX } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

// Only lengths are checked here: a sign-in form must not reveal which usernames are valid.
const loginSchema = z.object({
	username: z
		.string({ error: 'Enter your username.' })
		.transform(normalizeUsername)
		.pipe(
			z
				.string()
				.min(1, 'Enter your username.')
				.max(USERNAME_MAX, `A username has at most ${USERNAME_MAX} characters.`)
		),
	password: z
		.string({ error: 'Enter your password.' })
		.min(1, 'Enter your password.')
		.max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters.`),
	next: z.string().optional()
});

const SITE = 'http://byline.invalid';

/**
 * Only a path on this site, so the sign-in form cannot be used to send someone elsewhere. Read as
 * a browser reads an address, which drops tabs and newlines and takes "\" for "/": "/\t/x.org"
 * would leave the site, and a newline cannot go in a header at all.
 */
function safeNext(next: string | undefined | null): string | null {
	if (!next?.startsWith('/')) return null;
	try {
		const url = new URL(next, SITE);
		return url.origin === SITE ? url.pathname + url.search + url.hash : null;
	} catch {
		return null;
	}
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')) ?? homeOf(locals.user));
	return { installed: await hasAnyUser(getDb()) };
};

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		const { data, failure } = await parseForm(event.request, loginSchema);
		if (failure) return failure;
		const values = { username: data.username };
		const user = await findUserByUsername(db, data.username);
		const address = clientAddress(event);
		const attempt = {
			username: data.username,
			address,
			accountExists: user !== undefined,
			knownBrowserHash: await knownBrowserOf(db, event.cookies, user?.id),
			knownAddress: await isKnownAddress(db, address, user?.id)
		};
		// The try is taken before the slow hash, so guesses sent together cannot all pass.
		const verdict = await reserveSignIn(db, attempt);
		if (!verdict.allowed) return refuseTry(event, verdict, signInRefusal(verdict), values);
		if (!(await passwordMatches(user, data.password)) || !user) {
			return rejectForm(400, 'That username and password do not match an account.', { values });
		}
		await signInSucceeded(db, attempt);
		await rememberSignIn(db, event, address, user.id);
		await startSession(db, event, user.id);
		redirect(303, safeNext(data.next) ?? (user.role === 'student' ? '/learn' : '/teach'));
	}
};
