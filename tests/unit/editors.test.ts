import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Element } from 'domhandler';
import { ModuleError, loadModule, readModuleText } from '$lib/server/module-document';
import { sentencesOf, type Article } from '$lib/server/article';
import { questionKeySchema, type QuestionKey } from '$lib/question-types/registry.server';
import {
	applyEditorCommand,
	blankKey,
	editorErrors,
	formDataFromKey,
	keyFromEditorForm,
	type KeyDraft
} from '$lib/question-types/editors.server';
import { editorFor, NOT_FOUND } from '$lib/question-types/editors';

const FILE = 'lessons/tajik-border/v2.yaml';
type Doc = Record<string, any>;
const readDocument = () => readModuleText(readFileSync(FILE, 'utf8'), FILE) as Doc;

const module = loadModule(readDocument(), FILE, 2);
const keys: QuestionKey[] = module.document.questions;

/** The text a question quotes from: its step's passage, or the article. */
function sourceOf(questionId: string): Article {
	const step = module.steps.find((s) => s.questionIds.includes(questionId));
	return step?.passage ?? module.article;
}
const sentenceTexts = (article: Article) => sentencesOf(article).map((s) => s.text);

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
}

const choice = {
	id: 'q',
	prompt: 'Which is right?',
	explanation: 'Because.',
	confidence: 'on',
	'options[0].text': 'Right',
	'options[0].correct': 'on',
	'options[0].feedback': 'Yes.',
	'options[1].text': 'Wrong',
	'options[1].feedback': 'No.'
};

describe('keys through the editor form', () => {
	it('come back unchanged, for every question of version 2', () => {
		for (const key of keys) {
			const { key: back, errors } = keyFromEditorForm(key.type, formDataFromKey(key));
			expect(errors, key.id).toEqual({});
			expect(back, key.id).toStrictEqual(key);
		}
	});

	it('come back unchanged with their quotes checked against the text they quote', () => {
		for (const key of keys) {
			const article = sourceOf(key.id);
			const source = { sentences: sentenceTexts(article), byline: article.byline };
			const { key: back, errors } = keyFromEditorForm(key.type, formDataFromKey(key), source);
			expect(errors, key.id).toEqual({});
			expect(back, key.id).toStrictEqual(key);
		}
	});

	it('drop rows left blank, and name new rows from their words', () => {
		const { key, errors } = keyFromEditorForm(
			'single',
			form({
				...choice,
				'options[2].id': '',
				'options[2].text': '  ',
				'options[2].feedback': '',
				'options[7].text': 'Also wrong, but longer',
				'options[7].feedback': 'No.'
			})
		);
		expect(errors).toEqual({});
		expect((key as KeyDraft & { type: 'single' }).options.map((o) => o.id)).toEqual([
			'right',
			'wrong',
			'also-wrong-but-longer'
		]);
	});

	it('keep blank rows while a row is being added or removed without JavaScript', () => {
		const { key } = keyFromEditorForm(
			'single',
			form({ ...choice, 'options[2].text': '', editorCommand: 'add-option' })
		);
		expect((key as { options: unknown[] }).options).toHaveLength(3);
	});

	it('start from a blank key that is not valid until written', () => {
		for (const type of ['single', 'multiple', 'mark', 'sort', 'written'] as const) {
			const { errors } = keyFromEditorForm(type, formDataFromKey(blankKey(type, 'new-one')));
			expect(errors.prompt, type).toBe('Write the question students answer.');
		}
	});
});

