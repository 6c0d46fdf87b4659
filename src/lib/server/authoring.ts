import { stringify as stringifyYaml } from 'yaml';
import { isUniqueViolation, type Db, type Role } from './db';
import { lessonSkeleton, type SkeletonArticle } from './lesson-skeleton';
import { loadModule, ModuleError, readModuleText } from './module-document';
import { listLatestModules, publishModuleVersion, shippedModule } from './modules';

// Modules teachers write, duplicate and import. A module belongs to its author, who alone edits it
// (the administrator too); shared, the school's other teachers may assign and duplicate it. A
// shipped module (lessons/) has no row here: every teacher may assign, preview and duplicate it,
// and nobody edits it. Every query below is scoped by the user it is given, so a route cannot
// forget to check: another teacher's unshared module is, to them, a module that does not exist.

export type Author = { id: string; role: Role };

/** Not found, or not this user's to see: the two are one answer, so nothing is revealed. */
export class ModuleNotFoundError extends Error {
	constructor() {
		super('No such lesson.');
	}
}

export class StaleDraftError extends Error {
	constructor() {
		super(
			'This draft was saved from another tab or device after you opened it, so your changes were not saved over it. Copy anything you want to keep, then reload the page to see the newer draft.'
		);
	}
}

/** A draft far larger than any lesson: refused rather than stored. */
export const MAX_DRAFT_CHARS = 2_000_000;

export class DraftTooLargeError extends Error {
	constructor() {
		super(`A lesson can have at most ${MAX_DRAFT_CHARS.toLocaleString('en')} characters.`);
	}
}

const MAX_ID_LENGTH = 60;

const isAdmin = (user: Author) => user.role === 'admin';

/** Rows of modules this user may edit: their own, or any authored one for the administrator. */
function editable(db: Db, user: Author) {
	const query = db.selectFrom('authored_modules');
	return isAdmin(user) ? query : query.where('owner_id', '=', user.id);
}

async function latestVersions(db: Db, moduleIds?: string[]) {
	if (moduleIds?.length === 0) return new Map<string, number>();
	let query = db
		.selectFrom('module_versions')
		.select((eb) => ['module_id', eb.fn.max('version').as('version')])
		.groupBy('module_id');
	if (moduleIds) query = query.where('module_id', 'in', moduleIds);
	const rows = await query.execute();
	return new Map(rows.map((row) => [row.module_id, Number(row.version)]));
}

/** The stored document of a version, as it was authored (no defaults filled in). */
async function storedDocument(db: Db, moduleId: string, version: number) {
	const row = await db
		.selectFrom('module_versions')
		.select('document')
		.where('module_id', '=', moduleId)
		.where('version', '=', version)
		.executeTakeFirst();
	return row && (JSON.parse(row.document) as Record<string, unknown>);
}

/**
 * The newest version this user may assign, or undefined: a published module that is shipped,
 * theirs, shared with the school, or any for the administrator.
 */
async function assignableVersion(
	db: Db,
	user: Author,
	moduleId: string
): Promise<number | undefined> {
	const version = (await latestVersions(db, [moduleId])).get(moduleId);
	if (version === undefined) return undefined;
	const row = await db
		.selectFrom('authored_modules')
		.select(['owner_id', 'shared'])
		.where('module_id', '=', moduleId)
		.executeTakeFirst();
	if (!row || isAdmin(user) || row.owner_id === user.id || row.shared === 1) return version;
	return undefined;
}

/** Whether this user may assign (and so preview, read the guide of, export and duplicate) it. */
export async function mayAssign(db: Db, user: Author, moduleId: string): Promise<boolean> {
	return (await assignableVersion(db, user, moduleId)) !== undefined;
}

/** Whether this user may edit it: its owner, or the administrator; a shipped module, nobody. */
export async function mayEdit(db: Db, user: Author, moduleId: string): Promise<boolean> {
	const row = await editable(db, user)
		.select('module_id')
		.where('module_id', '=', moduleId)
		.executeTakeFirst();
	return row !== undefined;
}

export type ModuleListing = {
	id: string;
	title: string;
	/** The newest published version; null while only a draft exists. */
	version: number | null;
	hasDraft: boolean;
	draftUpdatedAt: number | null;
	shared: boolean;
	/** mine: the user's own; shared: another teacher's, shared; shipped: from lessons/; other: another teacher's unshared (the administrator's view). */
	kind: 'mine' | 'shared' | 'shipped' | 'other';
	ownerName: string | null;
	mayEdit: boolean;
};

