import type { ArticleGlossary, GlossedPart } from '$lib/lesson';
import { sentencesOf, type Sentence } from './article';
import type { LessonModule } from './module-document';

// A glossary term is explained where it first appears in the article. The sentences are cut here,
// once per module version, and sent as text: the page draws every part as text, never as HTML.

type Found = { sentence: number; start: number; end: number; term: number };

const WORD = '[\\p{L}\\p{M}\\p{N}_]';

/** Whole words in any case; a term's words may be apart by any white space, as a line wraps. */
function termPattern(term: string): RegExp {
	const words = term
		.trim()
		.split(/\s+/)
		.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('\\s+');
	return new RegExp(`(?<!${WORD})${words}(?!${WORD})`, 'giu');
}

const inReadingOrder = (a: Found, b: Found) => a.sentence - b.sentence || a.start - b.start;

/**
 * The sentences in which a term first appears, cut into plain text and the term's words as the
 * article writes them. Where two terms overlap the longer wins, so "House" inside "Lower House" is
 * no appearance of "House".
 */
export function splitTerms(sentences: Sentence[], terms: string[]): Record<string, GlossedPart[]> {
	const found: Found[] = [];
	terms.forEach((term, t) => {
		if (term.trim() === '') return;
		const pattern = termPattern(term);
		sentences.forEach((s, i) => {
			for (const match of s.text.matchAll(pattern)) {
				found.push({
					sentence: i,
					start: match.index,
					end: match.index + match[0].length,
					term: t
				});
			}
		});
	});
	const kept: Found[] = [];
	found
		.sort((a, b) => b.end - b.start - (a.end - a.start) || inReadingOrder(a, b) || a.term - b.term)
		.forEach((f) => {
			const overlaps = kept.some(
				(k) => k.sentence === f.sentence && k.start < f.end && f.start < k.end
			);
			if (!overlaps) kept.push(f);
		});
	const first = new Map<number, Found>();
	for (const f of kept.sort(inReadingOrder)) if (!first.has(f.term)) first.set(f.term, f);

	const bySentence = new Map<number, Found[]>();
	for (const f of first.values()) {
		bySentence.set(f.sentence, [...(bySentence.get(f.sentence) ?? []), f]);
	}
	const cut: Record<string, GlossedPart[]> = {};
	for (const [index, terms] of bySentence) {
		const { id, text } = sentences[index]!;
		const parts: GlossedPart[] = [];
		let at = 0;
		for (const f of terms) {
			if (f.start > at) parts.push(text.slice(at, f.start));
			parts.push({ term: f.term, text: text.slice(f.start, f.end) });
			at = f.end;
		}
		if (at < text.length) parts.push(text.slice(at));
		cut[id] = parts;
	}
	return cut;
}

const cache = new WeakMap<LessonModule, ArticleGlossary>();

/** The module's glossary with its article cut at each term, worked out once per module version. */
export function articleGlossary(module: LessonModule): ArticleGlossary {
	let glossary = cache.get(module);
	if (!glossary) {
		glossary = {
			entries: module.glossary,
			sentences: splitTerms(
				sentencesOf(module.article),
				module.glossary.map((entry) => entry.term)
			)
		};
		cache.set(module, glossary);
	}
	return glossary;
}
