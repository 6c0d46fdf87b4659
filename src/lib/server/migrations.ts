import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';

// Migrations are code, not files on disk, so the built server carries them.
// Names sort in the order they run. Never edit one that has shipped: add the next.

export const migrations: Record<string, Migration> = {
	'0001-accounts': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('app_settings')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('value', 'text', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('users')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('username', 'text', (c) => c.notNull().unique())
				.addColumn('display_name', 'text', (c) => c.notNull())
				.addColumn('role', 'text', (c) => c.notNull())
				.addColumn('password_hash', 'text', (c) => c.notNull())
				.addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('sessions')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('secret_hash', 'text', (c) => c.notNull())
				.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addColumn('last_seen_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
			await db.schema
				.createTable('login_throttle')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('failures', 'integer', (c) => c.notNull())
				.addColumn('last_failure_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('classes')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('teacher_id', 'text', (c) =>
					c.notNull().references('users.id').onDelete('cascade')
				)
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('section', 'text')
				.addColumn('join_code', 'text', (c) => c.unique())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('classes_teacher_id')
				.on('classes')
				.column('teacher_id')
				.execute();
			await db.schema
				.createTable('class_members')
				.addColumn('class_id', 'text', (c) =>
					c.notNull().references('classes.id').onDelete('cascade')
				)
				.addColumn('student_id', 'text', (c) =>
					c.notNull().references('users.id').onDelete('cascade')
				)
				.addColumn('joined_at', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('class_members_pk', ['class_id', 'student_id'])
				.execute();
			await db.schema
				.createIndex('class_members_student_id')
				.on('class_members')
				.column('student_id')
				.execute();
		},
		async down(db: Kysely<any>) {
			for (const table of [
				'class_members',
				'classes',
				'login_throttle',
				'sessions',
				'users',
				'app_settings'
			]) {
				await db.schema.dropTable(table).execute();
			}
		}
	},
	'0002-lesson-progress': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('progress')
				.addColumn('student_id', 'text', (c) =>
					c.notNull().references('users.id').onDelete('cascade')
				)
				.addColumn('module_id', 'text', (c) => c.notNull())
				.addColumn('current_step', 'text', (c) => c.notNull())
				.addColumn('started_at', 'bigint', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.addColumn('completed_at', 'bigint')
				.addPrimaryKeyConstraint('progress_pk', ['student_id', 'module_id'])
				.execute();
			await db.schema
				.createTable('attempts')
				// The browser makes the id, so a retried submission is recognised, not counted twice.
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('student_id', 'text', (c) =>
					c.notNull().references('users.id').onDelete('cascade')
				)
				.addColumn('module_id', 'text', (c) => c.notNull())
				.addColumn('question_id', 'text', (c) => c.notNull())
				.addColumn('attempt_no', 'integer', (c) => c.notNull())
				.addColumn('answer', 'text', (c) => c.notNull())
				.addColumn('score', 'double precision')
				.addColumn('correct', 'integer', (c) => c.notNull())
				.addColumn('confidence', 'text')
				.addColumn('elapsed_ms', 'integer')
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addUniqueConstraint('attempts_order', [
					'student_id',
					'module_id',
					'question_id',
					'attempt_no'
				])
				.execute();
			await db.schema
				.createIndex('attempts_module_question')
				.on('attempts')
				.columns(['module_id', 'question_id'])
				.execute();
			await db.schema
				.createTable('drafts')
				.addColumn('student_id', 'text', (c) =>
					c.notNull().references('users.id').onDelete('cascade')
				)
				.addColumn('module_id', 'text', (c) => c.notNull())
				.addColumn('question_id', 'text', (c) => c.notNull())
				.addColumn('answer', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('drafts_pk', ['student_id', 'module_id', 'question_id'])
				.execute();
		},
		async down(db: Kysely<any>) {
			for (const table of ['drafts', 'attempts', 'progress']) {
				await db.schema.dropTable(table).execute();
			}
		}
	},
	'0003-assignments-and-reviews': {
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('assignments')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('class_id', 'text', (c) =>
					c.notNull().references('classes.id').onDelete('cascade')
				)
				.addColumn('module_id', 'text', (c) => c.notNull())
				.addColumn('opens_at', 'bigint')
				.addColumn('due_at', 'bigint')
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addUniqueConstraint('assignments_class_module', ['class_id', 'module_id'])
				.execute();
			await db.schema
				.createTable('reviews')
				.addColumn('attempt_id', 'text', (c) =>
					c.primaryKey().references('attempts.id').onDelete('cascade')
				)
				.addColumn('reviewer_id', 'text', (c) => c.references('users.id').onDelete('set null'))
				.addColumn('rubric', 'text', (c) => c.notNull())
				.addColumn('comment', 'text', (c) => c.notNull())
				.addColumn('score', 'double precision', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createTable('score_overrides')
				.addColumn('attempt_id', 'text', (c) =>
					c.primaryKey().references('attempts.id').onDelete('cascade')
				)
				.addColumn('teacher_id', 'text', (c) => c.references('users.id').onDelete('set null'))
				.addColumn('score', 'double precision', (c) => c.notNull())
				.addColumn('reason', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'bigint', (c) => c.notNull())
				.execute();
		},
		async down(db: Kysely<any>) {
			for (const table of ['score_overrides', 'reviews', 'assignments']) {
				await db.schema.dropTable(table).execute();
			}
		}
	},
	'0004-drop-attempts-module-question-index': {
		// Every query on attempts is scoped to a student or a class, which the unique index on
		// (student_id, module_id, question_id, attempt_no) serves. A school has few modules, so an
		// index led by module_id matches most of the table, yet without statistics SQLite's planner
		// chose it to drive a class's results: every attempt in the school read for one class.
		async up(db: Kysely<any>) {
			await db.schema.dropIndex('attempts_module_question').execute();
		},
		async down(db: Kysely<any>) {
			await db.schema
				.createIndex('attempts_module_question')
				.on('attempts')
				.columns(['module_id', 'question_id'])
				.execute();
		}
	},
	'0005-rate-limits-and-known-sign-ins': {
		// Sign-in counts were checked, then the password verified, then the failure recorded, so
		// concurrent guesses all passed the check. Buckets reserve a try before the password is read.
		async up(db: Kysely<any>) {
			await db.schema.dropTable('login_throttle').execute();
			await db.schema
				.createTable('rate_limits')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('subject', 'text')
				.addColumn('refilled_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('rate_limits_subject')
				.on('rate_limits')
				.column('subject')
				.execute();
			await db.schema
				.createTable('known_sign_ins')
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('value_hash', 'text', (c) => c.notNull())
				.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
				.addColumn('last_sign_in_at', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('known_sign_ins_pk', ['kind', 'value_hash', 'user_id'])
				.execute();
			await db.schema
				.createIndex('known_sign_ins_user_id')
				.on('known_sign_ins')
				.column('user_id')
				.execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.dropTable('known_sign_ins').execute();
			await db.schema.dropTable('rate_limits').execute();
			await db.schema
				.createTable('login_throttle')
				.addColumn('key', 'text', (c) => c.primaryKey())
				.addColumn('failures', 'integer', (c) => c.notNull())
				.addColumn('last_failure_at', 'bigint', (c) => c.notNull())
				.execute();
		}
	},
	'0006-modules-as-versioned-data': {
		// Modules become stored, immutable versions, and a student's work belongs to one class's
		// assignment of one version: a new key is a new version and never re-grades old attempts,
		// and a teacher sees only work done for their own class. Existing work moves to version 1
		// (lessons/tajik-border/v1.yaml, the module as it was), under the assignment of the class
		// the student joined first among those given the module.
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('module_versions')
				.addColumn('module_id', 'text', (c) => c.notNull())
				.addColumn('version', 'integer', (c) => c.notNull())
				/** The document as authored (JSON), validated again whenever it is loaded. */
				.addColumn('document', 'text', (c) => c.notNull())
				.addColumn('content_hash', 'text', (c) => c.notNull())
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.addPrimaryKeyConstraint('module_versions_pk', ['module_id', 'version'])
				.execute();
			await db.schema
				.alterTable('assignments')
				.addColumn('module_version', 'integer', (c) => c.notNull().defaultTo(1))
				.execute();
			// Removing an assignment hides it; assigning the module again brings back the class's
			// work, which now belongs to the assignment.
			await db.schema.alterTable('assignments').addColumn('removed_at', 'bigint').execute();

			const firstAssignment = (table: string) =>
				sql<string>`(select a.id from assignments a
					join class_members m on m.class_id = a.class_id
					where m.student_id = ${sql.ref(`${table}.student_id`)}
						and a.module_id = ${sql.ref(`${table}.module_id`)}
					order by m.joined_at, a.created_at, a.id limit 1)`;

			if (db.getExecutor().adapter instanceof PostgresAdapter) {
				// Reviews and overrides refer to attempts, so the table is altered in place.
				await db.schema
					.alterTable('attempts')
					.addColumn('assignment_id', 'text', (c) =>
						c.references('assignments.id').onDelete('set null')
					)
					.execute();
				await db.schema
					.alterTable('attempts')
					.addColumn('module_version', 'integer', (c) => c.notNull().defaultTo(1))
					.execute();
				await db
					.updateTable('attempts')
					.set({ assignment_id: firstAssignment('attempts') })
					.execute();
				await db.schema.alterTable('attempts').dropConstraint('attempts_order').execute();
			} else {
				// SQLite cannot drop a table's unique constraint: the table is rebuilt, with foreign
				// keys off so that dropping the old table does not cascade to reviews and overrides.
				await sql`pragma foreign_keys = off`.execute(db);
				await db.schema
					.createTable('attempts_rebuilt')
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('student_id', 'text', (c) =>
						c.notNull().references('users.id').onDelete('cascade')
					)
					.addColumn('assignment_id', 'text', (c) =>
						c.references('assignments.id').onDelete('set null')
					)
					.addColumn('module_id', 'text', (c) => c.notNull())
					.addColumn('module_version', 'integer', (c) => c.notNull().defaultTo(1))
					.addColumn('question_id', 'text', (c) => c.notNull())
					.addColumn('attempt_no', 'integer', (c) => c.notNull())
					.addColumn('answer', 'text', (c) => c.notNull())
					.addColumn('score', 'double precision')
					.addColumn('correct', 'integer', (c) => c.notNull())
					.addColumn('confidence', 'text')
					.addColumn('elapsed_ms', 'integer')
					.addColumn('created_at', 'bigint', (c) => c.notNull())
					.execute();
				await sql`insert into attempts_rebuilt (id, student_id, assignment_id, module_id,
						module_version, question_id, attempt_no, answer, score, correct, confidence,
						elapsed_ms, created_at)
					select id, student_id, ${firstAssignment('attempts')}, module_id, 1, question_id,
						attempt_no, answer, score, correct, confidence, elapsed_ms, created_at
					from attempts`.execute(db);
				await db.schema.dropTable('attempts').execute();
				await db.schema.alterTable('attempts_rebuilt').renameTo('attempts').execute();
				const broken = await sql`pragma foreign_key_check`.execute(db);
				await sql`pragma foreign_keys = on`.execute(db);
				if (broken.rows.length > 0) throw new Error('attempts rebuild broke a foreign key');
			}
			// Numbered within the assignment: a student's first answer in a new class is their first.
			await db.schema
				.createIndex('attempts_order')
				.on('attempts')
				.columns(['assignment_id', 'student_id', 'question_id', 'attempt_no'])
				.unique()
				.execute();
			await db.schema
				.createIndex('attempts_student_id')
				.on('attempts')
				.column('student_id')
				.execute();

			// Progress and drafts are keyed by assignment; nothing refers to them, so they are
			// rebuilt the same way on both engines. Rows with no assignment left to belong to (the
			// student has left every class given the module) are places in a lesson no one can open.
			const rebuildByAssignment = async (
				table: 'progress' | 'drafts',
				columns: (table: CreateTableBuilder<string, any>) => CreateTableBuilder<string, any>,
				copied: string[],
				key: string[]
			) => {
				const rebuilt = `${table}_by_assignment`;
				await columns(
					db.schema
						.createTable(rebuilt)
						.addColumn('assignment_id', 'text', (c) =>
							c.notNull().references('assignments.id').onDelete('cascade')
						)
						.addColumn('student_id', 'text', (c) =>
							c.notNull().references('users.id').onDelete('cascade')
						)
						.addColumn('module_id', 'text', (c) => c.notNull())
				)
					.addPrimaryKeyConstraint(`${rebuilt}_pk`, ['assignment_id', 'student_id', ...key])
					.execute();
				const names = sql.join(
					['assignment_id', 'student_id', 'module_id', ...copied].map((c) => sql.ref(c))
				);
				// Work that existed before versions was done on version 1.
				await sql`insert into ${sql.table(rebuilt)} (${names})
					select ${names} from (
						select ${sql.table(table)}.*, 1 as module_version,
							${firstAssignment(table)} as assignment_id
						from ${sql.table(table)}
					) moved
					where assignment_id is not null`.execute(db);
				await db.schema.dropTable(table).execute();
				await db.schema.alterTable(rebuilt).renameTo(table).execute();
				await db.schema.createIndex(`${table}_student_id`).on(table).column('student_id').execute();
			};
			await rebuildByAssignment(
				'progress',
				(t) =>
					t
						/** The version the student started on, and finishes on. */
						.addColumn('module_version', 'integer', (c) => c.notNull())
						.addColumn('current_step', 'text', (c) => c.notNull())
						.addColumn('started_at', 'bigint', (c) => c.notNull())
						.addColumn('updated_at', 'bigint', (c) => c.notNull())
						.addColumn('completed_at', 'bigint'),
				['module_version', 'current_step', 'started_at', 'updated_at', 'completed_at'],
				[]
			);
			await rebuildByAssignment(
				'drafts',
				(t) =>
					t
						.addColumn('question_id', 'text', (c) => c.notNull())
						.addColumn('answer', 'text', (c) => c.notNull())
						.addColumn('updated_at', 'bigint', (c) => c.notNull()),
				['question_id', 'answer', 'updated_at'],
				['question_id']
			);
		},
		async down() {
			throw new Error('Modules as versioned data cannot be undone: restore a backup instead.');
		}
	},
	'0008-reading-supports': {
		async up(db: Kysely<any>) {
			for (const [column, type, value] of [
				['text_size', 'text', 'standard'],
				['line_spacing', 'text', 'standard'],
				['read_aloud', 'integer', 0]
			] as const) {
				await db.schema
					.alterTable('users')
					.addColumn(column, type, (c) => c.notNull().defaultTo(value))
					.execute();
			}
		},
		async down(db: Kysely<any>) {
			for (const column of ['text_size', 'line_spacing', 'read_aloud']) {
				await db.schema.alterTable('users').dropColumn(column).execute();
			}
		}
	},
	'0009-delayed-check': {
		async up(db: Kysely<any>) {
			// When the teacher opens the assignment's delayed check (null: not opened).
			await db.schema
				.alterTable('assignments')
				.addColumn('delayed_check_opens_at', 'bigint')
				.execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.alterTable('assignments').dropColumn('delayed_check_opens_at').execute();
		}
	},
	'0010-authored-modules': {
		// A module a teacher writes, duplicates or imports: who owns it, whether the school's other
		// teachers may assign it, and the draft of its next version. Shipped modules have no row.
		async up(db: Kysely<any>) {
			await db.schema
				.createTable('authored_modules')
				.addColumn('module_id', 'text', (c) => c.primaryKey())
				// A deleted teacher's modules stay someone's (no one's, the administrator's to manage):
				// with no row at all, a module would count as shipped, which every teacher may assign.
				.addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
				.addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
				/** The draft document (JSON), invalid while it is being written; null when none. */
				.addColumn('draft', 'text')
				.addColumn('draft_updated_at', 'bigint')
				.addColumn('created_at', 'bigint', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('authored_modules_owner_id')
				.on('authored_modules')
				.column('owner_id')
				.execute();
		},
		async down(db: Kysely<any>) {
			await db.schema.dropTable('authored_modules').execute();
		}
	}
};
