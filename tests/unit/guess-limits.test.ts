import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, clearLimitsOf, deleteFullBuckets, reserve } from '$lib/server/rate-limits';
import {
	joinCodeBuckets,
	reserveSignIn,
	signInRefusal,
	signInSucceeded,
	type SignInAttempt
} from '$lib/server/guess-limits';
import { addressKey } from '$lib/server/client-address';
import { createTestDb, engines, type TestDb } from '../fixtures/db';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(engines)('guessing limits on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	const now = 1_700_000_000_000;
	let counter = 0;
	/** A sign-in attempt at an account of its own, so tests do not share buckets. */
	function attemptAt(overrides: Partial<SignInAttempt> = {}): SignInAttempt {
		counter += 1;
		return {
			username: `user${counter}`,
			address: `198.51.100.${counter % 250}`,
			accountExists: true,
			knownBrowserHash: null,
			knownAddress: false,
			...overrides
		};
	}
	async function allowedOf(attempts: SignInAttempt[], at: number) {
		const verdicts = [];
		for (const attempt of attempts) verdicts.push(await reserveSignIn(t.db, attempt, at));
		return verdicts.filter((v) => v.allowed).length;
	}

	it('lets five tries through, then one every five minutes, with the wait to tell', async () => {
		const attempt = attemptAt();
		expect(await allowedOf(Array(8).fill(attempt), now)).toBe(5);
		const refused = await reserveSignIn(t.db, attempt, now + 1_000);
		expect(refused).toEqual({ allowed: false, scope: 'username', retryAfterSeconds: 299 });
		if (!refused.allowed) expect(signInRefusal(refused)).toContain('Wait 5 minutes');
		expect((await reserveSignIn(t.db, attempt, now + 5 * MINUTE)).allowed).toBe(true);
		expect((await reserveSignIn(t.db, attempt, now + 5 * MINUTE + 1)).allowed).toBe(false);
	});

	it('lets at most five of fifty guesses sent at once through', async () => {
		const attempt = attemptAt();
		const verdicts = await Promise.all(
			Array.from({ length: 50 }, () => reserveSignIn(t.db, attempt, now))
		);
		expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
	});

	it("does not hold the student at their own address for someone else's guesses", async () => {
		const attacker = attemptAt({ address: '203.0.113.66' });
		expect(await allowedOf(Array(20).fill(attacker), now)).toBe(5);
		const owner = { ...attacker, address: '192.0.2.10' };
		expect((await reserveSignIn(t.db, owner, now)).allowed).toBe(true);
	});

	it('holds an account tried from many addresses after 100, then lets one through an hour', async () => {
		const target = attemptAt();
		const fromAddress = (n: number) => ({ ...target, address: `10.1.${n >> 8}.${n & 255}` });
		const sent = Array.from({ length: 25 * 5 }, (_, i) => fromAddress(Math.floor(i / 5)));
		expect(await allowedOf(sent, now)).toBe(LIMITS.signInAccount.burst);
		const fresh = fromAddress(999);
		expect(await reserveSignIn(t.db, fresh, now)).toMatchObject({
			allowed: false,
			scope: 'username'
		});
		expect((await reserveSignIn(t.db, fresh, now + HOUR)).allowed).toBe(true);
		// A browser the student has signed in from before is counted on its own, and gets in.
		const knownBrowser = { ...fresh, knownBrowserHash: 'c'.repeat(64) };
		expect((await reserveSignIn(t.db, knownBrowser, now + HOUR)).allowed).toBe(true);
	});

	it('gives an attacker at one address 5 guesses, then 12 an hour', async () => {
		const attacker = attemptAt();
		let allowed = 0;
		for (let second = 0; second < 3 * 3600; second += 10) {
			if ((await reserveSignIn(t.db, attacker, now + second * 1000)).allowed) allowed++;
		}
		expect(allowed).toBe(5 + 3 * 12 - 1);
	});

	it('holds no one at an address for wrong names that match no account', async () => {
		const address = '203.0.113.200';
		const madeUp = Array.from({ length: 300 }, (_, i) =>
			attemptAt({ username: `nobody${i}`, address, accountExists: false })
		);
		for (const attempt of madeUp) await reserveSignIn(t.db, attempt, now);
		expect((await reserveSignIn(t.db, attemptAt({ address }), now)).allowed).toBe(true);
	});

	it('holds an address that sprays real accounts after 200, but not browsers known to them', async () => {
		const address = '203.0.113.201';
		const sprayed = Array.from({ length: 210 }, () => attemptAt({ address }));
		expect(await allowedOf(sprayed, now)).toBe(LIMITS.signInAddress.burst);
		expect(await reserveSignIn(t.db, attemptAt({ address }), now)).toMatchObject({
			allowed: false,
			scope: 'address'
		});
		// Once the address is held, made-up names are refused like real ones: no name is revealed.
		expect(
			(await reserveSignIn(t.db, attemptAt({ address, accountExists: false }), now)).allowed
		).toBe(false);
		const atHome = attemptAt({ address, knownBrowserHash: 'd'.repeat(64) });
		expect((await reserveSignIn(t.db, atHome, now)).allowed).toBe(true);
	});

	it('takes tries from every bucket or from none', async () => {
		const attempt = attemptAt();
		await allowedOf(Array(5).fill(attempt), now);
		const accountRow = () =>
			t.db
				.selectFrom('rate_limits')
				.select('refilled_at')
				.where('key', '=', `signin:account:${JSON.stringify([attempt.username])}`)
				.executeTakeFirstOrThrow();
		const before = await accountRow();
		// The account bucket is taken first (key order), then the full pair bucket refuses.
		expect((await reserveSignIn(t.db, attempt, now)).allowed).toBe(false);
		expect(await accountRow()).toEqual(before);
	});

	it('gives back the try a right password took, and only that one', async () => {
		const attempt = attemptAt();
		expect(await allowedOf(Array(3).fill(attempt), now)).toBe(3);
		await reserveSignIn(t.db, attempt, now);
		await signInSucceeded(t.db, attempt);
		// Three failures stand: two tries are left, not five, so a success mid-burst opens nothing.
		expect(await allowedOf(Array(5).fill(attempt), now)).toBe(2);
	});

	it('never holds an account at an address it has signed in from', async () => {
		const school = '203.0.113.202';
		await allowedOf(
			Array.from({ length: 210 }, () => attemptAt({ address: school })),
			now
		);
		expect((await reserveSignIn(t.db, attemptAt({ address: school }), now)).allowed).toBe(false);
		const regular = attemptAt({ address: school, knownAddress: true });
		expect((await reserveSignIn(t.db, regular, now)).allowed).toBe(true);
	});

	it('lifts every limit on a username when a teacher resets it', async () => {
		const attempt = attemptAt();
		await allowedOf(Array(6).fill(attempt), now);
		expect((await reserveSignIn(t.db, attempt, now)).allowed).toBe(false);
		await clearLimitsOf(t.db, attempt.username);
		expect((await reserveSignIn(t.db, attempt, now)).allowed).toBe(true);
	});

	it('limits class codes per address and per account', async () => {
		const student = joinCodeBuckets({ address: '192.0.2.77', username: `kid${counter++}` });
		const verdicts = await Promise.all(
			Array.from({ length: 30 }, () => reserve(t.db, student, now))
		);
		expect(verdicts.filter((v) => v.allowed)).toHaveLength(LIMITS.joinCodeAccount.burst);
		const anonymous = joinCodeBuckets({ address: '192.0.2.78', username: null });
		const burst = await Promise.all(
			Array.from({ length: 100 }, () => reserve(t.db, anonymous, now))
		);
		expect(burst.filter((v) => v.allowed)).toHaveLength(LIMITS.joinCodeAddress.burst);
	});

	it('sweeps buckets that have refilled and keeps the rest', async () => {
		const attempt = attemptAt();
		await reserveSignIn(t.db, attempt, now);
		await deleteFullBuckets(t.db, now + 10 * MINUTE);
		const left = await t.db
			.selectFrom('rate_limits')
			.select('key')
			.where('subject', '=', attempt.username)
			.execute();
		// The five-minute pair bucket has refilled; the account's hour has not.
		expect(left.map((row) => row.key)).toEqual([
			`signin:account:${JSON.stringify([attempt.username])}`
		]);
	});
});

describe('the address a limit counts by', () => {
	it('takes an IPv6 address by its /64 network, and IPv4 written as IPv6 as itself', () => {
		expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
		expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKey('::1')).toBe('0:0:0:0::/64');
		expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
		expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
	});
});