function titleOfDraft(draft: string | null): string | undefined {
	if (draft === null) return undefined;
	try {
		const title = (JSON.parse(draft) as { title?: unknown }).title;
		return typeof title === 'string' && title.trim() ? title.trim() : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The modules this user sees: their own (drafts and published), those shared by other teachers
 * that have a published version, and the shipped ones; the administrator sees every module.
 */
export async function listModulesFor(db: Db, user: Author): Promise<ModuleListing[]> {
	let authoredQuery = db
		.selectFrom('authored_modules')
		.leftJoin('users', 'users.id', 'authored_modules.owner_id')
		.select([
			'authored_modules.module_id',
			'authored_modules.owner_id',
			'authored_modules.shared',
			'authored_modules.draft',
			'authored_modules.draft_updated_at',
			'users.display_name as owner_name'
		]);
	if (!isAdmin(user)) {
		authoredQuery = authoredQuery.where((eb) =>
			eb.or([eb('authored_modules.owner_id', '=', user.id), eb('authored_modules.shared', '=', 1)])
		);
	}
	const [authored, allAuthored, latest] = await Promise.all([
		authoredQuery.execute(),
		db.selectFrom('authored_modules').select('module_id').execute(),
		listLatestModules(db)
	]);
	const versions = new Map(latest.map((m) => [m.id, m.version]));
	const titles = new Map(latest.map((m) => [m.id, m.meta.title]));
	const authoredIds = new Set(allAuthored.map((row) => row.module_id));
	const listings: ModuleListing[] = [];
	for (const row of authored) {
		const mine = row.owner_id === user.id;
		const version = versions.get(row.module_id) ?? null;
		// Another teacher's draft is theirs alone: shared means a published version to assign.
		if (!mine && !isAdmin(user) && version === null) continue;
		const showDraft = mine || isAdmin(user);
		listings.push({
			id: row.module_id,
			title:
				(showDraft ? titleOfDraft(row.draft) : undefined) ??
				titles.get(row.module_id) ??
				row.module_id,
			version,
			hasDraft: showDraft && row.draft !== null,
			draftUpdatedAt: showDraft ? row.draft_updated_at : null,
			shared: row.shared === 1,
			kind: mine ? 'mine' : row.shared === 1 ? 'shared' : 'other',
			ownerName: mine ? null : row.owner_name,
			mayEdit: mine || isAdmin(user)
		});
	}
	for (const [moduleId, version] of versions) {
		if (authoredIds.has(moduleId)) continue;
		listings.push({
			id: moduleId,
			title: titles.get(moduleId) ?? moduleId,
			version,
			hasDraft: false,
			draftUpdatedAt: null,
			shared: false,
			kind: 'shipped',
			ownerName: null,
			mayEdit: false
		});
	}
	return listings.sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

/** A module id from a title: lower-case letters, digits and dashes, as the id rule asks. */
export function slugOf(title: string): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, MAX_ID_LENGTH)
		.replace(/-+$/, '');
	return slug || 'lesson';
}

async function idTaken(db: Db, moduleId: string): Promise<boolean> {
	if (shippedModule(moduleId)) return true;
	const [authored, published] = await Promise.all([
		db
			.selectFrom('authored_modules')
			.select('module_id')
			.where('module_id', '=', moduleId)
			.executeTakeFirst(),
		db
			.selectFrom('module_versions')
			.select('module_id')
			.where('module_id', '=', moduleId)
			.limit(1)
			.executeTakeFirst()
	]);
	return authored !== undefined || published !== undefined;
}

/**
 * Stores a new module under an unused id made from `base` (base, base-2, base-3 …), owned by the
 * user, with `makeDraft(id)` as its draft. Two authors choosing the same title get two ids.
 */
async function insertModule(
	db: Db,
	owner: Author,
	base: string,
	makeDraft: (moduleId: string) => unknown,
	now = Date.now()
): Promise<string> {
	const stem = slugOf(base);
	for (let n = 1; n < 1000; n++) {
		const suffix = n === 1 ? '' : `-${n}`;
		const moduleId = stem.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, '') + suffix;
		if (await idTaken(db, moduleId)) continue;
		const draft = JSON.stringify(makeDraft(moduleId));
		if (draft.length > MAX_DRAFT_CHARS) throw new DraftTooLargeError();
		try {
			await db
				.insertInto('authored_modules')
				.values({
					module_id: moduleId,
					owner_id: owner.id,
					shared: 0,
					draft,
					draft_updated_at: now,
					created_at: now
				})
				.execute();
			return moduleId;
		} catch (error) {
			if (!isUniqueViolation(error)) throw error;
		}
	}
	throw new Error(`No free module id for "${stem}"`);
}