describe('what the editor form is told', () => {
	it('asks for the right answer of a single-choice question', () => {
		const none = form(choice);
		none.delete('options[0].correct');
		expect(keyFromEditorForm('single', none).errors).toEqual({
			options: 'Mark the right answer: a single-choice question has one.'
		});
	});

	it('refuses two right answers to a single-choice question, not to a multiple-choice one', () => {
		const two = { ...choice, 'options[1].correct': 'on' };
		expect(keyFromEditorForm('single', form(two)).errors.options).toBe(
			'A single-choice question has exactly one right answer; 2 are marked.'
		);
		expect(keyFromEditorForm('multiple', form(two)).errors).toEqual({});
		const none = form(choice);
		none.delete('options[0].correct');
		expect(keyFromEditorForm('multiple', none).errors.options).toBe(
			'Mark at least one right answer.'
		);
	});

	it('asks for feedback on every option, sentence and claim', () => {
		expect(
			keyFromEditorForm('single', form({ ...choice, 'options[1].feedback': ' ' })).errors
		).toEqual({
			'options[1].feedback': 'Write feedback for this option: students read it after answering.'
		});
		const mark = formDataFromKey(keys.find((k) => k.type === 'mark')!);
		mark.set('decoys[1].feedback', '');
		expect(keyFromEditorForm('mark', mark).errors).toEqual({
			'decoys[1].feedback': 'Write feedback for this sentence: students read it after answering.'
		});
		const sort = formDataFromKey(keys.find((k) => k.type === 'sort')!);
		sort.set('claims[3].feedback', '');
		expect(keyFromEditorForm('sort', sort).errors).toEqual({
			'claims[3].feedback': 'Write feedback for this claim: students read it after answering.'
		});
	});

	it('asks a written question for a rubric and a model answer', () => {
		const written = formDataFromKey(keys.find((k) => k.type === 'written')!);
		written.set('modelAnswer', '');
		for (const name of [...written.keys()]) if (name.startsWith('rubric[')) written.delete(name);
		expect(keyFromEditorForm('written', written).errors).toEqual({
			modelAnswer: 'Write a model answer: students compare theirs with it.',
			rubric: 'Give at least one rubric criterion.'
		});
	});

	it('finds quotes whatever their quotes, dashes, spacing and case, and spells them as the article does', () => {
		const key = keys.find((k) => k.id === 'evidence-unnamed')!;
		const source = { sentences: sentenceTexts(module.article), byline: module.article.byline };
		const data = formDataFromKey(key);
		data.set('targets[2].quote', 'it’s NOT a   secret to anyone');
		data.set('targets[3].quote', 'Observers do not believe');
		const { key: back, errors } = keyFromEditorForm('mark', data, source);
		expect(errors).toEqual({ 'targets[3].quote': NOT_FOUND });
		expect((back as { targets: { quote: string }[] }).targets[2]!.quote).toBe(
			"It's not a secret to anyone"
		);
		const sort = formDataFromKey(keys.find((k) => k.id === 'evidence-sort')!);
		sort.set('claims[0].quote', 'Shohiyon said that the threat is shrinking');
		expect(keyFromEditorForm('sort', sort, source).errors).toEqual({
			'claims[0].quote': NOT_FOUND
		});
	});

	it('warns when the right option is much the longest, until the author has checked it', () => {
		const long = {
			...choice,
			'options[0].text': 'The right answer, spelt out at great and telling length'
		};
		expect(keyFromEditorForm('single', form(long)).errors.options).toMatch(
			/^Students can guess the longest option/
		);
		expect(
			keyFromEditorForm('single', form({ ...long, optionLengthReviewed: 'on' })).errors
		).toEqual({});
	});
});

