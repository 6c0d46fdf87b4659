import { sql } from 'kysely';
import type { Db } from './db';

// Counters live in the database so every app server sees the same count.
// A school shares one public address, so the address allowance is far larger than a username's.
type Policy = { freeFailures: number; baseDelayMs: number; maxDelayMs: number };

export const THROTTLE_POLICIES: Record<'username' | 'address', Policy> = {
	username: { freeFailures: 4, baseDelayMs: 15_000, maxDelayMs: 15 * 60_000 },
	address: { freeFailures: 60, baseDelayMs: 15_000, maxDelayMs: 15 * 60_000 }
};
/** A quiet hour forgives earlier failures. */
export const THROTTLE_FORGET_AFTER_MS = 60 * 60_000;

export type ThrottleKeys = { username: string; address: string };

export type ThrottleVerdict =
	{ allowed: true } | { allowed: false; scope: 'username' | 'address'; retryAfterSeconds: number };

const usernameKey = (username: string) => `user:${username}`;

function keysOf(keys: ThrottleKeys) {
	return { username: usernameKey(keys.username), address: `addr:${keys.address}` };
}

/** How long after the last failure the next attempt must wait: doubling once past the allowance. */
export function delayAfter(failures: number, policy: Policy): number {
	const excess = failures - policy.freeFailures;
	if (excess <= 0) return 0;
	return Math.min(policy.baseDelayMs * 2 ** (excess - 1), policy.maxDelayMs);
}

export async function checkLoginThrottle(
	db: Db,
	keys: ThrottleKeys,
	now = Date.now()
): Promise<ThrottleVerdict> {
	const dbKeys = keysOf(keys);
	const rows = await db
		.selectFrom('login_throttle')
		.selectAll()
		.where('key', 'in', [dbKeys.username, dbKeys.address])
		.execute();
	for (const scope of ['username', 'address'] as const) {
		const row = rows.find((r) => r.key === dbKeys[scope]);
		if (!row || now - row.last_failure_at >= THROTTLE_FORGET_AFTER_MS) continue;
		const waitUntil = row.last_failure_at + delayAfter(row.failures, THROTTLE_POLICIES[scope]);
		if (now < waitUntil) {
			return { allowed: false, scope, retryAfterSeconds: Math.ceil((waitUntil - now) / 1000) };
		}
	}
	return { allowed: true };
}

export async function recordLoginFailure(
	db: Db,
	keys: ThrottleKeys,
	now = Date.now()
): Promise<void> {
	const forgetBefore = now - THROTTLE_FORGET_AFTER_MS;
	for (const key of Object.values(keysOf(keys))) {
		// One atomic upsert, so concurrent failures on several servers are all counted.
		await db
			.insertInto('login_throttle')
			.values({ key, failures: 1, last_failure_at: now })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet({
					failures: sql<number>`case when login_throttle.last_failure_at <= ${forgetBefore} then 1 else login_throttle.failures + 1 end`,
					last_failure_at: now
				})
			)
			.execute();
	}
}

/** A successful sign-in, or deleting the account, clears its username's count. */
export async function clearLoginFailures(db: Db, username: string): Promise<void> {
	await db.deleteFrom('login_throttle').where('key', '=', usernameKey(username)).execute();
}

/** Counts a quiet hour has already forgiven hold only a username or an address: drop them. */
export async function deleteForgottenFailures(db: Db, now = Date.now()): Promise<void> {
	await db
		.deleteFrom('login_throttle')
		.where('last_failure_at', '<=', now - THROTTLE_FORGET_AFTER_MS)
		.execute();
}

export function throttleMessage(verdict: Extract<ThrottleVerdict, { allowed: false }>): string {
	const wait =
		verdict.retryAfterSeconds >= 90
			? `${Math.ceil(verdict.retryAfterSeconds / 60)} minutes`
			: `${verdict.retryAfterSeconds} seconds`;
	return verdict.scope === 'username'
		? `Too many failed sign-ins for this username. Wait ${wait}, then try again, or ask your teacher to reset your password.`
		: `Too many failed sign-ins from this network. Wait ${wait}, then try again.`;
}
