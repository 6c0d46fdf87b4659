import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest } from '$lib/server/db';
import { migrations } from '$lib/server/migrations';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { makeClass, makeUser } from '../fixtures/people';

describe.each(engines)('migrations on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('records every migration and does nothing on a second start', async () => {
		await migrateToLatest(t.db);
		const rows = await sql<{
			name: string;
		}>`select name from kysely_migration order by name`.execute(t.db);
		expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
	});

	it('creates every table the schema names', async () => {
		const tables = (await t.db.introspection.getTables()).map((table) => table.name);
		for (const name of [
			'app_settings',
			'users',
			'sessions',
			'rate_limits',
			'known_sign_ins',
			'classes',
			'class_members'
		]) {
			expect(tables).toContain(name);
		}
	});

	it('enforces foreign keys: a class of a missing teacher is refused', async () => {
		await expect(makeClass(t.db, 'no-such-teacher')).rejects.toThrow();
	});

	it('keeps epoch-millisecond timestamps exact', async () => {
		const user = await makeUser(t.db, 'teacher');
		const row = await t.db
			.selectFrom('users')
			.select('created_at')
			.where('id', '=', user.id)
			.executeTakeFirstOrThrow();
		expect(row.created_at).toBe(user.created_at);
		expect(typeof row.created_at).toBe('number');
	});
});
