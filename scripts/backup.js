// Online backup and restore of the embedded SQLite database.
//   npm run backup -- [file]     copies the live database (safe while the app runs)
//   npm run restore -- <file>    replaces the database with a backup (stop the app first)
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function databasePath(env = process.env) {
	return path.join(path.resolve(env.DATA_DIR?.trim() || 'data'), 'byline.sqlite');
}

/**
 * Copies a live database page by page (SQLite's online backup API), then checks the copy.
 * @param {string} source
 * @param {string} target
 */
export async function backupDatabase(source, target) {
	if (!existsSync(source)) throw new Error(`No database at ${source}.`);
	mkdirSync(path.dirname(target), { recursive: true });
	const db = new Database(source, { readonly: true, fileMustExist: true });
	try {
		await db.backup(target);
	} finally {
		db.close();
	}
	checkDatabase(target);
	return target;
}

/** @param {string} file */
export function checkDatabase(file) {
	const db = new Database(file, { readonly: true, fileMustExist: true });
	try {
		const result = db.pragma('integrity_check', { simple: true });
		if (result !== 'ok') throw new Error(`${file} failed its integrity check: ${result}`);
		const migrated = /** @type {{ n: number }} */ (
			db.prepare("select count(*) as n from sqlite_master where name = 'kysely_migration'").get()
		);
		if (migrated.n !== 1) throw new Error(`${file} is not a Byline database.`);
	} finally {
		db.close();
	}
}

/**
 * Puts a checked backup in place; the current database is kept beside it, renamed.
 * @param {string} backup
 * @param {string} target
 */
export function restoreDatabase(backup, target) {
	checkDatabase(backup);
	mkdirSync(path.dirname(target), { recursive: true });
	let kept = null;
	if (existsSync(target)) {
		kept = `${target}.before-restore-${Date.now()}`;
		renameSync(target, kept);
	}
	for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
	copyFileSync(backup, target);
	return kept;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [command, file] = process.argv.slice(2);
	const live = databasePath();
	try {
		if (command === 'backup') {
			const stamp = new Date().toISOString().replace(/[:.]/g, '-');
			const target = path.resolve(
				file ?? path.join(path.dirname(live), 'backups', `byline-${stamp}.sqlite`)
			);
			await backupDatabase(live, target);
			console.log(`Backed up ${live} to ${target}`);
		} else if (command === 'restore' && file) {
			const kept = restoreDatabase(path.resolve(file), live);
			console.log(
				`Restored ${live} from ${file}.${kept ? ` The previous database is kept as ${kept}.` : ''}`
			);
		} else {
			console.error(
				'Usage: npm run backup -- [file]   |   npm run restore -- <file>  (with the app stopped)'
			);
			process.exit(2);
		}
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	}
}
