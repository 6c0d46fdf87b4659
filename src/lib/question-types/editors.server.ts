import type { z } from 'zod';
import { checkQuotes, squash, type ArticleContext } from './article-context';
import { resolveQuestion, type QuestionKey, type QuestionTypeName } from './registry.server';
import { single } from './single/definition.server';
import { multiple } from './multiple/definition.server';
import { mark } from './mark/definition.server';
import { sort } from './sort/definition.server';
import { written } from './written/definition.server';
import { FACT_CHECK_CATEGORIES } from './sort/fact-check-categories';
import {
	blankRows,
	canonicalQuote,
	checkDraft,
	emptyMessage,
	matchesManyMessage,
	nextScore,
	NOT_FOUND,
	optionLengthMessage,
	QUOTE_NOT_IN_ARTICLE,
	sentence,
	sentencesMatching,
	tooFewMessage,
	withIds,
	type ChoiceDraft,
	type CriterionDraft,
	type KeyDraft,
	type LevelDraft,
	type MarkDraft,
	type QuotedDraft,
	type SortDraft,
	type WrittenDraft
} from './editing/checks';

// The server side of the question editors: a key from the posted editor form, checked with its
// type's schema and the checks the browser runs as the teacher types, and module problems put
// beside the fields they are about.

export type { KeyDraft } from './editing/checks';

const schemas: { [T in QuestionTypeName]: z.ZodType<Extract<QuestionKey, { type: T }>, unknown> } =
	{
		single: single.schema,
		multiple: multiple.schema,
		mark: mark.schema,
		sort: sort.schema,
		written: written.schema
	};

// A stored key is always a draft an editor can show: this fails to compile if a schema gains a
// field the editors do not know.
type Assignable<T extends KeyDraft> = T;
export type StoredKeyIsDraft = Assignable<QuestionKey>;

/** The article a question quotes from, for checking and spelling quotes as it does. */
export type QuoteSource = { sentences: string[]; byline?: string };

/** The starting key of a new question of a type: not valid yet (its texts are empty). */
export function blankKey(type: QuestionTypeName, id: string): KeyDraft {
	const common = { id, prompt: '', once: false };
	switch (type) {
		case 'single':
		case 'multiple':
			return {
				...common,
				type,
				options: [1, 2, 3, 4].map(blankRows.option),
				explanation: '',
				confidence: true,
				optionLengthReviewed: false
			};
		case 'mark':
			return {
				...common,
				type,
				targets: [blankRows.quoted()],
				optional: [],
				decoys: [blankRows.quoted()],
				otherFeedback: '',
				explanation: ''
			};
		case 'sort':
			// The fact-checker's two questions, as the shipped module asks them: most sorts start here.
			return {
				...common,
				type,
				categories: FACT_CHECK_CATEGORIES.map((category) => ({ ...category })),
				discernment: { keep: 'sourced', catch: 'unsourced' },
				claims: [1, 2, 3, 4].map(blankRows.claim),
				explanation: '',
				confidence: true
			};
		case 'written':
			return {
				...common,
				type,
				minWords: 0,
				rubric: [blankRows.criterion()],
				modelAnswer: ''
			};
	}
}

// ---------------------------------------------------------------- reading the form

