import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../scripts/backup.js';
import { createDb, migrateToLatest } from '$lib/server/db';
import { makeUser } from '../fixtures/people';

const dir = mkdtempSync(path.join(os.tmpdir(), 'byline-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backup and restore of the embedded database', () => {
	it('backs up a database in use and restores it after a loss', async () => {
		const live = path.join(dir, 'data', 'byline.sqlite');
		const db = createDb({ sqlitePath: live });
		await migrateToLatest(db);
		const kept = await makeUser(db, 'teacher', 'kept.teacher');
		const backup = await backupDatabase(live, path.join(dir, 'backups', 'one.sqlite'));

		// Written after the backup: gone once the backup is restored.
		await makeUser(db, 'teacher', 'later.teacher');
		await db.destroy();
		const previous = restoreDatabase(backup, live);
		expect(previous).toMatch(/before-restore/);

		const restored = createDb({ sqlitePath: live });
		const names = (await restored.selectFrom('users').select('username').execute()).map(
			(u) => u.username
		);
		expect(names).toEqual([kept.username]);
		await restored.destroy();
	});

	it('refuses to restore a file that is not a Byline database', () => {
		const junk = path.join(dir, 'junk.sqlite');
		writeFileSync(junk, 'not a database');
		expect(() => restoreDatabase(junk, path.join(dir, 'other', 'byline.sqlite'))).toThrow();
	});
});
