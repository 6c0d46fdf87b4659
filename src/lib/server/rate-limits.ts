import { sql } from 'kysely';
import { isPostgres, type Db } from './db';

// Each limit is a bucket of `burst` tries that refills one try every `refillMs` (the generic cell
// rate algorithm). A row stores only `refilled_at`, when the bucket is full again: one bigint,
// so the check and the count are one conditional upsert on both engines, and N requests that
// arrive together take at most `burst` tries between them.
export type Limit = { burst: number; refillMs: number };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The figures the README's security section states; change both together. */
export const LIMITS = {
	/** One username from one address, in a browser it has not signed in from. */
	signInPair: { burst: 5, refillMs: 5 * MINUTE },
	/** One username from every address together: twenty addresses' worth, NIST's 100. */
	signInAccount: { burst: 100, refillMs: HOUR },
	/** Wrong passwords for existing accounts from one address (password spraying). */
	signInAddress: { burst: 200, refillMs: 18_000 },
	/** One username in a browser where it signed in before: exempt from the three above. */
	signInBrowser: { burst: 10, refillMs: 15 * MINUTE },
	/** Class codes tried from one address (a whole class signs up together). */
	joinCodeAddress: { burst: 60, refillMs: MINUTE },
	/** Class codes tried by one signed-in account. */
	joinCodeAccount: { burst: 10, refillMs: 6 * MINUTE },
	/** The current password, typed again to change it or to delete the account. */
	passwordCheck: { burst: 5, refillMs: 5 * MINUTE }
} satisfies Record<string, Limit>;

export type LimitScope = 'username' | 'address';

export type Bucket = {
	key: string;
	limit: Limit;
	/** Who the count is about (a username), so a reset or a deletion can clear it. */
	subject: string | null;
	/** Whose wait the refusal message names. */
	scope: LimitScope;
	/** A bucket that holds the attempt back when full but does not count it. */
	checkOnly?: boolean;
};

export type Reservation =
	{ allowed: true } | { allowed: false; scope: LimitScope; retryAfterSeconds: number };

class Refused extends Error {
	constructor(
		readonly scope: LimitScope,
		readonly retryAfterSeconds: number
	) {
		super('refused');
	}
}

/**
 * Requests reach the row in another order than they read the clock (and servers' clocks differ a
 * little): the last try of a burst must not be refused for a few milliseconds. Every refill
 * interval is far longer, so this never lets an extra try through.
 */
const CLOCK_TOLERANCE_MS = 1000;

const waitSeconds = (refilledAt: number, limit: Limit, now: number) =>
	Math.max(1, Math.ceil((refilledAt + limit.refillMs - now - limit.burst * limit.refillMs) / 1000));

/**
 * Takes one try from every counted bucket, all or none, in one transaction. Rows are locked in
 * key order, so two servers reserving overlapping buckets cannot deadlock.
 */
export async function reserve(db: Db, buckets: Bucket[], now = Date.now()): Promise<Reservation> {
	const counted = buckets.filter((b) => !b.checkOnly).sort((a, b) => (a.key < b.key ? -1 : 1));
	const checked = buckets.filter((b) => b.checkOnly);
	try {
		await db.transaction().execute(async (trx) => {
			for (const bucket of counted) {
				const { burst, refillMs } = bucket.limit;
				const from = sql<number>`(case when rate_limits.refilled_at > ${now} then rate_limits.refilled_at else ${now} end)`;
				const taken = await trx
					.insertInto('rate_limits')
					.values({ key: bucket.key, subject: bucket.subject, refilled_at: now + refillMs })
					.onConflict((oc) =>
						oc
							.column('key')
							.doUpdateSet({ refilled_at: sql<number>`${from} + ${refillMs}` })
							.where(
								sql<boolean>`${from} + ${refillMs} - ${now} <= ${burst * refillMs + CLOCK_TOLERANCE_MS}`
							)
					)
					.returning('refilled_at')
					.executeTakeFirst();
				if (!taken) {
					const row = await trx
						.selectFrom('rate_limits')
						.select('refilled_at')
						.where('key', '=', bucket.key)
						.executeTakeFirstOrThrow();
					throw new Refused(bucket.scope, waitSeconds(row.refilled_at, bucket.limit, now));
				}
			}
			if (checked.length === 0) return;
			const rows = await trx
				.selectFrom('rate_limits')
				.select(['key', 'refilled_at'])
				.where(
					'key',
					'in',
					checked.map((b) => b.key)
				)
				.execute();
			for (const bucket of checked) {
				const row = rows.find((r) => r.key === bucket.key);
				if (!row) continue;
				const next = Math.max(row.refilled_at, now) + bucket.limit.refillMs;
				if (next - now > bucket.limit.burst * bucket.limit.refillMs + CLOCK_TOLERANCE_MS) {
					throw new Refused(bucket.scope, waitSeconds(row.refilled_at, bucket.limit, now));
				}
			}
		});
	} catch (cause) {
		if (cause instanceof Refused) {
			return { allowed: false, scope: cause.scope, retryAfterSeconds: cause.retryAfterSeconds };
		}
		throw cause;
	}
	return { allowed: true };
}

/** Gives back the try a successful attempt took: only failures are meant to use them up. */
export async function refund(db: Db, buckets: Bucket[]): Promise<void> {
	for (const bucket of buckets.filter((b) => !b.checkOnly)) {
		await db
			.updateTable('rate_limits')
			.set({ refilled_at: sql<number>`refilled_at - ${bucket.limit.refillMs}` })
			.where('key', '=', bucket.key)
			.execute();
	}
}

export async function clearBuckets(db: Db, keys: string[]): Promise<void> {
	if (keys.length > 0) await db.deleteFrom('rate_limits').where('key', 'in', keys).execute();
}

/**
 * A teacher's reset or a deletion lifts every limit held against a username. Row by row in key
 * order, the order `reserve` locks them in, so the two cannot deadlock on PostgreSQL.
 */
export async function clearLimitsOf(db: Db, username: string): Promise<void> {
	const rows = await db
		.selectFrom('rate_limits')
		.select('key')
		.where('subject', '=', username)
		.orderBy('key')
		.execute();
	for (const { key } of rows) await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

/**
 * A full bucket holds nothing back and remembers nothing worth keeping. On PostgreSQL rows a
 * sign-in has locked are skipped (the next sweep takes them), so the sweep never deadlocks one.
 */
export async function deleteFullBuckets(db: Db, now = Date.now()): Promise<void> {
	if (isPostgres(db)) {
		await sql`delete from rate_limits where key in (select key from rate_limits where refilled_at <= ${now} for update skip locked)`.execute(
			db
		);
	} else {
		await db.deleteFrom('rate_limits').where('refilled_at', '<=', now).execute();
	}
}

export function waitPhrase(seconds: number): string {
	return seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
}
