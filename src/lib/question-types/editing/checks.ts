// What the question editors check, shared by the browser (as the teacher types) and the server
// (on every save), so the two never disagree about a message.

/** A question type an editor edits. */
export type EditorType = 'single' | 'multiple' | 'mark' | 'sort' | 'written';

type CommonDraft = {
	id: string;
	prompt: string;
	skill?: string;
	twinOf?: string;
	once?: boolean;
};

export type OptionDraft = { id: string; text: string; correct: boolean; feedback: string };
export type ChoiceDraft<T extends 'single' | 'multiple' = 'single' | 'multiple'> = CommonDraft & {
	type: T;
	options: OptionDraft[];
	explanation: string;
	confidence?: boolean;
	optionLengthReviewed?: boolean;
};

export type QuotedDraft = { quote: string; feedback: string };
export type MarkDraft = CommonDraft & {
	type: 'mark';
	targets: QuotedDraft[];
	optional?: QuotedDraft[];
	decoys?: QuotedDraft[];
	otherFeedback: string;
	explanation: string;
};

export type CategoryDraft = { id: string; label: string; description: string };
export type ClaimDraft = { id: string; quote: string; category: string; feedback: string };
export type SortDraft = CommonDraft & {
	type: 'sort';
	categories: CategoryDraft[];
	claims: ClaimDraft[];
	explanation: string;
	confidence?: boolean;
	discernment?: { keep: string; catch: string };
};

/** A score the teacher typed that is not a number yet stays as typed, to be shown back. */
export type LevelDraft = { score: number | string; label: string; description: string };
export type CriterionDraft = { id: string; label: string; levels: LevelDraft[] };
export type WrittenDraft = CommonDraft & {
	type: 'written';
	guidance?: string;
	minWords?: number | string;
	rubric: CriterionDraft[];
	modelAnswer: string;
};

/** A question's key as an editor holds it: the document's shape, possibly incomplete. */
export type KeyDraft =
	ChoiceDraft<'single'> | ChoiceDraft<'multiple'> | MarkDraft | SortDraft | WrittenDraft;
export type DraftOf<T extends EditorType> = Extract<KeyDraft, { type: T }> & { type: T };

/** The props every editor takes. */
export type EditorProps<T extends EditorType = EditorType> = {
	key: DraftOf<T>;
	/** Messages by field name (`options[0].feedback`); `question` holds those about the whole question. */
	errors: Record<string, string>;
	/** The article's sentences (or the step passage's), for quote pickers and live checks. */
	sentences: { id: string; text: string }[];
	/** Prefix of every element id, unique on the page. */
	idPrefix?: string;
};

/** How much longer than the longest wrong option a right option may be (as module-rules.ts). */
export const LONGEST_OPTION_RATIO = 1.5;
/** A sort needs this many claims in each category it scores (as module-rules.ts). */
export const MIN_CLAIMS_PER_CATEGORY = 2;

export const NOT_FOUND = 'Not found in the article.';

// ---------------------------------------------------------------- quotes