describe('module problems beside their fields', () => {
	it('puts what loadModule reports about a question beside its fields, and skips the others', () => {
		const document = readDocument();
		const index = document.questions.findIndex((q: Doc) => q.id === 'evidence-unnamed');
		document.questions[index].targets[0].quote = 'by Martian experts';
		document.questions[index].decoys[0].quote = 'Shohiyon';
		let problems: string[] = [];
		try {
			loadModule(document, FILE, 2);
		} catch (error) {
			problems = (error as ModuleError).problems;
		}
		expect(problems.length).toBeGreaterThan(0);
		const key = questionKeySchema.parse(document.questions[index]);
		const errors = editorErrors(key, sentenceTexts(module.article), problems);
		expect(errors).toEqual({
			'targets[0].quote': NOT_FOUND,
			'decoys[0].quote':
				'Found in 2 sentences of the article: quote more of it, so it points to one.'
		});
		const other = questionKeySchema.parse(document.questions[0]);
		const passage = sourceOf(other.id);
		expect(editorErrors(other, sentenceTexts(passage), problems, passage.byline)).toEqual({});
	});

	it('names a whole-question problem, and finds the problems of a key the module has not loaded', () => {
		const key = keys.find((k) => k.id === 'who-credit')!;
		const errors = editorErrors(
			{ ...key, prompt: 'Is “the corrupt regime of Rakhmon” fair?' },
			sentenceTexts(module.article),
			[
				`questions[5] (who-credit): no step places it (add { question: who-credit } to a step)`,
				`questions[5] (who-credit).twinOf: only post-check and delayed-check items have twins`
			]
		);
		expect(errors).toEqual({
			question: 'No step places it (add { question: who-credit } to a step).',
			twinOf: 'Only post-check and delayed-check items have twins.',
			prompt: 'The quote “the corrupt regime of Rakhmon” is not in the article.'
		});
	});
});

describe('adding and removing rows', () => {
	it('adds a blank row to each list and removes the row asked for', () => {
		const single = blankKey('single', 'q') as { options: unknown[] };
		expect(
			(applyEditorCommand('single', single, 'add-option') as typeof single).options
		).toHaveLength(5);
		const removed = applyEditorCommand('single', keys[0], 'remove-option-1') as {
			options: { id: string }[];
		};
		expect(removed.options.map((o) => o.id)).toEqual(['news', 'council', 'checked']);
		expect((keys[0] as { options: unknown[] }).options).toHaveLength(4);

		const mark = blankKey('mark', 'm') as unknown as Record<string, unknown[]>;
		for (const [command, list] of [
			['add-target', 'targets'],
			['add-optional', 'optional'],
			['add-decoy', 'decoys']
		] as const) {
			const next = applyEditorCommand('mark', mark, command) as typeof mark;
			expect(next[list]!.length).toBe(mark[list]!.length + 1);
		}
		expect((applyEditorCommand('mark', mark, 'remove-decoy-0') as typeof mark).decoys).toEqual([]);

		const sort = blankKey('sort', 's') as unknown as Record<string, unknown[]>;
		expect((applyEditorCommand('sort', sort, 'add-claim') as typeof sort).claims).toHaveLength(5);
		expect(
			(applyEditorCommand('sort', sort, 'remove-category-2') as typeof sort).categories
		).toHaveLength(2);

		const written = blankKey('written', 'w') as { rubric: { levels: { score: unknown }[] }[] };
		const twoCriteria = applyEditorCommand('written', written, 'add-criterion') as typeof written;
		expect(twoCriteria.rubric).toHaveLength(2);
		const moreLevels = applyEditorCommand('written', written, 'add-level-0') as typeof written;
		expect(moreLevels.rubric[0]!.levels.map((l) => l.score)).toEqual([0, 1, 2, 3]);
		const fewer = applyEditorCommand('written', written, 'remove-level-0-1') as typeof written;
		expect(fewer.rubric[0]!.levels.map((l) => l.score)).toEqual([0, 2]);
	});

	it('leaves the key alone for a command that does not fit it', () => {
		const single = blankKey('single', 'q');
		for (const command of ['add-claim', 'remove-option-9', 'add-level-0', 'delete-everything']) {
			expect(applyEditorCommand('single', single, command)).toBe(single);
		}
	});
});

// ---------------------------------------------------------------- the rendered editors

function renderEditor(key: KeyDraft, errors: Record<string, string> = {}) {
	const sentences = sentencesOf(sourceOf(key.id));
	const { body } = render(editorFor(key.type), {
		props: { key, errors, sentences, idPrefix: 'ed' }
	});
	return parseDocument(body);
}

