import { z } from 'zod';
import data from './suggestion-words.json';

export const SUGGESTION_KINDS = [
	'vague-attribution',
	'loaded-word',
	'sweeping',
	'motive',
	'checkable',
	'question-headline',
	'either-or'
] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/** A sentence worth a question, the words in it that made Byline point at it, and why. */
export type Suggestion = {
	paragraph: number;
	sentence: number;
	kind: SuggestionKind;
	/** The words as they appear in the sentence. */
	phrase: string;
	/** One sentence for the teacher; nothing is keyed until the teacher writes a question. */
	reason: string;
};

const wordList = z.object({
	source: z.string().min(1),
	reason: z.string().min(1),
	reasons: z.record(z.string(), z.string()).optional(),
	phrases: z.array(z.string().min(1)).optional(),
	patterns: z
		.array(
			z.object({
				name: z.string(),
				pattern: z.string(),
				caseSensitive: z.boolean().optional(),
				reason: z.string().optional()
			})
		)
		.optional()
});
// The lists are data; a broken edit fails when the server starts, not on a teacher's article.
const lists = z
	.object(Object.fromEntries(SUGGESTION_KINDS.map((k) => [k, wordList])))
	.parse(data) as Record<SuggestionKind, z.infer<typeof wordList>>;

/** Where each kind's word list comes from, for the editor to show beside the suggestions. */
export const suggestionSources: Record<SuggestionKind, string> = Object.fromEntries(
	SUGGESTION_KINDS.map((k) => [k, lists[k].source])
) as Record<SuggestionKind, string>;

type Matcher = { regex: RegExp; reason: (phrase: string) => string };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const fill = (template: string, phrase: string) => template.replaceAll('{phrase}', phrase);

function matchersOf(kind: SuggestionKind): Matcher[] {
	const list = lists[kind];
	const matchers: Matcher[] = [];
	for (const phrase of list.phrases ?? []) {
		const words = normalise(phrase).text.toLowerCase().trim().split(/\s+/).map(escapeRegExp);
		// Whole words only: "overall" is not "all", nor "all-out".
		const source = `(?<![\\p{L}\\p{N}'-])${words.join('\\s+')}(?![\\p{L}\\p{N}-])`;
		const template = list.reasons?.[phrase] ?? list.reason;
		matchers.push({ regex: new RegExp(source, 'giu'), reason: (found) => fill(template, found) });
	}
	for (const pattern of list.patterns ?? []) {
		const template = pattern.reason ?? list.reason;
		matchers.push({
			regex: new RegExp(pattern.pattern, pattern.caseSensitive ? 'gu' : 'giu'),
			reason: (found) => fill(template, found)
		});
	}
	return matchers;
}

const matchers = Object.fromEntries(SUGGESTION_KINDS.map((k) => [k, matchersOf(k)])) as Record<
	SuggestionKind,
	Matcher[]
>;

/**
 * The sentence in the form it is matched in (typographic quotes, dashes and spaces made plain,
 * zero-width characters dropped), with where each of its characters came from, so a match is
 * reported in the sentence's own characters.
 */
function normalise(original: string): { text: string; from: number[]; to: number[] } {
	let text = '';
	const from: number[] = [];
	const to: number[] = [];
	let index = 0;
	for (const char of original) {
		const next = index + char.length;
		let plain: string;
		if (/[\u200B-\u200D\u2060\uFEFF\u00AD]/.test(char)) plain = '';
		else if (/[\u2018\u2019\u201A\u201B\u2032]/.test(char)) plain = "'";
		else if (/[\u201C\u201D\u201E\u201F\u2033]/.test(char)) plain = '"';
		else if (/[\u2010-\u2015]/.test(char)) plain = '-';
		else if (char === '\u2026') plain = '...';
		else if (/\s/.test(char)) plain = ' ';
		else plain = char;
		for (let i = 0; i < plain.length; i++) {
			from.push(index);
			to.push(next);
		}
		text += plain;
		index = next;
	}
	return { text, from, to };
}

type Found = { start: number; end: number; phrase: string; reason: string };

/** The first match of any of a kind's words in a sentence: the earliest, then the longest. */
function firstMatch(sentence: string, kind: SuggestionKind): Found | null {
	const { text, from, to } = normalise(sentence);
	let best: Found | null = null;
	for (const matcher of matchers[kind]) {
		const match = Array.from(text.matchAll(matcher.regex)).find((m) => m[0].trim() !== '');
		if (!match) continue;
		const start = match.index;
		const end = start + match[0].length;
		if (best && (start > best.start || (start === best.start && end <= best.end))) continue;
		const phrase = sentence.slice(from[start]!, to[end - 1]!).trim();
		best = { start, end, phrase, reason: matcher.reason(phrase) };
	}
	return best;
}

const QUESTION_END = /\?["'”’)\]]*$/;

/**
 * Sentences a fact-checker would ask about, at most one suggestion of each kind a sentence, in
 * the article's order. The same article always gives the same list.
 */
export function suggestSentences(paragraphs: string[][]): Suggestion[] {
	const suggestions: Suggestion[] = [];
	paragraphs.forEach((sentences, paragraph) => {
		sentences.forEach((sentence, index) => {
			for (const kind of SUGGESTION_KINDS) {
				if (kind === 'question-headline') {
					if (paragraph === 0 && index === 0 && QUESTION_END.test(sentence.trim())) {
						suggestions.push({
							paragraph,
							sentence: index,
							kind,
							phrase: sentence.trim(),
							reason: lists[kind].reason
						});
					}
					continue;
				}
				const found = firstMatch(sentence, kind);
				if (found) {
					suggestions.push({
						paragraph,
						sentence: index,
						kind,
						phrase: found.phrase,
						reason: found.reason
					});
				}
			}
		});
	});
	return suggestions;
}
