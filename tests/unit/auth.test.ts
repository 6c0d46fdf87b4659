import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ABSOLUTE_LIFETIME_MS,
	INACTIVITY_TIMEOUT_MS,
	createSession,
	deleteExpiredSessions,
	invalidateSession,
	validateSessionToken
} from '$lib/server/auth';
import { changePassword, WrongPasswordError } from '$lib/server/users';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { authenticate, makeUser, PASSWORD } from '../fixtures/people';

describe.each(engines)('sessions on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('issues a token of at least 128 secret bits and stores only a hash of it', async () => {
		const user = await makeUser(t.db, 'student');
		const { token, session } = await createSession(t.db, user.id);
		const [id, secret] = token.split('.');
		expect(id).toBe(session.id);
		expect(Buffer.from(secret!, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
		const row = await t.db
			.selectFrom('sessions')
			.selectAll()
			.where('id', '=', id!)
			.executeTakeFirstOrThrow();
		expect(row.secret_hash).not.toContain(secret);
		expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
	});

	it('accepts the token it issued and names the user', async () => {
		const user = await makeUser(t.db, 'teacher');
		const { token } = await createSession(t.db, user.id);
		const result = await validateSessionToken(t.db, token);
		expect(result.user?.id).toBe(user.id);
		expect(result.user?.role).toBe('teacher');
		expect(result.schoolName).toBeNull();
		await t.db
			.insertInto('app_settings')
			.values({ key: 'school_name', value: 'Ridgeway High' })
			.execute();
		expect((await validateSessionToken(t.db, token)).schoolName).toBe('Ridgeway High');
	});

	it('refuses a token whose secret was altered, and malformed tokens', async () => {
		const user = await makeUser(t.db, 'student');
		const { token } = await createSession(t.db, user.id);
		const [id, secret] = token.split('.');
		const altered = `${id}.${secret!.slice(0, -1)}${secret!.endsWith('A') ? 'B' : 'A'}`;
		expect((await validateSessionToken(t.db, altered)).session).toBeNull();
		for (const bad of [
			'',
			'.',
			id!,
			`${id}.`,
			`${token}.x`,
			'x'.repeat(500),
			`${id}.${'a'.repeat(65)}`
		]) {
			expect((await validateSessionToken(t.db, bad)).session).toBeNull();
		}
	});

	it('ends a session after the inactivity timeout and deletes it', async () => {
		const user = await makeUser(t.db, 'student');
		const start = 1_700_000_000_000;
		const { token, session } = await createSession(t.db, user.id, start);
		expect(
			(await validateSessionToken(t.db, token, start + INACTIVITY_TIMEOUT_MS - 1)).session
		).not.toBeNull();
		// The check above renewed activity; idle a full timeout past that.
		const renewed = start + INACTIVITY_TIMEOUT_MS - 1;
		expect(
			(await validateSessionToken(t.db, token, renewed + INACTIVITY_TIMEOUT_MS)).session
		).toBeNull();
		const row = await t.db
			.selectFrom('sessions')
			.select('id')
			.where('id', '=', session.id)
			.executeTakeFirst();
		expect(row).toBeUndefined();
	});

	it('renews activity, but not on every request', async () => {
		const user = await makeUser(t.db, 'student');
		const start = 1_700_000_000_000;
		const { token, session } = await createSession(t.db, user.id, start);
		await validateSessionToken(t.db, token, start + 10_000);
		const early = await t.db
			.selectFrom('sessions')
			.select('last_seen_at')
			.where('id', '=', session.id)
			.executeTakeFirstOrThrow();
		expect(early.last_seen_at).toBe(start);
		const later = await validateSessionToken(t.db, token, start + 30 * 60_000);
		expect(later.session?.lastSeenAt).toBe(start + 30 * 60_000);
		expect(later.session?.expiresAt).toBe(start + 30 * 60_000 + INACTIVITY_TIMEOUT_MS);
	});

	it('ends even an active session at its absolute lifetime', async () => {
		const user = await makeUser(t.db, 'student');
		const start = 1_700_000_000_000;
		const { token } = await createSession(t.db, user.id, start);
		let now = start;
		while (now + INACTIVITY_TIMEOUT_MS / 2 < start + ABSOLUTE_LIFETIME_MS) {
			now += INACTIVITY_TIMEOUT_MS / 2;
			expect((await validateSessionToken(t.db, token, now)).session).not.toBeNull();
		}
		expect(
			(await validateSessionToken(t.db, token, start + ABSOLUTE_LIFETIME_MS)).session
		).toBeNull();
	});

	it('signs out: an invalidated token no longer works', async () => {
		const user = await makeUser(t.db, 'student');
		const { token, session } = await createSession(t.db, user.id);
		await invalidateSession(t.db, session.id);
		expect((await validateSessionToken(t.db, token)).user).toBeNull();
	});

	it('changing the password ends the other sessions and keeps this one', async () => {
		const user = await makeUser(t.db, 'student');
		const here = await createSession(t.db, user.id);
		const elsewhere = await createSession(t.db, user.id);
		await expect(
			changePassword(t.db, user.id, here.session.id, 'not my password', 'a new password')
		).rejects.toBeInstanceOf(WrongPasswordError);
		expect((await validateSessionToken(t.db, elsewhere.token)).session).not.toBeNull();

		await changePassword(t.db, user.id, here.session.id, PASSWORD, 'a new password');
		expect((await validateSessionToken(t.db, here.token)).session).not.toBeNull();
		expect((await validateSessionToken(t.db, elsewhere.token)).session).toBeNull();
		expect(await authenticate(t.db, user.username, PASSWORD)).toBeNull();
		expect((await authenticate(t.db, user.username, 'a new password'))?.id).toBe(user.id);
	});

	it('removes expired sessions in bulk', async () => {
		const user = await makeUser(t.db, 'student');
		const old = await createSession(t.db, user.id, 1_000);
		const fresh = await createSession(t.db, user.id);
		await deleteExpiredSessions(t.db);
		const ids = (
			await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()
		).map((r) => r.id);
		expect(ids).toEqual([fresh.session.id]);
		expect(ids).not.toContain(old.session.id);
	});

	it('a deleted user takes their sessions with them', async () => {
		const user = await makeUser(t.db, 'student');
		const { token } = await createSession(t.db, user.id);
		await t.db.deleteFrom('users').where('id', '=', user.id).execute();
		expect((await validateSessionToken(t.db, token)).session).toBeNull();
		const left = await t.db
			.selectFrom('sessions')
			.select('id')
			.where('user_id', '=', user.id)
			.execute();
		expect(left).toEqual([]);
	});
});