/** Starts a lesson from an article: a new module whose draft is the fact-checkers' skeleton. */
export async function createModule(
	db: Db,
	owner: Author,
	input: { title: string; article: SkeletonArticle },
	now = Date.now()
): Promise<string> {
	return insertModule(
		db,
		owner,
		input.title,
		(id) => lessonSkeleton({ id, title: input.title, article: input.article }),
		now
	);
}

export type Draft = { moduleId: string; document: unknown; updatedAt: number };

/** The draft of a module this user may edit; undefined if there is none or it is not theirs. */
export async function getDraft(db: Db, user: Author, moduleId: string): Promise<Draft | undefined> {
	const row = await editable(db, user)
		.select(['draft', 'draft_updated_at'])
		.where('module_id', '=', moduleId)
		.executeTakeFirst();
	if (!row || row.draft === null || row.draft_updated_at === null) return undefined;
	return { moduleId, document: JSON.parse(row.draft), updatedAt: row.draft_updated_at };
}

/**
 * Saves a draft of a module this user may edit. With `expectedUpdatedAt` (the draft's time when
 * the page was opened), a save over a newer draft is refused (StaleDraftError). The document keeps
 * the module's id whatever it says: an id is what publishing goes by. Returns the new time.
 */
export async function saveDraft(
	db: Db,
	user: Author,
	moduleId: string,
	document: unknown,
	expectedUpdatedAt?: number,
	now = Date.now()
): Promise<number> {
	if (!document || typeof document !== 'object' || Array.isArray(document)) {
		throw new TypeError('A module document is an object');
	}
	const draft = JSON.stringify({ ...document, id: moduleId });
	if (draft.length > MAX_DRAFT_CHARS) throw new DraftTooLargeError();
	const current = await editable(db, user)
		.select('draft_updated_at')
		.where('module_id', '=', moduleId)
		.executeTakeFirst();
	if (!current) throw new ModuleNotFoundError();
	// Strictly later than the draft it replaces, so two saves in one millisecond differ.
	const updatedAt = Math.max(now, (current.draft_updated_at ?? 0) + 1);
	let update = db
		.updateTable('authored_modules')
		.set({ draft, draft_updated_at: updatedAt })
		.where('module_id', '=', moduleId);
	if (!isAdmin(user)) update = update.where('owner_id', '=', user.id);
	if (expectedUpdatedAt !== undefined) {
		update = update.where('draft_updated_at', '=', expectedUpdatedAt);
	}
	const result = await update.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) {
		if (expectedUpdatedAt !== undefined) throw new StaleDraftError();
		throw new ModuleNotFoundError();
	}
	return updatedAt;
}

export type PublishResult =
	{ ok: true; version: number } | { ok: false; problems: string[]; stale?: true };

/**
 * Publishes the draft as the module's next version, validated as a shipped module is. A broken
 * draft is not an error for a teacher: its problems are returned, each `field: reason`. With
 * `expectedUpdatedAt` (the draft the teacher saw), a draft saved since is not published. The
 * draft is claimed before it is stored as a version, so publishing it twice at once (a double
 * submit) makes one version, not two.
 */
export async function publishDraft(
	db: Db,
	user: Author,
	moduleId: string,
	expectedUpdatedAt?: number,
	now = Date.now()
): Promise<PublishResult> {
	const draft = await getDraft(db, user, moduleId);
	if (!draft) {
		if (await mayEdit(db, user, moduleId)) {
			return { ok: false, problems: ['This lesson has no draft to publish.'] };
		}
		throw new ModuleNotFoundError();
	}
	const changedMeanwhile: PublishResult = {
		ok: false,
		stale: true,
		problems: [
			'This draft was changed or published from another tab or device after you opened it, so it was not published. Reload the page to see it as it is now.'
		]
	};
	if (expectedUpdatedAt !== undefined && draft.updatedAt !== expectedUpdatedAt) {
		return changedMeanwhile;
	}
	const document = draft.document as { id?: unknown };
	if (document?.id !== moduleId) {
		return { ok: false, problems: [`id: must stay "${moduleId}"`] };
	}
	const origin = `the draft of ${moduleId}`;
	try {
		loadModule(document, origin, 0);
	} catch (error) {
		if (error instanceof ModuleError) return { ok: false, problems: error.problems };
		throw error;
	}
	const claimed = await db
		.updateTable('authored_modules')
		.set({ draft: null, draft_updated_at: null })
		.where('module_id', '=', moduleId)
		.where('draft_updated_at', '=', draft.updatedAt)
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) === 0) return changedMeanwhile;
	try {
		const published = await publishModuleVersion(db, document, origin, now);
		return { ok: true, version: published.version };
	} catch (error) {
		// Not stored: the draft comes back, unless a newer one was saved meanwhile.
		await db
			.updateTable('authored_modules')
			.set({ draft: JSON.stringify(document), draft_updated_at: draft.updatedAt })
			.where('module_id', '=', moduleId)
			.where('draft', 'is', null)
			.execute();
		throw error;
	}
}

