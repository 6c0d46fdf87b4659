import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	THROTTLE_FORGET_AFTER_MS,
	THROTTLE_POLICIES,
	checkLoginThrottle,
	clearLoginFailures,
	delayAfter,
	recordLoginFailure,
	throttleMessage
} from '$lib/server/throttle';
import { createTestDb, engines, type TestDb } from '../fixtures/db';

describe('throttle delays', () => {
	it('allows a few mistakes, then doubles the wait up to a ceiling', () => {
		const policy = THROTTLE_POLICIES.username;
		expect(delayAfter(policy.freeFailures, policy)).toBe(0);
		expect(delayAfter(policy.freeFailures + 1, policy)).toBe(15_000);
		expect(delayAfter(policy.freeFailures + 2, policy)).toBe(30_000);
		expect(delayAfter(policy.freeFailures + 30, policy)).toBe(policy.maxDelayMs);
	});
});

describe.each(engines)('login throttling on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	const now = 1_700_000_000_000;

	it('refuses a username after repeated failures, with how long to wait', async () => {
		const keys = { username: 'kim', address: '10.0.0.1' };
		for (let i = 0; i < THROTTLE_POLICIES.username.freeFailures; i++) {
			expect((await checkLoginThrottle(t.db, keys, now)).allowed).toBe(true);
			await recordLoginFailure(t.db, keys, now);
		}
		expect((await checkLoginThrottle(t.db, keys, now)).allowed).toBe(true);
		await recordLoginFailure(t.db, keys, now);
		const verdict = await checkLoginThrottle(t.db, keys, now + 1_000);
		expect(verdict).toEqual({ allowed: false, scope: 'username', retryAfterSeconds: 14 });
		if (!verdict.allowed) expect(throttleMessage(verdict)).toContain('Wait 14 seconds');
		expect((await checkLoginThrottle(t.db, keys, now + 15_000)).allowed).toBe(true);
		// The same username from another address is held too: the count follows the account.
		expect(
			(await checkLoginThrottle(t.db, { ...keys, address: '10.0.0.2' }, now + 1_000)).allowed
		).toBe(false);
	});

	it('forgets failures after a quiet hour, and clears them on success', async () => {
		const keys = { username: 'lee', address: '10.0.1.1' };
		for (let i = 0; i < 8; i++) await recordLoginFailure(t.db, keys, now);
		expect((await checkLoginThrottle(t.db, keys, now + 60_000)).allowed).toBe(false);
		expect((await checkLoginThrottle(t.db, keys, now + THROTTLE_FORGET_AFTER_MS)).allowed).toBe(
			true
		);
		await recordLoginFailure(t.db, keys, now + THROTTLE_FORGET_AFTER_MS);
		const row = await t.db
			.selectFrom('login_throttle')
			.selectAll()
			.where('key', '=', 'user:lee')
			.executeTakeFirstOrThrow();
		expect(row.failures).toBe(1);
		await clearLoginFailures(t.db, keys.username);
		const cleared = await t.db
			.selectFrom('login_throttle')
			.select('key')
			.where('key', '=', 'user:lee')
			.executeTakeFirst();
		expect(cleared).toBeUndefined();
	});

	it('holds one address that tries many usernames, with a school-sized allowance', async () => {
		const address = '203.0.113.9';
		const allowance = THROTTLE_POLICIES.address.freeFailures;
		for (let i = 0; i < allowance; i++) {
			await recordLoginFailure(t.db, { username: `student${i}`, address }, now);
		}
		expect((await checkLoginThrottle(t.db, { username: 'fresh', address }, now)).allowed).toBe(
			true
		);
		await recordLoginFailure(t.db, { username: 'another', address }, now);
		const verdict = await checkLoginThrottle(t.db, { username: 'fresh', address }, now);
		expect(verdict).toMatchObject({ allowed: false, scope: 'address' });
	});

	it('counts every failure when many arrive at once', async () => {
		const keys = { username: 'burst', address: '10.9.9.9' };
		await Promise.all(Array.from({ length: 20 }, () => recordLoginFailure(t.db, keys, now)));
		const row = await t.db
			.selectFrom('login_throttle')
			.selectAll()
			.where('key', '=', 'user:burst')
			.executeTakeFirstOrThrow();
		expect(row.failures).toBe(20);
	});
});
