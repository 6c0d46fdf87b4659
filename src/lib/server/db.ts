import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
	Kysely,
	Migrator,
	PostgresAdapter,
	PostgresDialect,
	sql,
	SqliteDialect,
	type Generated,
	type Insertable,
	type Selectable,
	type SqliteDatabase
} from 'kysely';
import { migrations } from './migrations';

export type Role = 'admin' | 'teacher' | 'student';

// Timestamps are epoch milliseconds (bigint in both engines); JSON is stored as text;
// booleans are 0/1 integers. These are the types SQLite and PostgreSQL share.
export interface UsersTable {
	id: string;
	/** Lower-cased at write time, so uniqueness is case-insensitive on both engines. */
	username: string;
	display_name: string;
	role: Role;
	password_hash: string;
	/** 0: no; 1: a teacher reset the password; 2: a new account's first sign-in. */
	must_change_password: Generated<number>;
	created_at: number;
	/** Reading supports ($lib/reading): 'standard' | 'large' | 'larger'. */
	text_size: Generated<string>;
	/** 'standard' | 'wide'. */
	line_spacing: Generated<string>;
	/** 1 shows read-aloud buttons on lesson pages. */
	read_aloud: Generated<number>;
}

export interface SessionsTable {
	id: string;
	secret_hash: string;
	user_id: string;
	created_at: number;
	last_seen_at: number;
}

export interface RateLimitsTable {
	key: string;
	/** The username a count is about, so a reset or a deletion clears it; null for an address. */
	subject: string | null;
	/** When the bucket is full again (epoch ms); see rate-limits.ts. */
	refilled_at: number;
}

export interface KnownSignInsTable {
	/** A browser (by its `byline_browser` cookie) or a network address (an IPv6 one by its /64). */
	kind: 'browser' | 'address';
	/** SHA-256 of the cookie or the address: neither is stored itself. */
	value_hash: string;
	user_id: string;
	last_sign_in_at: number;
}

export interface ClassesTable {
	id: string;
	teacher_id: string;
	name: string;
	section: string | null;
	join_code: string | null;
	created_at: number;
}

export interface ClassMembersTable {
	class_id: string;
	student_id: string;
	joined_at: number;
}

export interface AppSettingsTable {
	key: string;
	value: string;
}

export interface ProgressTable {
	assignment_id: string;
	student_id: string;
	module_id: string;
	/** The version the student started on, and finishes on. */
	module_version: number;
	/** The slug of the step the student last opened. */
	current_step: string;
	started_at: number;
	updated_at: number;
	completed_at: number | null;
}

export interface AttemptsTable {
	id: string;
	student_id: string;
	/** Null once the assignment is removed: the work stays, for the student's own record. */
	assignment_id: string | null;
	module_id: string;
	module_version: number;
	question_id: string;
	attempt_no: number;
	/** JSON of the Answer type in $lib/lesson. */
	answer: string;
	/** 0..1; null until a teacher scores a written answer. */
	score: number | null;
	correct: number;
	confidence: string | null;
	elapsed_ms: number | null;
	created_at: number;
}

export interface DraftsTable {
	assignment_id: string;
	student_id: string;
	module_id: string;
	question_id: string;
	answer: string;
	updated_at: number;
}

export interface AssignmentsTable {
	id: string;
	class_id: string;
	module_id: string;
	/** The version new starters get; a student who started stays on theirs (progress). */
	module_version: number;
	opens_at: number | null;
	due_at: number | null;
	created_at: number;
	/** Set when the teacher removes it; assigning the module again clears it. */
	removed_at: number | null;
	/**
	 * When the module's delayed check opens to the class, set by the teacher days after the
	 * lesson; null until then, and students' paths leave the check out.
	 */
	delayed_check_opens_at: number | null;
}

export interface ReviewsTable {
	attempt_id: string;
	reviewer_id: string | null;
	/** JSON: criterion id to the level's score. */
	rubric: string;
	comment: string;
	score: number;
	updated_at: number;
}

export interface ScoreOverridesTable {
	attempt_id: string;
	teacher_id: string | null;
	score: number;
	reason: string;
	updated_at: number;
}

export interface ModuleVersionsTable {
	module_id: string;
	/** 1, 2, …: a published version is never changed. */
	version: number;
	/** JSON of the module document as authored; validated whenever it is loaded. */
	document: string;
	content_hash: string;
	created_at: number;
}

export interface AuthoredModulesTable {
	module_id: string;
	/** Null once the owner's account is deleted: then only an administrator edits it. */
	owner_id: string | null;
	/** 1: the school's other teachers may assign and duplicate it (never edit it). */
	shared: Generated<number>;
	/** JSON of the draft document, which may be invalid while it is written; null: no draft. */
	draft: string | null;
	/** When the draft was last saved: a save from a stale page is refused, not applied over it. */
	draft_updated_at: number | null;
	created_at: number;
}

