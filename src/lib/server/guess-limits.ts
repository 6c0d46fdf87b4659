import type { RequestEvent } from '@sveltejs/kit';
import type { Db } from './db';
import { findClassByJoinCode } from './classes';
import { clientAddress } from './client-address';
import { rejectForm } from './forms';
import { LIMITS, refund, reserve, waitPhrase, type Bucket, type Reservation } from './rate-limits';

// Limits on guessing a password or a class code. Why these buckets resist both guessing and
// lock-out is argued in README ("Sign-in limits").
// In short: an attacker's failures hold the username only at the attacker's own address, the
// account-wide bucket is twenty addresses' worth higher, a browser the student has signed in from
// before is counted on its own, and an address they have signed in from never holds them.

const part = (...values: string[]) => JSON.stringify(values);

export type SignInAttempt = {
	username: string;
	address: string;
	/** Wrong passwords for names that match no account hold no one at the address. */
	accountExists: boolean;
	/** Set when this browser has signed in to this account before. */
	knownBrowserHash: string | null;
	/** Whether the account has signed in from this address before. */
	knownAddress: boolean;
};

export function signInBuckets(attempt: SignInAttempt): Bucket[] {
	const { username, address } = attempt;
	if (attempt.knownBrowserHash) {
		return [
			{
				key: `signin:browser:${part(attempt.knownBrowserHash, username)}`,
				limit: LIMITS.signInBrowser,
				subject: username,
				scope: 'username'
			}
		];
	}
	return [
		{
			key: `signin:pair:${part(username, address)}`,
			limit: LIMITS.signInPair,
			subject: username,
			scope: 'username'
		},
		{
			key: `signin:account:${part(username)}`,
			limit: LIMITS.signInAccount,
			subject: username,
			scope: 'username'
		},
		// A school's own students are not held by its address, whoever sprays guesses from it.
		...(attempt.knownAddress
			? []
			: [
					{
						key: `signin:address:${part(address)}`,
						limit: LIMITS.signInAddress,
						subject: null,
						scope: 'address' as const,
						checkOnly: !attempt.accountExists
					}
				])
	];
}

/** Reserves the try before the password is verified: see rate-limits.ts. */
export function reserveSignIn(db: Db, attempt: SignInAttempt, now = Date.now()) {
	return reserve(db, signInBuckets(attempt), now);
}

/** The right password gives its try back: only failures use tries up. */
export async function signInSucceeded(db: Db, attempt: SignInAttempt): Promise<void> {
	await refund(db, signInBuckets(attempt));
}

/**
 * Changing a password or deleting the account asks for the current one again, so a session left
 * open on a shared computer cannot be used to guess it faster than the sign-in form allows. The
 * try is reserved before the hash; `succeeded` gives it back.
 */
export async function reservePasswordCheck(
	db: Db,
	event: Pick<RequestEvent, 'setHeaders'>,
	username: string
) {
	const buckets: Bucket[] = [
		{
			key: `reauth:${part(username)}`,
			limit: LIMITS.passwordCheck,
			subject: username,
			scope: 'username'
		}
	];
	const verdict = await reserve(db, buckets);
	if (!verdict.allowed) {
		const wait = waitPhrase(verdict.retryAfterSeconds);
		return {
			failure: refuseTry(event, verdict, `Too many wrong passwords. Wait ${wait}, then try again.`)
		};
	}
	return { succeeded: () => refund(db, buckets) };
}

/** A form's answer to a try that was refused: 429, with the wait in `Retry-After` and in words. */
export function refuseTry(
	event: Pick<RequestEvent, 'setHeaders'>,
	verdict: Extract<Reservation, { allowed: false }>,
	message: string,
	values: Record<string, string> = {}
) {
	event.setHeaders({ 'retry-after': String(verdict.retryAfterSeconds) });
	return rejectForm(429, message, { values });
}

export function signInRefusal(verdict: Extract<Reservation, { allowed: false }>): string {
	const wait = waitPhrase(verdict.retryAfterSeconds);
	return verdict.scope === 'username'
		? `Too many failed sign-ins for this username. Wait ${wait}, then try again, or ask your teacher to reset your password.`
		: `Too many failed sign-ins from this network. Wait ${wait}, then try again.`;
}

/** Class codes: per address always, and per account when a signed-in student joins. */
export function joinCodeBuckets(attempt: { address: string; username: string | null }): Bucket[] {
	const buckets: Bucket[] = [
		{
			key: `join:address:${part(attempt.address)}`,
			limit: LIMITS.joinCodeAddress,
			subject: null,
			scope: 'address'
		}
	];
	if (attempt.username) {
		buckets.push({
			key: `join:account:${part(attempt.username)}`,
			limit: LIMITS.joinCodeAccount,
			subject: attempt.username,
			scope: 'username'
		});
	}
	return buckets;
}

function joinCodeRefusal(verdict: Extract<Reservation, { allowed: false }>): string {
	const who = verdict.scope === 'username' ? 'by your account' : 'from this network';
	return `Too many wrong class codes were tried ${who}. Wait ${waitPhrase(verdict.retryAfterSeconds)}, then try again, or ask your teacher for the code.`;
}

/**
 * The class a typed code opens, or the form's answer when there is none. The try is reserved
 * before the code is looked up and given back when it opens a class: only wrong codes use them.
 */
export async function findClassForCode(
	db: Db,
	event: Pick<RequestEvent, 'getClientAddress' | 'platform' | 'setHeaders'>,
	joinCode: string,
	username: string | null,
	values: Record<string, string>
) {
	const buckets = joinCodeBuckets({ address: clientAddress(event), username });
	const verdict = await reserve(db, buckets);
	if (!verdict.allowed)
		return { failure: refuseTry(event, verdict, joinCodeRefusal(verdict), values) };
	const klass = await findClassByJoinCode(db, joinCode);
	if (!klass) {
		return {
			failure: rejectForm(400, 'Please correct the highlighted fields.', {
				errors: { joinCode: 'No class has this code. Check it with your teacher.' },
				values
			})
		};
	}
	await refund(db, buckets);
	return { klass };
}
