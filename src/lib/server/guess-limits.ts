import type { RequestEvent } from '@sveltejs/kit';
import type { Db } from './db';
import { findClassByJoinCode } from './classes';
import { clientAddress } from './client-address';
import { rejectForm } from './forms';
import {
	LIMITS,
	clearBuckets,
	refund,
	reserve,
	waitPhrase,
	type Bucket,
	type Reservation
} from './rate-limits';

// Limits on guessing a password or a class code. Why these buckets resist both guessing and
// lock-out is argued in README ("Sign-in limits").
// In short: an attacker's failures hold the username only at the attacker's own address, the
// account-wide bucket is twenty addresses' worth higher, and a browser the student has signed
// in from before is counted on its own, so no one elsewhere can keep them out of it.

const part = (...values: string[]) => JSON.stringify(values);

export type SignInAttempt = {
	username: string;
	address: string;
	/** Wrong passwords for names that match no account hold no one at the address. */
	accountExists: boolean;
	/** Set when this browser has signed in to this account before. */
	knownBrowserHash: string | null;
};

export function signInBuckets(attempt: SignInAttempt): Bucket[] {
	const { username, address } = attempt;
	if (attempt.knownBrowserHash) {
		return [
			{
				key: `signin:browser:${part(attempt.knownBrowserHash, username)}`,
				limit: LIMITS.signInBrowser,
				subject: username,
				scope: 'account'
			}
		];
	}
	return [
		{
			key: `signin:pair:${part(username, address)}`,
			limit: LIMITS.signInPair,
			subject: username,
			scope: 'account'
		},
		{
			key: `signin:account:${part(username)}`,
			limit: LIMITS.signInAccount,
			subject: username,
			scope: 'account'
		},
		{
			key: `signin:address:${part(address)}`,
			limit: LIMITS.signInAddress,
			subject: null,
			scope: 'address',
			checkOnly: !attempt.accountExists
		}
	];
}

/** Reserves the try before the password is verified: see rate-limits.ts. */
export function reserveSignIn(db: Db, attempt: SignInAttempt, now = Date.now()) {
	return reserve(db, signInBuckets(attempt), now);
}

/**
 * The right password: the try is given back, and the failures at this address or in this browser,
 * most likely the student's own typing, are forgiven.
 */
export async function signInSucceeded(db: Db, attempt: SignInAttempt): Promise<void> {
	const buckets = signInBuckets(attempt);
	const forgiven = buckets.filter((b) => /^signin:(pair|browser):/.test(b.key));
	await clearBuckets(
		db,
		forgiven.map((b) => b.key)
	);
	await refund(
		db,
		buckets.filter((b) => !forgiven.includes(b))
	);
}

export function signInRefusal(verdict: Extract<Reservation, { allowed: false }>): string {
	const wait = waitPhrase(verdict.retryAfterSeconds);
	return verdict.scope === 'account'
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
			scope: 'account'
		});
	}
	return buckets;
}

function joinCodeRefusal(verdict: Extract<Reservation, { allowed: false }>): string {
	const who = verdict.scope === 'account' ? 'by your account' : 'from this network';
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
	if (!verdict.allowed) {
		event.setHeaders({ 'retry-after': String(verdict.retryAfterSeconds) });
		return { failure: rejectForm(429, joinCodeRefusal(verdict), { values }) };
	}
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