const SINGLE_QUOTES = /[‘’‚‛′`´]/g;
const DOUBLE_QUOTES = /[“”„‟″«»]/g;
const DASHES = /[‐‑‒–—―−]/g;

/** One character as quotes are matched: straight quotes, plain dashes, lower case. */
function normaliseChar(c: string): string {
	return c
		.replace(SINGLE_QUOTES, "'")
		.replace(DOUBLE_QUOTES, '"')
		.replace(DASHES, '-')
		.toLowerCase();
}

/**
 * The text as quotes are matched (curly and straight quotes, dashes, runs of whitespace and case
 * all alike), with where each of its characters came from in the original.
 */
function normaliseWithMap(text: string): { text: string; from: number[] } {
	let out = '';
	const from: number[] = [];
	let space = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (/\s/.test(c)) {
			space = out.length > 0;
			continue;
		}
		if (space) {
			out += ' ';
			from.push(i);
			space = false;
		}
		for (const n of normaliseChar(c)) {
			out += n;
			from.push(i);
		}
	}
	return { text: out, from };
}

export const normaliseQuote = (text: string) => normaliseWithMap(text).text;

/** The sentences a quote is found in. */
export function sentencesMatching<S extends { text: string }>(sentences: S[], quote: string): S[] {
	const wanted = normaliseQuote(quote);
	if (wanted === '') return [];
	return sentences.filter((s) => normaliseQuote(s.text).includes(wanted));
}

/**
 * The quote as the source spells it, when the source holds it up to quotes, dashes, spacing and
 * case: a quote pasted from a phone is stored as the article has it, so the server's exact check
 * finds it. Null when the source does not hold it.
 */
export function canonicalQuote(source: string, quote: string): string | null {
	const wanted = normaliseQuote(quote);
	if (wanted === '') return null;
	const haystack = normaliseWithMap(source);
	const at = haystack.text.indexOf(wanted);
	if (at === -1) return null;
	const start = haystack.from[at]!;
	const end = haystack.from[at + wanted.length - 1]! + 1;
	return source.slice(start, end);
}

/** Text between curly quotes, split at ellipses: the pieces the server looks for in the article. */
export function quotedFragments(value: string): string[] {
	return [...value.matchAll(/“([^”]+)”/g)].flatMap((m) =>
		m[1]!
			.split('…')
			.map((piece) => piece.replace(/\s+/g, ' ').trim())
			.filter((piece) => piece.length > 0)
	);
}

// ---------------------------------------------------------------- messages

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const sentence = (s: string) => {
	const t = capitalise(s.trim());
	return /[.!?”]$/.test(t) ? t : `${t}.`;
};

/** The last named part of a field: `options[2].feedback` → `feedback`. */
const leaf = (field: string) =>
	field
		.replace(/\[\d+\]/g, '')
		.split('.')
		.at(-1) ?? field;
/** The list a field's row belongs to: `rubric[0].levels[1].label` → `levels`. */
const list = (field: string) =>
	field
		.match(/([A-Za-z]+)\[\d+\]\.[A-Za-z]+$/)
		?.at(1)
		?.toString() ?? '';

const ROW_NAMES: Record<string, string> = {
	options: 'option',
	targets: 'sentence',
	optional: 'sentence',
	decoys: 'sentence',
	claims: 'claim',
	categories: 'category',
	rubric: 'criterion',
	levels: 'level'
};

/** What to say about a field left empty. */
export function emptyMessage(field: string): string {
	const name = leaf(field);
	const row = ROW_NAMES[list(field)] ?? 'question';
	switch (name) {
		case 'prompt':
			return 'Write the question students answer.';
		case 'feedback':
			return `Write feedback for this ${row}: students read it after answering.`;
		case 'text':
			return 'Write the option.';
		case 'quote':
			return row === 'claim' ? 'Quote the claim from the article.' : 'Quote the sentence.';
		case 'label':
			return `Give this ${row} a name.`;
		case 'description':
			return `Describe this ${row}.`;
		case 'explanation':
			return 'Write the rationale students read after answering.';
		case 'otherFeedback':
			return 'Write what students read when they mark any other sentence.';
		case 'modelAnswer':
			return 'Write a model answer: students compare theirs with it.';
		case 'category':
			return 'Choose its category.';
		default:
			return 'Fill this in.';
	}
}

/** What to say about a list with too few rows. */
export function tooFewMessage(field: string): string {
	switch (list(`${field}[0].x`) || field) {
		case 'options':
			return 'Give at least two options.';
		case 'targets':
			return 'Give at least one sentence to mark.';
		case 'categories':
			return 'Give at least two categories.';
		case 'claims':
			return 'Give at least two claims.';
		case 'rubric':
			return 'Give at least one rubric criterion.';
		case 'levels':
			return 'Give this criterion at least two levels.';
		default:
			return 'Add more.';
	}
}

export function optionLengthMessage(ratio: string): string {
	return (
		`Students can guess the longest option: the right one is ${ratio}× as long as the longest ` +
		'wrong one. Shorten it, lengthen the others, or tick “I have checked the option lengths”.'
	);
}

export function matchesManyMessage(count: number): string {
	return `Found in ${count} sentences of the article: quote more of it, so it points to one.`;
}

export const QUOTE_NOT_IN_ARTICLE = (fragment: string) =>
	`The quote “${fragment}” is not in the article.`;

// ---------------------------------------------------------------- checks

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

type Messages = Record<string, string>;

function add(messages: Messages, field: string, message: string) {
	if (!messages[field]) messages[field] = message;
}

function checkQuotedFragments(messages: Messages, field: string, value: string, text: string) {
	const haystack = normaliseQuote(text);
	const missing = quotedFragments(value).find((f) => !haystack.includes(normaliseQuote(f)));
	if (missing) add(messages, field, QUOTE_NOT_IN_ARTICLE(missing));
}

function checkChoice(key: ChoiceDraft, messages: Messages) {
	const options = key.options ?? [];
	const right = options.filter((o) => o.correct);
	if (key.type === 'single' && right.length === 0) {
		add(messages, 'options', 'Mark the right answer: a single-choice question has one.');
	} else if (key.type === 'single' && right.length > 1) {
		add(
			messages,
			'options',
			`A single-choice question has exactly one right answer; ${right.length} are marked.`
		);
	} else if (key.type === 'multiple' && right.length === 0) {
		add(messages, 'options', 'Mark at least one right answer.');
	}
	options.forEach((o, i) => {
		if (blank(o.feedback))
			add(messages, `options[${i}].feedback`, emptyMessage('options[0].feedback'));
		if (blank(o.text)) add(messages, `options[${i}].text`, emptyMessage('options[0].text'));
	});
	// As module-rules.ts: only single choice has one right option to give away.
	const wrong = options.filter((o) => !o.correct);
	if (
		key.type === 'single' &&
		right.length === 1 &&
		wrong.length > 0 &&
		!key.optionLengthReviewed
	) {
		const longestWrong = Math.max(...wrong.map((o) => o.text.length));
		const length = right[0]!.text.length;
		if (longestWrong > 0 && length > LONGEST_OPTION_RATIO * longestWrong) {
			add(messages, 'options', optionLengthMessage((length / longestWrong).toFixed(1)));
		}
	}
}

const MARK_LISTS = ['targets', 'optional', 'decoys'] as const;

function checkMark(key: MarkDraft, messages: Messages, sentences: { text: string }[] | null) {
	const seen = new Map<{ text: string }, string>();
	for (const name of MARK_LISTS) {
		(key[name] ?? []).forEach((entry, i) => {
			const field = `${name}[${i}]`;
			if (blank(entry.feedback))
				add(messages, `${field}.feedback`, emptyMessage(`${field}.feedback`));
			if (blank(entry.quote)) {
				add(messages, `${field}.quote`, emptyMessage(`${field}.quote`));
				return;
			}
			if (!sentences) return;
			const found = sentencesMatching(sentences, entry.quote);
			if (found.length === 0) add(messages, `${field}.quote`, NOT_FOUND);
			else if (found.length > 1) add(messages, `${field}.quote`, matchesManyMessage(found.length));
			else if (seen.has(found[0]!)) {
				add(
					messages,
					`${field}.quote`,
					`This sentence is already listed (${seen.get(found[0]!)}).`
				);
			} else seen.set(found[0]!, describeRow(name, i));
		});
	}
}

function describeRow(list: (typeof MARK_LISTS)[number], i: number) {
	const names = { targets: 'sentence to mark', optional: 'either-way sentence', decoys: 'decoy' };
	return `${names[list]} ${i + 1}`;
}

function checkSort(key: SortDraft, messages: Messages, text: string | null) {
	const categories = key.categories ?? [];
	const claims = key.claims ?? [];
	const ids = new Set(categories.map((c) => c.id).filter((id) => id !== ''));
	categories.forEach((c, i) => {
		if (blank(c.label))
			add(messages, `categories[${i}].label`, emptyMessage('categories[0].label'));
		if (blank(c.description)) {
			add(messages, `categories[${i}].description`, emptyMessage('categories[0].description'));
		}
	});
	claims.forEach((claim, i) => {
		const field = `claims[${i}]`;
		if (blank(claim.quote)) add(messages, `${field}.quote`, emptyMessage(`${field}.quote`));
		else if (text !== null && canonicalQuote(text, claim.quote) === null) {
			add(messages, `${field}.quote`, NOT_FOUND);
		}
		if (blank(claim.category))
			add(messages, `${field}.category`, emptyMessage(`${field}.category`));
		else if (!ids.has(claim.category)) {
			add(messages, `${field}.category`, 'Choose one of the categories above.');
		}
		if (blank(claim.feedback))
			add(messages, `${field}.feedback`, emptyMessage(`${field}.feedback`));
	});
	const discernment =
		key.discernment && !(blank(key.discernment.keep) && blank(key.discernment.catch))
			? key.discernment
			: undefined;
	if (discernment) {
		for (const side of ['keep', 'catch'] as const) {
			if (blank(discernment[side])) {
				add(messages, `discernment.${side}`, 'Choose both categories, or neither.');
			} else if (!ids.has(discernment[side])) {
				add(messages, `discernment.${side}`, 'Choose one of the categories above.');
			}
		}
		if (!blank(discernment.keep) && discernment.keep === discernment.catch) {
			add(messages, 'discernment.catch', 'Choose a different category from the one to keep.');
		}
	}
	// As module-rules.ts: each scored category needs enough claims that one slip does not swing it.
	const scored = new Set([
		...claims.map((c) => c.category),
		...(discernment ? [discernment.keep, discernment.catch] : [])
	]);
	for (const category of categories) {
		if (!category.id || !scored.has(category.id)) continue;
		const count = claims.filter((c) => c.category === category.id).length;
		if (count < MIN_CLAIMS_PER_CATEGORY) {
			add(
				messages,
				'claims',
				`“${category.label}” has ${count} claim${count === 1 ? '' : 's'}; a sort needs at least ` +
					`${MIN_CLAIMS_PER_CATEGORY} in each category it scores.`
			);
		}
	}
}

function checkWritten(key: WrittenDraft, messages: Messages) {
	if (blank(key.modelAnswer)) add(messages, 'modelAnswer', emptyMessage('modelAnswer'));
	(key.rubric ?? []).forEach((criterion, i) => {
		if (blank(criterion.label))
			add(messages, `rubric[${i}].label`, emptyMessage('rubric[0].label'));
		const scores = new Set<string>();
		(criterion.levels ?? []).forEach((level, j) => {
			const field = `rubric[${i}].levels[${j}]`;
			if (blank(level.label)) add(messages, `${field}.label`, emptyMessage(`${field}.label`));
			if (blank(level.description)) {
				add(messages, `${field}.description`, emptyMessage(`${field}.description`));
			}
			const score = String(level.score).trim();
			if (scores.has(score)) {
				add(messages, `${field}.score`, 'Another level of this criterion has this score.');
			}
			scores.add(score);
		});
	});
}

/**
 * The cross-field checks of a key, by field name. With the article's sentences (and credit line)
 * it also looks for every quote; without them (on the server, before the module is loaded) it
 * leaves quotes to the module's own checks.
 */
export function checkDraft(
	key: KeyDraft,
	sentences: { text: string }[] | null,
	byline = ''
): Messages {
	const messages: Messages = {};
	if (blank(key.prompt)) add(messages, 'prompt', emptyMessage('prompt'));
	const text = sentences && [...sentences.map((s) => s.text), byline].join(' ');
	if (text !== null && typeof key.prompt === 'string') {
		checkQuotedFragments(messages, 'prompt', key.prompt, text);
	}
	if (key.type === 'single' || key.type === 'multiple') {
		checkChoice(key, messages);
		if (text !== null) {
			(key.options ?? []).forEach((o, i) =>
				checkQuotedFragments(messages, `options[${i}].text`, o.text, text)
			);
		}
	} else if (key.type === 'mark') checkMark(key, messages, sentences);
	else if (key.type === 'sort') checkSort(key, messages, text);
	else checkWritten(key, messages);
	if ('explanation' in key && blank(key.explanation)) {
		add(messages, 'explanation', emptyMessage('explanation'));
	}
	if (key.type === 'mark' && blank(key.otherFeedback)) {
		add(messages, 'otherFeedback', emptyMessage('otherFeedback'));
	}
	return messages;
}

// ---------------------------------------------------------------- rows

/** The rows an editor adds, blank. `id` is left empty: the server names new rows when saved. */
export const blankRows = {
	option: (): OptionDraft => ({ id: '', text: '', correct: false, feedback: '' }),
	quoted: (): QuotedDraft => ({ quote: '', feedback: '' }),
	category: (): CategoryDraft => ({ id: '', label: '', description: '' }),
	claim: (): ClaimDraft => ({ id: '', quote: '', category: '', feedback: '' }),
	level: (score: number | string = ''): LevelDraft => ({ score, label: '', description: '' }),
	criterion: (): CriterionDraft => ({
		id: '',
		label: '',
		levels: [
			{ score: 0, label: 'Not yet', description: '' },
			{ score: 1, label: 'Developing', description: '' },
			{ score: 2, label: 'Secure', description: '' }
		]
	})
};

/** The score a new level of a criterion starts with: one above its highest. */
export function nextScore(levels: LevelDraft[]): number {
	const scores = levels.map((l) => Number(l.score)).filter((n) => Number.isInteger(n));
	return scores.length === 0 ? 0 : Math.max(...scores) + 1;
}

/** A lower-case id from words: `Checkable, source given` → `checkable-source-given`. */
export function idFrom(words: string, taken: Set<string>, fallback: string): string {
	const base =
		words
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, ' ')
			.trim()
			.split(' ')
			.filter(Boolean)
			.slice(0, 4)
			.join('-')
			.slice(0, 40)
			.replace(/-+$/, '') || fallback;
	let candidate = base;
	for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
	taken.add(candidate);
	return candidate;
}

/**
 * The rows with an id each: rows that have one keep it, new rows are named from their words, in
 * order. The browser and the server name them alike, so a claim can choose a category added
 * before the save.
 */
export function withIds<R extends { id: string }>(
	rows: R[],
	wordsOf: (row: R) => string,
	fallback: string
): R[] {
	const taken = new Set(rows.map((r) => r.id).filter((id) => id !== ''));
	return rows.map((row, i) =>
		row.id !== '' ? row : { ...row, id: idFrom(wordsOf(row), taken, `${fallback}-${i + 1}`) }
	);
}

/** A key with every list and switch an editor binds to, filled in as the schema would default it. */
export function completeDraft<K extends KeyDraft>(key: K): K {
	const common = { ...key, once: key.once ?? false };
	switch (common.type) {
		case 'single':
		case 'multiple':
			return {
				...common,
				options: common.options ?? [],
				confidence: common.confidence ?? true,
				optionLengthReviewed: common.optionLengthReviewed ?? false
			};
		case 'mark':
			return {
				...common,
				targets: common.targets ?? [],
				optional: common.optional ?? [],
				decoys: common.decoys ?? []
			};
		case 'sort':
			return {
				...common,
				categories: common.categories ?? [],
				claims: common.claims ?? [],
				confidence: common.confidence ?? true,
				discernment: common.discernment ?? { keep: '', catch: '' }
			};
		case 'written':
			return {
				...common,
				rubric: (common.rubric ?? []).map((c) => ({ ...c, levels: c.levels ?? [] }))
			};
	}
}
