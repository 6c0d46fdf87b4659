import { sentencesOf, type Article, type Sentence } from '$lib/server/article';

/** What a question type checks keys and answers against: the module's article, indexed once. */
export type ArticleContext = {
	sentences: Sentence[];
	sentenceIds: Set<string>;
	sentenceText: Map<string, string>;
	/** Every sentence and the byline, joined and whitespace-squashed: where quotes must be found. */
	text: string;
};

/**
 * The form of a text that quotes are matched in: typographic quotes, dashes and ellipses made
 * plain, zero-width characters removed and every run of spaces (no-break ones included) one
 * space, so a quote pasted from a phone or a word processor still finds its sentence.
 */
export const squash = (s: string) =>
	s
		.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
		.replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
		.replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
		.replace(/[\u2010-\u2015]/g, '-')
		.replace(/\u2026/g, '...')
		.replace(/\s+/g, ' ')
		.trim();

/** Text between curly quotes, split at ellipses: each piece must be in the article. */
export function quotedFragments(value: string): string[] {
	return [...value.matchAll(/“([^”]+)”/g)].flatMap((m) =>
		m[1]!
			.split('…')
			.map((piece) => squash(piece))
			.filter((piece) => piece.length > 0)
	);
}

/** Reports each quoted fragment of `value` that the article does not contain. */
export function checkQuotes(
	ctx: ArticleContext,
	at: string,
	field: string,
	value: string,
	problems: string[]
) {
	for (const fragment of quotedFragments(value)) {
		if (!ctx.text.includes(fragment)) {
			problems.push(`${at}.${field}: the quote “${fragment}” is not in the article`);
		}
	}
}

// Modules are loaded once and kept, so each article is indexed once, however many answers the
// results pages and exports describe with it.
const contexts = new WeakMap<Article, ArticleContext>();

/** The context of a module's article. */
export function articleContext(article: Article): ArticleContext {
	const known = contexts.get(article);
	if (known) return known;
	const sentences = sentencesOf(article);
	const context = {
		sentences,
		sentenceIds: new Set(sentences.map((s) => s.id)),
		sentenceText: new Map(sentences.map((s) => [s.id, s.text])),
		text: squash(sentences.map((s) => s.text).join(' ') + ' ' + article.byline)
	};
	contexts.set(article, context);
	return context;
}
