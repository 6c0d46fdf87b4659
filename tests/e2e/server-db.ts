import path from 'node:path';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** The database of the server under test: DATA_DIR `.e2e-data` in playwright.config.ts. */
export const SERVER_DB_PATH = path.resolve('.e2e-data', 'byline.sqlite');

// What changes without any change of data, and so is left out of the comparison:
// - sessions.last_seen_at: any signed-in request may record activity (once a minute).
// - rate_limits: a refused sign-in or class code is counted on purpose; that is what a limit is.
const VOLATILE: Record<string, readonly string[] | 'whole table'> = {
	sessions: ['last_seen_at'],
	rate_limits: 'whole table'
};

export type Digest = Record<string, string>;

/**
 * A hash of every table's rows, table by table so a difference names the table. Read-only
 * beside the running server: WAL mode lets a reader in while the server writes.
 */
export function digestServerDb(): Digest {
	const db = new Database(SERVER_DB_PATH, { readonly: true, fileMustExist: true });
	try {
		return db.transaction(() => {
			const tables = db
				.prepare(
					"select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name"
				)
				.pluck()
				.all() as string[];
			const digest: Digest = {};
			for (const table of tables) {
				const skipped = VOLATILE[table];
				if (skipped === 'whole table') continue;
				const columns = (
					db.prepare(`select name from pragma_table_info(?)`).pluck().all(table) as string[]
				)
					.filter((column) => !skipped?.includes(column))
					.map((column) => `"${column}"`);
				const rows = db
					.prepare(`select ${columns.join(', ')} from "${table}" order by ${columns.join(', ')}`)
					.raw()
					.all();
				const hash = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
				digest[table] = `${rows.length} rows, ${hash}`;
			}
			return digest;
		})();
	} finally {
		db.close();
	}
}

/**
 * Stores a module version beside the shipped ones, as an author publishing it would, for a test
 * that needs content the shipped module lacks. Returns how to take it out again.
 */
export function storeModuleVersion(
	document: { id: string; [field: string]: unknown },
	version = 1
): () => void {
	const db = new Database(SERVER_DB_PATH, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	try {
		db.prepare(
			'insert into module_versions (module_id, version, document, content_hash, created_at) values (?, ?, ?, ?, ?)'
		).run(
			document.id,
			version,
			JSON.stringify(document),
			createHash('sha256').update(JSON.stringify(document)).digest('hex'),
			Date.now()
		);
	} finally {
		db.close();
	}
	return () => {
		const db = new Database(SERVER_DB_PATH, { fileMustExist: true });
		db.pragma('busy_timeout = 5000');
		try {
			db.prepare('delete from module_versions where module_id = ?').run(document.id);
		} finally {
			db.close();
		}
	};
}

/**
 * A hash of the rows about one module: its versions, its draft, and students' answers, progress
 * and drafts on it. Unlike digestServerDb, other specs writing at the same time do not
 * move it.
 */
export function digestModuleRows(moduleId: string): Digest {
	const db = new Database(SERVER_DB_PATH, { readonly: true, fileMustExist: true });
	const queries: Record<string, string> = {
		module_versions: 'select * from module_versions where module_id = ?',
		authored_modules: 'select * from authored_modules where module_id = ?',
		attempts: 'select * from attempts where module_id = ? order by id',
		progress: 'select * from progress where module_id = ? order by assignment_id, student_id',
		drafts:
			'select * from drafts where module_id = ? order by assignment_id, student_id, question_id'
	};
	try {
		return db.transaction(() =>
			Object.fromEntries(
				Object.entries(queries).map(([table, query]) => {
					const rows = db.prepare(query).raw().all(moduleId);
					const hash = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
					return [table, `${rows.length} rows, ${hash}`];
				})
			)
		)();
	} finally {
		db.close();
	}
}
