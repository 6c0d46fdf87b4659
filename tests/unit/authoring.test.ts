import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	type Author,
	ModuleNotFoundError,
	StaleDraftError,
	createModule,
	duplicateModule,
	exportModule,
	getDraft,
	importModule,
	listModulesFor,
	mayAssign,
	mayEdit,
	publishDraft,
	saveDraft,
	setShared,
	slugOf,
	startNextVersion
} from '$lib/server/authoring';
import { assignModule, findOpenAssignment, updateAssignment } from '$lib/server/assignments';
import { recordStepVisit } from '$lib/server/attempts';
import { addStudentToClass, NotFoundError } from '$lib/server/classes';
import { loadModule, readModuleText } from '$lib/server/module-document';
import { getModuleVersion, shippedModule } from '$lib/server/modules';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { makeClass, makeUser } from '../fixtures/people';
import { ARTICLE, fillBlanks } from '../fixtures/skeleton';

type Doc = Parameters<typeof fillBlanks>[0];

describe.each(engines)('authored modules, on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	const people = async () => ({
		a: await makeUser(t.db, 'teacher'),
		b: await makeUser(t.db, 'teacher'),
		admin: await makeUser(t.db, 'admin')
	});

	/** A module of `owner`'s, written from the article and published as version 1. */
	async function publishedModule(owner: Author, title: string) {
		const id = await createModule(t.db, owner, { title, article: ARTICLE });
		const draft = (await getDraft(t.db, owner, id))!;
		await saveDraft(t.db, owner, id, fillBlanks(draft.document as Doc), draft.updatedAt);
		const published = await publishDraft(t.db, owner, id);
		expect(published).toEqual({ ok: true, version: 1 });
		return id;
	}

	it('makes ids from titles that the id rule accepts, unique', async () => {
		const { a } = await people();
		expect(slugOf('Élan: the “Big” Story!')).toBe('elan-the-big-story');
		expect(slugOf('¿?')).toBe('lesson');
		const first = await createModule(t.db, a, { title: 'Same title', article: ARTICLE });
		const second = await createModule(t.db, a, { title: 'Same title', article: ARTICLE });
		expect([first, second]).toEqual(['same-title', 'same-title-2']);
		// A title that is a shipped module's id does not take it over.
		expect(await createModule(t.db, a, { title: 'Tajik border', article: ARTICLE })).toBe(
			'tajik-border-2'
		);
	});

	it('keeps a teacher’s unshared module from every other teacher, and shows it to the administrator', async () => {
		const { a, b, admin } = await people();
		const draftOnly = await createModule(t.db, a, { title: 'A draft of A', article: ARTICLE });
		const id = await publishedModule(a, 'Published by A');
		await saveDraft(t.db, a, id, { title: 'Next version, being written' });

		expect(await getDraft(t.db, b, draftOnly)).toBeUndefined();
		expect(await getDraft(t.db, b, id)).toBeUndefined();
		await expect(saveDraft(t.db, b, id, { title: 'Taken over' })).rejects.toThrow(
			ModuleNotFoundError
		);
		await expect(publishDraft(t.db, b, id)).rejects.toThrow(ModuleNotFoundError);
		await expect(setShared(t.db, b, id, true)).rejects.toThrow(ModuleNotFoundError);
		await expect(startNextVersion(t.db, b, id)).rejects.toThrow(ModuleNotFoundError);
		await expect(duplicateModule(t.db, b, id)).rejects.toThrow(ModuleNotFoundError);
		expect(await exportModule(t.db, b, id)).toBeUndefined();
		expect(await mayAssign(t.db, b, id)).toBe(false);
		expect(await mayEdit(t.db, b, id)).toBe(false);
		const seenByB = (await listModulesFor(t.db, b)).map((m) => m.id);
		expect(seenByB).not.toContain(id);
		expect(seenByB).not.toContain(draftOnly);
		expect(seenByB).toContain('tajik-border');
		const klassB = await makeClass(t.db, b.id);
		const assign = (teacherId: string, classId: string) =>
			assignModule(t.db, teacherId, classId, {
				moduleId: id,
				moduleVersion: 1,
				opensAt: null,
				dueAt: null
			});
		await expect(assign(b.id, klassB.id)).rejects.toThrow(NotFoundError);

		const seenByAdmin = await listModulesFor(t.db, admin);
		expect(seenByAdmin.find((m) => m.id === draftOnly)).toMatchObject({
			kind: 'other',
			hasDraft: true,
			version: null,
			mayEdit: true
		});
		expect(await mayEdit(t.db, admin, id)).toBe(true);
		expect(await mayAssign(t.db, admin, id)).toBe(true);

		const mine = (await listModulesFor(t.db, a)).find((m) => m.id === id)!;
		expect(mine).toMatchObject({ kind: 'mine', version: 1, hasDraft: true, shared: false });
		expect(mine.title).toBe('Next version, being written');

		// Shared: B may assign and duplicate it, and still not read its draft or edit it.
		await setShared(t.db, a, id, true);
		expect(await mayAssign(t.db, b, id)).toBe(true);
		expect(await mayEdit(t.db, b, id)).toBe(false);
		expect(await getDraft(t.db, b, id)).toBeUndefined();
		const listed = (await listModulesFor(t.db, b)).find((m) => m.id === id)!;
		expect(listed).toMatchObject({ kind: 'shared', hasDraft: false, mayEdit: false });
		expect(listed.title).toBe('Published by A');
		expect(await assign(b.id, klassB.id)).toEqual(expect.any(String));
		const copy = await duplicateModule(t.db, b, id);
		const copied = (await getDraft(t.db, b, copy))!;
		expect(copied.document).toMatchObject({ id: copy, title: 'Copy of Published by A' });
		expect(await mayEdit(t.db, b, copy)).toBe(true);
		expect(await mayEdit(t.db, a, copy)).toBe(false);
		// Still A's draft of the original, unread by the copy.
		expect(JSON.stringify(copied.document)).not.toContain('being written');

		await setShared(t.db, a, id, false);
		expect(await mayAssign(t.db, b, id)).toBe(false);
	});

	it('publishes a draft once however often Publish is pressed, and not one saved after the teacher looked', async () => {
		const { a } = await people();
		const id = await createModule(t.db, a, { title: 'Twice', article: ARTICLE });
		const draft = (await getDraft(t.db, a, id))!;
		const seen = await saveDraft(t.db, a, id, fillBlanks(draft.document as Doc), draft.updatedAt);
		// Another tab saves after this one loaded the page: its Publish publishes nothing.
		const newer = await saveDraft(t.db, a, id, fillBlanks(draft.document as Doc), seen);
		const stale = await publishDraft(t.db, a, id, seen);
		expect(stale).toMatchObject({ ok: false, stale: true });
		expect((await getDraft(t.db, a, id))!.updatedAt).toBe(newer);

		const results = await Promise.all([
			publishDraft(t.db, a, id, newer),
			publishDraft(t.db, a, id, newer),
			publishDraft(t.db, a, id)
		]);
		expect(results.filter((r) => r.ok)).toEqual([{ ok: true, version: 1 }]);
		const versions = await t.db
			.selectFrom('module_versions')
			.select('version')
			.where('module_id', '=', id)
			.execute();
		expect(versions).toEqual([{ version: 1 }]);
	});

	it('publishes a valid draft as versions 1, 2 …, and a student who started stays on theirs', async () => {
		const { a } = await people();
		const id = await createModule(t.db, a, { title: 'Versions', article: ARTICLE });
		const skeleton = await publishDraft(t.db, a, id);
		expect(skeleton.ok).toBe(false);
		expect(
			!skeleton.ok && skeleton.problems.some((p) => /^questions\[\d+\] \(pre-source\)/.test(p))
		).toBe(true);
		expect(await mayAssign(t.db, a, id)).toBe(false);

		const draft = (await getDraft(t.db, a, id))!;
		await saveDraft(t.db, a, id, fillBlanks(draft.document as Doc), draft.updatedAt);
		expect(await publishDraft(t.db, a, id)).toEqual({ ok: true, version: 1 });
		expect(await getDraft(t.db, a, id)).toBeUndefined();
		expect(await publishDraft(t.db, a, id)).toEqual({
			ok: false,
			problems: ['This lesson has no draft to publish.']
		});

		const klass = await makeClass(t.db, a.id);
		const assignmentId = await assignModule(t.db, a.id, klass.id, {
			moduleId: id,
			moduleVersion: 1,
			opensAt: null,
			dueAt: null
		});
		const [early, late] = [await makeUser(t.db, 'student'), await makeUser(t.db, 'student')];
		for (const s of [early, late]) await addStudentToClass(t.db, klass.id, s.id);
		const work = (await findOpenAssignment(t.db, early.id, id))!;
		await recordStepVisit(t.db, work, 'pre-check');

		// The next version starts as a copy of version 1; its key changes.
		const next = await startNextVersion(t.db, a, id);
		const document = next.document as Doc;
		expect(document.title).toBe('Versions');
		const who = document.questions.find((q) => q.id === 'who-publisher')!;
		if (who.type !== 'single') throw new Error('who-publisher is single choice');
		who.options.forEach((o, i) => (o.correct = i === 1));
		await saveDraft(t.db, a, id, document, next.updatedAt);
		expect(await publishDraft(t.db, a, id)).toEqual({ ok: true, version: 2 });
		await updateAssignment(t.db, a.id, klass.id, assignmentId, {
			opensAt: null,
			dueAt: null,
			moduleVersion: 2
		});

		expect((await findOpenAssignment(t.db, early.id, id))!.moduleVersion).toBe(1);
		expect((await findOpenAssignment(t.db, late.id, id))!.moduleVersion).toBe(2);
		const [v1, v2] = [await getModuleVersion(t.db, id, 1), await getModuleVersion(t.db, id, 2)];
		const rightIn = (m: typeof v1) => {
			const q = m!.questions.get('who-publisher')!;
			return q.type === 'single' ? q.options.find((o) => o.correct)!.id : null;
		};
		expect([rightIn(v1), rightIn(v2)]).toEqual(['publisher', 'b']);
	});

	it('refuses a draft saved from a stale page instead of overwriting the newer one', async () => {
		const { a } = await people();
		const id = await createModule(t.db, a, { title: 'Two tabs', article: ARTICLE });
		const opened = (await getDraft(t.db, a, id))!;
		const first = await saveDraft(t.db, a, id, { title: 'From tab one' }, opened.updatedAt);
		expect(first).toBeGreaterThan(opened.updatedAt);
		await expect(
			saveDraft(t.db, a, id, { title: 'From tab two' }, opened.updatedAt)
		).rejects.toThrow(StaleDraftError);
		expect((await getDraft(t.db, a, id))!.document).toEqual({ title: 'From tab one', id });
		// A draft keeps its module's id, whatever the document says.
		await saveDraft(t.db, a, id, { id: 'tajik-border', title: 'Hijack' }, first);
		expect(((await getDraft(t.db, a, id))!.document as { id: string }).id).toBe(id);
	});

	it('duplicates the shipped module for any teacher, as a draft that loads', async () => {
		const { b } = await people();
		const copy = await duplicateModule(t.db, b, 'tajik-border');
		expect(copy).toMatch(/^copy-of-myth-or-reality/);
		const draft = (await getDraft(t.db, b, copy))!;
		const shipped = shippedModule('tajik-border')!;
		const module = loadModule(draft.document, 'copy', 1);
		expect(module.id).toBe(copy);
		expect(module.meta.title).toBe(`Copy of ${shipped.meta.title}`);
		expect(module.questions.size).toBe(shipped.questions.size);
		expect(await mayEdit(t.db, b, 'tajik-border')).toBe(false);
		await expect(setShared(t.db, b, 'tajik-border', true)).rejects.toThrow(ModuleNotFoundError);
	});

	it('exports a version as a module file that imports as an equal document with a new id', async () => {
		const { a, b } = await people();
		const exported = (await exportModule(t.db, a, 'tajik-border', 2))!;
		expect(exported.filename).toBe('tajik-border-v2.yaml');
		expect(
			exported.text.startsWith('# yaml-language-server: $schema=../module.schema.json\n')
		).toBe(true);
		expect(await exportModule(t.db, a, 'tajik-border', 99)).toBeUndefined();
		const imported = await importModule(t.db, b, exported.text);
		if (!imported.ok) throw new Error(imported.problems.join('\n'));
		expect(imported.moduleId).toMatch(/^tajik-border-\d+$/);
		const draft = (await getDraft(t.db, b, imported.moduleId))!;
		const original = readModuleText(exported.text, 'export') as Record<string, unknown>;
		expect(draft.document).toEqual({ ...original, id: imported.moduleId });
		// Imported as a draft of the importer's: not published, not anyone else's.
		expect(await mayAssign(t.db, b, imported.moduleId)).toBe(false);
		expect(await getDraft(t.db, a, imported.moduleId)).toBeUndefined();

		// An authored module round-trips too, and JSON is read as well as YAML.
		const id = await publishedModule(a, 'Round trip');
		await setShared(t.db, a, id, true);
		const again = (await exportModule(t.db, b, id))!;
		const asJson = JSON.stringify(readModuleText(again.text, 'again'));
		const back = await importModule(t.db, b, asJson);
		if (!back.ok) throw new Error(back.problems.join('\n'));
		expect((await getDraft(t.db, b, back.moduleId))!.document).toEqual({
			...(JSON.parse(asJson) as object),
			id: back.moduleId
		});
	});

	it('lists every problem of a broken import, field by field, and stores nothing', async () => {
		const { a } = await people();
		const shipped = (await exportModule(t.db, a, 'tajik-border'))!.text;
		const broken = shipped
			.replace(/^estimatedMinutes: .*$/m, 'estimatedMinutes: soon')
			.replace(/^summary: .*$/m, 'summary: ""')
			.replace('id: pre-credit\n', 'id: Pre Credit\n');
		const before = await t.db.selectFrom('authored_modules').select('module_id').execute();
		const result = await importModule(t.db, a, broken);
		expect(result.ok).toBe(false);
		const problems = result.ok ? [] : result.problems;
		expect(problems).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^summary: /),
				expect.stringMatching(/^estimatedMinutes: /),
				expect.stringMatching(/^questions\[0\] \(Pre Credit\)\.id: /)
			])
		);
		const notYaml = await importModule(t.db, a, 'id: [unclosed');
		expect(notYaml.ok).toBe(false);
		expect(notYaml.ok ? [] : notYaml.problems).toHaveLength(1);
		const notModule = await importModule(t.db, a, '- just\n- a list\n');
		expect(notModule.ok).toBe(false);
		expect(await t.db.selectFrom('authored_modules').select('module_id').execute()).toEqual(before);
	});
});