export interface Database {
	module_versions: ModuleVersionsTable;
	authored_modules: AuthoredModulesTable;
	app_settings: AppSettingsTable;
	users: UsersTable;
	sessions: SessionsTable;
	rate_limits: RateLimitsTable;
	known_sign_ins: KnownSignInsTable;
	classes: ClassesTable;
	class_members: ClassMembersTable;
	progress: ProgressTable;
	attempts: AttemptsTable;
	drafts: DraftsTable;
	assignments: AssignmentsTable;
	reviews: ReviewsTable;
	score_overrides: ScoreOverridesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Db = Kysely<Database>;

export type DbTarget = { databaseUrl: string; poolSize?: number } | { sqlitePath: string };

/** Connections a server keeps to PostgreSQL, shared among its worker processes. */
const POOL_SIZE_PER_SERVER = 10;

/** One worker's share of the server's connections: each worker has a pool of its own. */
export function poolSizeFor(workers: number): number {
	return Math.max(2, Math.ceil(POOL_SIZE_PER_SERVER / workers));
}

const INT8_OID = 20;

export function createDb(target: DbTarget): Db {
	if ('databaseUrl' in target) {
		const pool = new pg.Pool({
			connectionString: target.databaseUrl,
			max: target.poolSize ?? POOL_SIZE_PER_SERVER,
			// Epoch-millisecond timestamps are bigint columns; they fit a JS number exactly.
			types: {
				getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
					oid === INT8_OID
						? (value: string) => Number(value)
						: pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser
			}
		});
		return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	}
	if (target.sqlitePath !== ':memory:') {
		mkdirSync(path.dirname(target.sqlitePath), { recursive: true });
	}
	const sqlite = new SQLite(target.sqlitePath);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// In WAL mode NORMAL survives a process crash; only an OS crash can lose the last commits.
	sqlite.pragma('synchronous = NORMAL');
	return new Kysely<Database>({
		dialect: new SqliteDialect({ database: reusingStatements(sqlite) })
	});
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query it runs, and parsing and planning the SQL was a tenth of the
 * server's time saving an answer (bench profile). The app runs a few dozen distinct SQL texts,
 * so each is prepared once and reused, except while an earlier use is still being iterated.
 */
function reusingStatements(sqlite: SQLite.Database): SqliteDatabase {
	const statements = new Map<string, SQLite.Statement>();
	return {
		close: () => sqlite.close(),
		prepare(text: string) {
			// Several worker processes share the file: a transaction that read first and then writes
			// would fail at once with SQLITE_BUSY if another process wrote meanwhile, whatever the
			// busy timeout. Taking the write lock at the start makes it wait its turn instead.
			const sql = text === 'begin' ? 'begin immediate' : text;
			const cached = statements.get(sql);
			if (cached && !cached.busy) return cached;
			const statement = sqlite.prepare(sql);
			if (!cached) {
				if (statements.size >= STATEMENT_CACHE_SIZE) {
					statements.delete(statements.keys().next().value!);
				}
				statements.set(sql, statement);
			}
			return statement;
		}
	};
}

/**
 * The migrator, keeping its own tables in the schema the connection works in: Kysely otherwise
 * finds its lock table in any schema, and on a server shared by several schemas (the tests') it
 * may skip creating its own.
 */
export async function migratorFor(db: Db): Promise<Migrator> {
	const provider = { getMigrations: async () => migrations };
	if (!isPostgres(db)) return new Migrator({ db, provider });
	const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
	return new Migrator({ db, provider, migrationTableSchema: rows[0]!.schema });
}

export async function migrateToLatest(db: Db): Promise<void> {
	const migrator = await migratorFor(db);
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((result) => result.status === 'Error');
	if (error || failed) {
		throw new Error(
			`Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`
		);
	}
}

let current: Db | undefined;

/** Opens and migrates the app's database; called once from the server's init hook. */
export async function openDatabase(target: DbTarget): Promise<Db> {
	const db = createDb(target);
	await migrateToLatest(db);
	current = db;
	return db;
}

export function getDb(): Db {
	if (!current)
		throw new Error('The database is not open yet: openDatabase() runs in the init hook.');
	return current;
}

/** For the few statements the two engines spell differently. */
export function isPostgres(db: Db): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Makes transactions that contend for one thing wait their turn instead of failing on a unique
 * key and retrying: on PostgreSQL a lock held until the transaction ends; SQLite has one writer.
 */
export async function lockForTransaction(trx: Db, key: string): Promise<void> {
	if (isPostgres(trx)) {
		await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
	}
}

export function isUniqueViolation(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as { code?: unknown }).code;
	return (
		code === '23505' ||
		code === 'SQLITE_CONSTRAINT_UNIQUE' ||
		code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
	);
}