/**
 * Opens a published module for editing: its draft starts as a copy of the newest version. An
 * existing draft is kept. Students who started keep their version (progress.module_version).
 */
export async function startNextVersion(
	db: Db,
	user: Author,
	moduleId: string,
	now = Date.now()
): Promise<Draft> {
	if (!(await mayEdit(db, user, moduleId))) throw new ModuleNotFoundError();
	const existing = await getDraft(db, user, moduleId);
	if (existing) return existing;
	const version = (await latestVersions(db, [moduleId])).get(moduleId);
	const document = version === undefined ? undefined : await storedDocument(db, moduleId, version);
	if (!document) throw new ModuleNotFoundError();
	const updatedAt = await saveDraft(db, user, moduleId, document, undefined, now);
	return { moduleId, document: { ...document, id: moduleId }, updatedAt };
}

/**
 * Copies the newest version of a module this user may assign (a shipped one included) into a new
 * module of theirs, titled "Copy of …", as a draft.
 */
export async function duplicateModule(
	db: Db,
	user: Author,
	moduleId: string,
	now = Date.now()
): Promise<string> {
	const version = await assignableVersion(db, user, moduleId);
	const document = version === undefined ? undefined : await storedDocument(db, moduleId, version);
	if (!document) throw new ModuleNotFoundError();
	const title = `Copy of ${typeof document.title === 'string' ? document.title : moduleId}`;
	return insertModule(db, user, title, (id) => ({ ...document, id, title }), now);
}

/** Shares a module of this user's with the school's other teachers, or stops sharing it. */
export async function setShared(
	db: Db,
	user: Author,
	moduleId: string,
	shared: boolean
): Promise<void> {
	let update = db
		.updateTable('authored_modules')
		.set({ shared: shared ? 1 : 0 })
		.where('module_id', '=', moduleId);
	if (!isAdmin(user)) update = update.where('owner_id', '=', user.id);
	const result = await update.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) throw new ModuleNotFoundError();
}

const SCHEMA_LINE = '# yaml-language-server: $schema=../module.schema.json\n';

/**
 * A published version as a module file, the format of lessons/<id>/v<N>.yaml (so it can be put
 * there as it is), of a module this user may assign; undefined if there is no such version.
 */
export async function exportModule(
	db: Db,
	user: Author,
	moduleId: string,
	version?: number
): Promise<{ filename: string; version: number; text: string } | undefined> {
	const newest = await assignableVersion(db, user, moduleId);
	if (newest === undefined) return undefined;
	const chosen = version ?? newest;
	const document = await storedDocument(db, moduleId, chosen);
	if (!document) return undefined;
	const { $schema: _schema, ...rest } = document;
	return {
		filename: `${moduleId}-v${chosen}.yaml`,
		version: chosen,
		text: SCHEMA_LINE + stringifyYaml(rest, { lineWidth: 0 })
	};
}

export type ImportResult = { ok: true; moduleId: string } | { ok: false; problems: string[] };

/**
 * Reads a module file (YAML or JSON), checks it as a published module is checked, and stores it
 * as a new draft of the importer's: every problem is returned at once, `field: reason`. A module
 * id in use (the shipped one's, or another teacher's) becomes a new one.
 */
export async function importModule(
	db: Db,
	user: Author,
	text: string,
	now = Date.now()
): Promise<ImportResult> {
	let document: unknown;
	try {
		document = readModuleText(text, 'the file');
		loadModule(document, 'the file', 0);
	} catch (error) {
		if (error instanceof ModuleError) return { ok: false, problems: error.problems };
		throw error;
	}
	const { $schema: _schema, ...rest } = document as Record<string, unknown> & { id: string };
	const moduleId = await insertModule(db, user, rest.id as string, (id) => ({ ...rest, id }), now);
	return { ok: true, moduleId };
}