const elements = (doc: ReturnType<typeof parseDocument>, name: string) =>
	DomUtils.getElementsByTagName(name, doc.children, true) as Element[];

/** What a browser would post for the rendered fields (the editor's buttons aside). */
function posted(doc: ReturnType<typeof parseDocument>): FormData {
	const data = new FormData();
	for (const input of elements(doc, 'input')) {
		const { name, type, value, checked } = input.attribs;
		if (!name) continue;
		if (type === 'checkbox') {
			if (checked !== undefined) data.append(name, value ?? 'on');
		} else data.append(name, value ?? '');
	}
	for (const area of elements(doc, 'textarea')) {
		data.append(area.attribs.name!, DomUtils.textContent(area).replace(/^\n/, ''));
	}
	for (const select of elements(doc, 'select')) {
		const chosen = elements(select as never, 'option').find((o) => 'selected' in o.attribs);
		data.append(select.attribs.name!, chosen?.attribs.value ?? '');
	}
	return data;
}

describe('the rendered editors', () => {
	it('post back every question of version 2 unchanged', () => {
		for (const key of keys) {
			const { key: back, errors } = keyFromEditorForm(key.type, posted(renderEditor(key)));
			expect(errors, key.id).toEqual({});
			expect(back, key.id).toStrictEqual(key);
		}
	});

	it('label every field, and render no form of their own', () => {
		const blanks = (['single', 'multiple', 'mark', 'sort', 'written'] as const).map((t) =>
			blankKey(t, `new-${t}`)
		);
		for (const key of [...keys, ...blanks]) {
			const doc = renderEditor(key);
			expect(elements(doc, 'form'), key.id).toEqual([]);
			const labels = new Set(elements(doc, 'label').map((l) => l.attribs.for));
			const fields = [
				...elements(doc, 'input').filter((i) => i.attribs.type !== 'hidden'),
				...elements(doc, 'textarea'),
				...elements(doc, 'select')
			];
			expect(fields.length).toBeGreaterThan(4);
			for (const field of fields) {
				expect(labels.has(field.attribs.id), `${key.id} ${field.attribs.name}`).toBe(true);
			}
			const ids = new Set(
				DomUtils.findAll((e) => !!e.attribs.id, doc.children).map((e) => e.attribs.id)
			);
			for (const element of DomUtils.findAll(
				(e) => !!e.attribs['aria-describedby'],
				doc.children
			)) {
				for (const ref of element.attribs['aria-describedby']!.split(' ')) {
					expect(ids.has(ref), `${key.id} ${ref}`).toBe(true);
				}
			}
			const commands = elements(doc, 'button').filter((b) => b.attribs.name === 'editorCommand');
			expect(
				commands.every((b) => b.attribs.type === 'submit'),
				key.id
			).toBe(true);
			expect(
				commands.some((b) => b.attribs.value?.startsWith('add-')),
				key.id
			).toBe(true);
		}
	});

	it('show each error beside its field, which points to it', () => {
		const key = keys.find((k) => k.id === 'evidence-sort')!;
		const doc = renderEditor(key, {
			'claims[2].quote': NOT_FOUND,
			claims: 'Too few claims.',
			question: 'No step places it.'
		});
		const quote = elements(doc, 'input').find((i) => i.attribs.name === 'claims[2].quote')!;
		expect(quote.attribs['aria-invalid']).toBe('true');
		const describedBy = quote.attribs['aria-describedby']!.split(' ');
		const message = DomUtils.findOne(
			(e) => describedBy.includes(e.attribs.id ?? '') && e.attribs.class === 'field-error',
			doc.children
		)!;
		expect(DomUtils.textContent(message)).toBe(NOT_FOUND);
		expect(DomUtils.textContent(doc)).toContain('Too few claims.');
		expect(DomUtils.textContent(doc)).toContain('No step places it.');
		const other = elements(doc, 'input').find((i) => i.attribs.name === 'claims[1].quote')!;
		expect(other.attribs['aria-invalid']).toBeUndefined();
	});
});
