import { createHash } from 'node:crypto';
import { isUniqueViolation, type Db } from './db';
import { loadModule, ModuleError, readModuleText, type LessonModule } from './module-document';

// Every module the app serves is a stored, immutable version. The shipped ones live in
// lessons/<id>/v<N>.yaml and are published into the database at start-up; a version is loaded from
// the database through the same validation and kept in memory, since it never changes.

const shippedFiles = import.meta.glob<string>('/lessons/*/*.yaml', {
	query: '?raw',
	import: 'default',
	eager: true
});

type ShippedVersion = { file: string; module: LessonModule; raw: unknown; hash: string };

/** The document's identity: the same document hashes the same, whatever its key order. */
export function documentHash(document: unknown): string {
	const canonical = (value: unknown): unknown =>
		Array.isArray(value)
			? value.map(canonical)
			: value && typeof value === 'object'
				? Object.fromEntries(
						Object.keys(value)
							.filter((key) => key !== '$schema')
							.sort()
							.map((key) => [key, canonical((value as Record<string, unknown>)[key])])
					)
				: value;
	return createHash('sha256')
		.update(JSON.stringify(canonical(document)))
		.digest('hex');
}

function readShippedVersions(): ShippedVersion[] {
	const versions = Object.entries(shippedFiles).map(([path, source]) => {
		const file = path.slice(1);
		const name = /^lessons\/([a-z0-9-]+)\/v([1-9]\d*)\.yaml$/.exec(file);
		if (!name) {
			throw new ModuleError(file, [
				'a shipped module version is named lessons/<module id>/v<N>.yaml'
			]);
		}
		const raw = readModuleText(source, file);
		const module = loadModule(raw, file, Number(name[2]));
		if (module.id !== name[1]) {
			throw new ModuleError(file, [`id: "${module.id}" is not the folder's name, "${name[1]}"`]);
		}
		return { file, module, raw, hash: documentHash(raw) };
	});
	for (const { module, file } of versions) {
		const earlier = module.version - 1;
		if (
			earlier > 0 &&
			!versions.some((v) => v.module.id === module.id && v.module.version === earlier)
		) {
			throw new ModuleError(file, [`version ${earlier} is missing: versions count 1, 2, 3 …`]);
		}
	}
	return versions;
}

// Checked when this module loads, which SvelteKit's build does while analysing the routes: a broken
// shipped module fails `npm run build` (and every test that imports it), naming the file and field.
const shipped = readShippedVersions();

const loaded = new Map<string, LessonModule>(
	shipped.map(({ module }) => [`${module.id}@${module.version}`, module])
);

/** Publishes every shipped version the database lacks; a changed published version stops start-up. */
export async function publishShippedModules(db: Db, now = Date.now()): Promise<void> {
	for (const { file, module, raw, hash } of shipped) {
		await db
			.insertInto('module_versions')
			.values({
				module_id: module.id,
				version: module.version,
				document: JSON.stringify(raw),
				content_hash: hash,
				created_at: now
			})
			.onConflict((oc) => oc.columns(['module_id', 'version']).doNothing())
			.execute();
		const stored = await db
			.selectFrom('module_versions')
			.select('content_hash')
			.where('module_id', '=', module.id)
			.where('version', '=', module.version)
			.executeTakeFirstOrThrow();
		if (stored.content_hash !== hash) {
			throw new ModuleError(file, [
				`version ${module.version} was published with other content, and a published version never changes: ` +
					`undo the edit and make it lessons/${module.id}/v${module.version + 1}.yaml`
			]);
		}
	}
}

/**
 * Publishes a document as the module's next version, validated as a shipped one is. Two authors
 * publishing at once get consecutive versions: the loser of a race takes the next number.
 */
export async function publishModuleVersion(
	db: Db,
	document: unknown,
	origin: string,
	now = Date.now()
): Promise<LessonModule> {
	const draft = loadModule(document, origin, 0);
	for (let tries = 0; ; tries++) {
		const latest = await db
			.selectFrom('module_versions')
			.select((eb) => eb.fn.max('version').as('version'))
			.where('module_id', '=', draft.id)
			.executeTakeFirst();
		const version = Number(latest?.version ?? 0) + 1;
		try {
			await db
				.insertInto('module_versions')
				.values({
					module_id: draft.id,
					version,
					document: JSON.stringify(document),
					content_hash: documentHash(document),
					created_at: now
				})
				.execute();
			const module = { ...draft, version };
			loaded.set(`${module.id}@${version}`, module);
			return module;
		} catch (error) {
			if (!isUniqueViolation(error) || tries >= 10) throw error;
		}
	}
}

/** One version of a module, or undefined when there is no such version. */
export async function getModuleVersion(
	db: Db,
	moduleId: string,
	version: number
): Promise<LessonModule | undefined> {
	const key = `${moduleId}@${version}`;
	const known = loaded.get(key);
	if (known) return known;
	const row = await db
		.selectFrom('module_versions')
		.select('document')
		.where('module_id', '=', moduleId)
		.where('version', '=', version)
		.executeTakeFirst();
	if (!row) return undefined;
	const module = loadModule(JSON.parse(row.document), `module_versions ${key}`, version);
	loaded.set(key, module);
	return module;
}

/** Every stored version of every module. */
export async function listAllModuleVersions(db: Db): Promise<LessonModule[]> {
	const rows = await db
		.selectFrom('module_versions')
		.select(['module_id', 'version'])
		.orderBy('module_id')
		.orderBy('version')
		.execute();
	const modules = await Promise.all(
		rows.map((row) => getModuleVersion(db, row.module_id, row.version))
	);
	return modules.filter((module): module is LessonModule => module !== undefined);
}

/** The newest version of every module: what a teacher assigns. */
export async function listLatestModules(db: Db): Promise<LessonModule[]> {
	const latest = await db
		.selectFrom('module_versions')
		.select((eb) => ['module_id', eb.fn.max('version').as('version')])
		.groupBy('module_id')
		.orderBy('module_id')
		.execute();
	const modules = await Promise.all(
		latest.map((row) => getModuleVersion(db, row.module_id, Number(row.version)))
	);
	return modules.filter((module): module is LessonModule => module !== undefined);
}

export async function getLatestModule(db: Db, moduleId: string): Promise<LessonModule | undefined> {
	const row = await db
		.selectFrom('module_versions')
		.select((eb) => eb.fn.max('version').as('version'))
		.where('module_id', '=', moduleId)
		.executeTakeFirst();
	return row?.version == null ? undefined : getModuleVersion(db, moduleId, Number(row.version));
}

/** The shipped modules' newest versions, without a database (build-time checks, tests). */
export function shippedModule(moduleId: string, version?: number): LessonModule | undefined {
	const versions = shipped.filter((v) => v.module.id === moduleId).map((v) => v.module);
	return version === undefined
		? versions.sort((a, b) => b.version - a.version)[0]
		: versions.find((m) => m.version === version);
}

export function stepOf(module: LessonModule, slug: string) {
	return module.steps.find((step) => step.slug === slug);
}

export function questionsOfStep(module: LessonModule, step: { questionIds: string[] }) {
	return step.questionIds.map((questionId) => module.questions.get(questionId)!);
}