function value(form: FormData, name: string): string {
	const v = form.get(name);
	return typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '';
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The row numbers the form has under `prefix` (`options` → 0, 1, 3), in order. */
function rowIndexes(form: FormData, prefix: string): number[] {
	const pattern = new RegExp(`^${escape(prefix)}\\[(\\d+)\\]\\.`);
	const indexes = new Set<number>();
	for (const name of form.keys()) {
		const match = pattern.exec(name);
		if (match) indexes.add(Number(match[1]));
	}
	return [...indexes].sort((a, b) => a - b);
}

const isBlank = (...values: (string | boolean)[]) =>
	values.every((v) => (typeof v === 'boolean' ? !v : v.trim() === ''));

function readRows<R>(
	form: FormData,
	prefix: string,
	read: (at: string) => R,
	blank: (row: R) => boolean,
	keepBlank: boolean
): R[] {
	return rowIndexes(form, prefix)
		.map((i) => read(`${prefix}[${i}]`))
		.filter((row) => keepBlank || !blank(row));
}

/** Names the new rows that have something in them; a kept blank row stays unnamed. */
function nameRows<R extends { id: string }>(
	rows: R[],
	wordsOf: (row: R) => string,
	blank: (row: R) => boolean,
	fallback: string
): R[] {
	const named = withIds(
		rows.filter((r) => !blank(r)),
		wordsOf,
		fallback
	);
	let next = 0;
	return rows.map((r) => (blank(r) ? r : named[next++]!));
}

const optional = (v: string) => (v.trim() === '' ? undefined : v);
const number = (v: string): number | string => (/^\s*-?\d+\s*$/.test(v) ? Number(v) : v);

function readCommon(form: FormData) {
	const skill = optional(value(form, 'skill'));
	const twinOf = optional(value(form, 'twinOf'));
	return {
		id: value(form, 'id').trim(),
		prompt: value(form, 'prompt'),
		...(skill !== undefined && { skill }),
		...(twinOf !== undefined && { twinOf }),
		once: form.has('once')
	};
}

const quotedBlank = (r: QuotedDraft) => isBlank(r.quote, r.feedback);
const levelBlank = (l: LevelDraft) => isBlank(l.label, l.description);
const criterionBlank = (c: CriterionDraft) => isBlank(c.label) && c.levels.every(levelBlank);

function readDraft(type: QuestionTypeName, form: FormData, keepBlank: boolean): KeyDraft {
	const common = readCommon(form);
	switch (type) {
		case 'single':
		case 'multiple': {
			const blank = (o: ChoiceDraft['options'][number]) => isBlank(o.text, o.feedback, o.correct);
			const options = readRows(
				form,
				'options',
				(at) => ({
					id: value(form, `${at}.id`).trim(),
					text: value(form, `${at}.text`),
					correct: form.has(`${at}.correct`),
					feedback: value(form, `${at}.feedback`)
				}),
				blank,
				keepBlank
			);
			return {
				type,
				...common,
				options: nameRows(options, (o) => o.text, blank, 'option'),
				explanation: value(form, 'explanation'),
				confidence: form.has('confidence'),
				optionLengthReviewed: form.has('optionLengthReviewed')
			};
		}
		case 'mark': {
			const list = (name: string) =>
				readRows(
					form,
					name,
					(at) => ({ quote: value(form, `${at}.quote`), feedback: value(form, `${at}.feedback`) }),
					quotedBlank,
					keepBlank
				);
			return {
				type,
				...common,
				targets: list('targets'),
				optional: list('optional'),
				decoys: list('decoys'),
				otherFeedback: value(form, 'otherFeedback'),
				explanation: value(form, 'explanation')
			};
		}
		case 'sort': {
			const categoryBlank = (c: SortDraft['categories'][number]) => isBlank(c.label, c.description);
			const categories = readRows(
				form,
				'categories',
				(at) => ({
					id: value(form, `${at}.id`).trim(),
					label: value(form, `${at}.label`),
					description: value(form, `${at}.description`)
				}),
				categoryBlank,
				keepBlank
			);
			const claimBlank = (c: SortDraft['claims'][number]) =>
				isBlank(c.quote, c.category, c.feedback);
			const claims = readRows(
				form,
				'claims',
				(at) => ({
					id: value(form, `${at}.id`).trim(),
					quote: value(form, `${at}.quote`),
					category: value(form, `${at}.category`),
					feedback: value(form, `${at}.feedback`)
				}),
				claimBlank,
				keepBlank
			);
			const keep = value(form, 'discernment.keep');
			const flag = value(form, 'discernment.catch');
			return {
				type,
				...common,
				categories: nameRows(categories, (c) => c.label, categoryBlank, 'category'),
				claims: nameRows(claims, (c) => c.quote, claimBlank, 'claim'),
				explanation: value(form, 'explanation'),
				confidence: form.has('confidence'),
				...(!isBlank(keep, flag) && { discernment: { keep, catch: flag } })
			};
		}
		case 'written': {
			const rubric = readRows(
				form,
				'rubric',
				(at) => ({
					id: value(form, `${at}.id`).trim(),
					label: value(form, `${at}.label`),
					levels: readRows(
						form,
						`${at}.levels`,
						(level) => ({
							score: number(value(form, `${level}.score`)),
							label: value(form, `${level}.label`),
							description: value(form, `${level}.description`)
						}),
						levelBlank,
						keepBlank
					)
				}),
				criterionBlank,
				keepBlank
			);
			const guidance = optional(value(form, 'guidance'));
			const minWords = value(form, 'minWords');
			return {
				type,
				...common,
				...(guidance !== undefined && { guidance }),
				...(minWords.trim() !== '' && { minWords: number(minWords) }),
				rubric: nameRows(rubric, (c) => c.label, criterionBlank, 'criterion'),
				modelAnswer: value(form, 'modelAnswer')
			};
		}
	}
}

/** Spells each quote as the article does, where the article holds it up to quotes, dashes and case. */
function spellQuotes(draft: KeyDraft, source: QuoteSource): KeyDraft {
	const sentences = source.sentences.map((text) => ({ text }));
	const whole = [...source.sentences, source.byline ?? ''].join(' ');
	const inFragments = (value: string) =>
		value.replace(/“([^”]+)”/g, (all, inner: string) => {
			const pieces = inner.split('…').map((piece) => {
				const found = piece.trim() === '' ? null : canonicalQuote(whole, piece.trim());
				return found === null ? piece : piece.replace(piece.trim(), found);
			});
			return `“${pieces.join('…')}”`;
		});
	const inSentence = (entry: QuotedDraft): QuotedDraft => {
		const found = sentencesMatching(sentences, entry.quote);
		if (found.length !== 1) return entry;
		return { ...entry, quote: canonicalQuote(found[0]!.text, entry.quote) ?? entry.quote };
	};
	const prompt = inFragments(draft.prompt);
	switch (draft.type) {
		case 'single':
		case 'multiple':
			return {
				...draft,
				prompt,
				options: draft.options.map((o) => ({ ...o, text: inFragments(o.text) }))
			};
		case 'mark':
			return {
				...draft,
				prompt,
				targets: draft.targets.map(inSentence),
				optional: draft.optional?.map(inSentence),
				decoys: draft.decoys?.map(inSentence)
			};
		case 'sort':
			return {
				...draft,
				prompt,
				claims: draft.claims.map((c) => ({
					...c,
					quote: canonicalQuote(whole, c.quote) ?? c.quote
				}))
			};
		case 'written':
			return { ...draft, prompt };
	}
}

/** `['options', 2, 'feedback']` → `options[2].feedback`: the editor's field names. */
function fieldOf(path: PropertyKey[]): string {
	return path
		.map((part, i) =>
			typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`
		)
		.join('');
}

function issueMessage(issue: z.core.$ZodIssue, field: string): string {
	if (field === '') return sentence(issue.message);
	if (issue.code === 'too_small') {
		if (issue.origin === 'string') return emptyMessage(field);
		if (issue.origin === 'array') return tooFewMessage(field);
		return 'Write 0 or more.';
	}
	if (issue.code === 'invalid_format') {
		return field === 'twinOf'
			? 'Write the id of the pre-check question: lower-case letters, digits and dashes.'
			: 'Use lower-case letters, digits and dashes.';
	}
	if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int')) {
		return 'Write a whole number.';
	}
	return sentence(issue.message);
}

/**
 * Reads the fields an editor posts into a key of the document's shape and checks it. Rows left
 * entirely blank are dropped, unless the form carries an `editorCommand` (adding or removing a
 * row without JavaScript), when the page shows the form again as the teacher left it. With the
 * article, quotes are spelt as it spells them and each is looked for. `key` is the checked key
 * (trimmed, defaults filled in) when there are no errors, the draft as typed otherwise.
 */
export function keyFromEditorForm(
	type: QuestionTypeName,
	form: FormData,
	article?: QuoteSource
): { key: unknown; errors: Record<string, string> } {
	let draft = readDraft(type, form, form.has('editorCommand'));
	if (article) draft = spellQuotes(draft, article);
	const errors = checkDraft(
		draft,
		article ? article.sentences.map((text) => ({ text })) : null,
		article?.byline
	);
	const parsed = schemas[type].safeParse(draft);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const field = fieldOf(issue.path) || 'question';
			errors[field] ??= issueMessage(issue, field === 'question' ? '' : field);
		}
	}
	if (Object.keys(errors).length > 0) return { key: draft, errors };
	return { key: parsed.data, errors };
}

/** The fields an editor would post for a key: its form, filled in. */
export function formDataFromKey(key: KeyDraft): FormData {
	const form = new FormData();
	const set = (name: string, v: string | number | undefined) => {
		if (v !== undefined) form.set(name, String(v));
	};
	const check = (name: string, on: boolean | undefined) => {
		if (on) form.set(name, 'on');
	};
	set('id', key.id);
	set('prompt', key.prompt);
	set('skill', key.skill);
	set('twinOf', key.twinOf);
	check('once', key.once);
	if ('explanation' in key) set('explanation', key.explanation);
	switch (key.type) {
		case 'single':
		case 'multiple':
			key.options.forEach((o, i) => {
				set(`options[${i}].id`, o.id);
				set(`options[${i}].text`, o.text);
				check(`options[${i}].correct`, o.correct);
				set(`options[${i}].feedback`, o.feedback);
			});
			check('confidence', key.confidence);
			check('optionLengthReviewed', key.optionLengthReviewed);
			break;
		case 'mark':
			for (const name of ['targets', 'optional', 'decoys'] as const) {
				(key[name] ?? []).forEach((entry, i) => {
					set(`${name}[${i}].quote`, entry.quote);
					set(`${name}[${i}].feedback`, entry.feedback);
				});
			}
			set('otherFeedback', key.otherFeedback);
			break;
		case 'sort':
			key.categories.forEach((c, i) => {
				set(`categories[${i}].id`, c.id);
				set(`categories[${i}].label`, c.label);
				set(`categories[${i}].description`, c.description);
			});
			key.claims.forEach((c, i) => {
				set(`claims[${i}].id`, c.id);
				set(`claims[${i}].quote`, c.quote);
				set(`claims[${i}].category`, c.category);
				set(`claims[${i}].feedback`, c.feedback);
			});
			set('discernment.keep', key.discernment?.keep);
			set('discernment.catch', key.discernment?.catch);
			check('confidence', key.confidence);
			break;
		case 'written':
			set('guidance', key.guidance);
			set('minWords', key.minWords);
			key.rubric.forEach((criterion, i) => {
				set(`rubric[${i}].id`, criterion.id);
				set(`rubric[${i}].label`, criterion.label);
				criterion.levels.forEach((level, j) => {
					set(`rubric[${i}].levels[${j}].score`, level.score);
					set(`rubric[${i}].levels[${j}].label`, level.label);
					set(`rubric[${i}].levels[${j}].description`, level.description);
				});
			});
			set('modelAnswer', key.modelAnswer);
			break;
	}
	return form;
}

// ---------------------------------------------------------------- adding and removing rows

const LISTS: Record<string, { list: string; types: QuestionTypeName[] }> = {
	option: { list: 'options', types: ['single', 'multiple'] },
	target: { list: 'targets', types: ['mark'] },
	optional: { list: 'optional', types: ['mark'] },
	decoy: { list: 'decoys', types: ['mark'] },
	category: { list: 'categories', types: ['sort'] },
	claim: { list: 'claims', types: ['sort'] },
	criterion: { list: 'rubric', types: ['written'] }
};

const newRow: Record<string, () => object> = {
	options: blankRows.option,
	targets: blankRows.quoted,
	optional: blankRows.quoted,
	decoys: blankRows.quoted,
	categories: blankRows.category,
	claims: blankRows.claim,
	rubric: blankRows.criterion
};

/**
 * A key with a row added or removed, as the editor's no-JavaScript buttons ask:
 * `add-option`, `remove-option-2`, `add-target`, `add-optional`, `add-decoy`, `add-category`,
 * `add-claim`, `add-criterion`, `add-level-0` (to criterion 0), `remove-level-0-2`. A command that
 * does not fit the key leaves it as it was.
 */
export function applyEditorCommand(type: QuestionTypeName, key: unknown, command: string): unknown {
	if (typeof key !== 'object' || key === null) return key;
	const next = structuredClone(key) as Record<string, unknown>;
	const rowsOf = (name: string): unknown[] => {
		const rows = Array.isArray(next[name]) ? (next[name] as unknown[]) : [];
		next[name] = rows;
		return rows;
	};
	let match =
		/^(add|remove)-(option|target|optional|decoy|category|claim|criterion)(?:-(\d+))?$/.exec(
			command
		);
	if (match) {
		const [, verb, row, index] = match;
		const entry = LISTS[row!]!;
		if (!entry.types.includes(type)) return key;
		const rows = rowsOf(entry.list);
		if (verb === 'add' && index === undefined) rows.push(newRow[entry.list]!());
		else if (verb === 'remove' && index !== undefined && Number(index) < rows.length) {
			rows.splice(Number(index), 1);
		} else return key;
		return next;
	}
	match = /^(add|remove)-level-(\d+)(?:-(\d+))?$/.exec(command);
	if (match && type === 'written') {
		const [, verb, criterionIndex, levelIndex] = match;
		const criterion = rowsOf('rubric')[Number(criterionIndex)] as CriterionDraft | undefined;
		if (!criterion) return key;
		criterion.levels ??= [];
		if (verb === 'add' && levelIndex === undefined) {
			criterion.levels.push(blankRows.level(nextScore(criterion.levels)));
		} else if (verb === 'remove' && levelIndex !== undefined) {
			if (Number(levelIndex) >= criterion.levels.length) return key;
			criterion.levels.splice(Number(levelIndex), 1);
		} else return key;
		return next;
	}
	return key;
}

// ---------------------------------------------------------------- module problems, by field

// `questions[3] (who-credit).options[1].text: the reason`, as loadModule and resolveQuestion word them.
const PROBLEM = /^questions\[\d+\](?: \(([^)]*)\))?((?:\.[A-Za-z]+(?:\[\d+\])*)*): ([\s\S]*)$/;

function translate(reason: string, field: string): string {
	let m: RegExpExecArray | null;
	if (/^“[\s\S]*” matches 0 sentences of the article/.test(reason)) return NOT_FOUND;
	if ((m = /^“[\s\S]*” matches (\d+) sentences of the article/.exec(reason))) {
		return matchesManyMessage(Number(m[1]));
	}
	if ((m = /^the quote “([\s\S]*)” is not in the article$/.exec(reason))) {
		return QUOTE_NOT_IN_ARTICLE(m[1]!);
	}
	if (/^“[\s\S]*” is not in the article$/.test(reason)) return NOT_FOUND;
	if ((m = /^the right option is ([\d.]+)× as long/.exec(reason)))
		return optionLengthMessage(m[1]!);
	if (reason === 'sentence listed twice')
		return 'This sentence is already listed in this question.';
	if (reason === 'a single-choice question needs exactly one correct option') {
		return 'A single-choice question has exactly one right answer: mark one.';
	}
	if (reason === 'needs at least one correct option') return 'Mark at least one right answer.';
	if (/is not one of the categories$/.test(reason)) return 'Choose one of the categories above.';
	if (reason === 'must not be empty') return emptyMessage(field);
	return sentence(reason);
}

function mergeInto(errors: Record<string, string>, field: string, message: string) {
	const known = errors[field];
	if (!known) errors[field] = message;
	else if (!known.includes(message)) errors[field] = `${known} ${message}`;
}

function contextOf(sentences: string[], byline: string): ArticleContext {
	const list = sentences.map((text, i) => ({ id: `s${i + 1}`, text }));
	return {
		sentences: list,
		sentenceIds: new Set(list.map((s) => s.id)),
		sentenceText: new Map(list.map((s) => [s.id, s.text])),
		text: squash([...sentences, byline].join(' '))
	};
}

/**
 * The problems of one question by the editor's field names: those the module's checks reported
 * (`problems`, as loadModule and resolveQuestion word them; other questions' are skipped), and
 * those the key has against the article's sentences (the step passage's, for a check step).
 * Problems about the question as a whole are under `question`.
 */
export function editorErrors(
	key: unknown,
	articleSentences: string[],
	problems: string[],
	byline = ''
): Record<string, string> {
	const errors: Record<string, string> = {};
	const draft = key as KeyDraft;
	const id = typeof draft?.id === 'string' ? draft.id : undefined;
	const report = (list: string[]) => {
		for (const problem of list) {
			const m = PROBLEM.exec(problem);
			if (!m) continue;
			const [, problemId, path = '', reason = ''] = m;
			if (problemId !== undefined && problemId !== id) continue;
			const field = path.replace(/^\./, '') || 'question';
			mergeInto(errors, field, translate(reason, field));
		}
	};
	report(problems);
	const type = draft?.type as QuestionTypeName;
	if (!(type in schemas)) return errors;
	const parsed = schemas[type].safeParse(key);
	if (parsed.success) {
		const own: string[] = [];
		const at = `questions[0] (${parsed.data.id})`;
		const ctx = contextOf(articleSentences, byline);
		checkQuotes(ctx, at, 'prompt', parsed.data.prompt, own);
		resolveQuestion(parsed.data, ctx, at, own);
		report(own);
	} else {
		for (const issue of parsed.error.issues) {
			const field = fieldOf(issue.path) || 'question';
			mergeInto(errors, field, issueMessage(issue, field === 'question' ? '' : field));
		}
	}
	const checked = checkDraft(
		draft,
		articleSentences.map((text) => ({ text })),
		byline
	);
	for (const [field, message] of Object.entries(checked)) mergeInto(errors, field, message);
	return errors;
}
