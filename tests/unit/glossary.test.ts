import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleGlossary, splitTerms } from '$lib/server/glossary';
import { loadModule, readModuleText } from '$lib/server/module-document';
import { shippedModule } from '$lib/server/modules';

const sentences = (...texts: string[]) => texts.map((text, i) => ({ id: `s${i + 1}`, text }));

describe('cutting the article at glossary terms', () => {
	it('marks only the first appearance, in reading order from the headline', () => {
		const article = sentences('Border talks', 'The border is long.', 'A border guard waits.');
		expect(splitTerms(article, ['border'])).toEqual({
			s1: [{ term: 0, text: 'Border' }, ' talks']
		});
	});

	it('matches in any case and keeps the words as the article writes them', () => {
		expect(splitTerms(sentences('They RATIFIED it.'), ['ratified'])).toEqual({
			s1: ['They ', { term: 0, text: 'RATIFIED' }, ' it.']
		});
	});

	it('matches whole words only', () => {
		const article = sentences('Smugglers were seen.', 'An art show; the smuggler fled.');
		expect(splitTerms(article, ['smuggler', 'art'])).toEqual({
			s2: ['An ', { term: 1, text: 'art' }, ' show; the ', { term: 0, text: 'smuggler' }, ' fled.']
		});
	});

	it('finds a term of several words, across any white space', () => {
		expect(splitTerms(sentences('The Lower\u00a0 House met.'), ['lower house'])).toEqual({
			s1: ['The ', { term: 0, text: 'Lower\u00a0 House' }, ' met.']
		});
	});

	it('lets a longer term win over a shorter one inside it', () => {
		const article = sentences('The Lower House met.', 'The House voted, then the Lower House.');
		expect(splitTerms(article, ['House', 'Lower House'])).toEqual({
			s1: ['The ', { term: 1, text: 'Lower House' }, ' met.'],
			s2: ['The ', { term: 0, text: 'House' }, ' voted, then the Lower House.']
		});
		// Inside the longer term, never on its own: then the shorter one is not shown at all.
		expect(splitTerms(sentences('The Lower House met.'), ['House', 'Lower House'])).toEqual({
			s1: ['The ', { term: 1, text: 'Lower House' }, ' met.']
		});
	});

	it('lets a longer term win where two overlap without one holding the other', () => {
		expect(
			splitTerms(sentences('The border troops of the state border.'), [
				'border troops',
				'troops of the state'
			])
		).toEqual({
			s1: ['The border ', { term: 1, text: 'troops of the state' }, ' border.']
		});
	});

	it('leaves out a term the article does not use', () => {
		expect(splitTerms(sentences('Nothing here.'), ['sovereignty'])).toEqual({});
	});

	it('finds a term beside punctuation, and a term that is itself punctuated', () => {
		const article = sentences(
			'“Militants,” he said (militants!)...',
			'The U.S. and the U.S.S.R. talked; i.e. nothing.'
		);
		expect(splitTerms(article, ['militants', 'U.S.', 'i.e.'])).toEqual({
			s1: ['“', { term: 0, text: 'Militants' }, ',” he said (militants!)...'],
			s2: [
				'The ',
				{ term: 1, text: 'U.S.' },
				' and the U.S.S.R. talked; ',
				{ term: 2, text: 'i.e.' },
				' nothing.'
			]
		});
	});

	it('reads a term as text, not as a pattern', () => {
		expect(splitTerms(sentences('a.c abc (x) x'), ['a.c', '(x)'])).toEqual({
			s1: [{ term: 0, text: 'a.c' }, ' abc ', { term: 1, text: '(x)' }, ' x']
		});
		expect(splitTerms(sentences('abc'), ['a.c', ' '])).toEqual({});
	});

	it('keeps hostile text as text', () => {
		const article = sentences('Say <script>alert(1)</script> and <b>bold</b>');
		expect(splitTerms(article, ['script', 'bold'])).toEqual({
			s1: [
				'Say <',
				{ term: 0, text: 'script' },
				'>alert(1)</script> and <b>',
				{ term: 1, text: 'bold' },
				'</b>'
			]
		});
	});
});

describe("a module's glossary, as a step is given it", () => {
	function moduleWith(glossary: { term: string; definition: string }[]) {
		const file = 'lessons/tajik-border/v1.yaml';
		const document = readModuleText(readFileSync(file, 'utf8'), file) as Record<string, unknown>;
		return loadModule({ ...document, glossary }, file, 1);
	}

	it('cuts each sentence where a term first appears, the definitions as written', () => {
		const hostile = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
		const module = moduleWith([
			{ term: 'ratified', definition: 'Approved formally, so that it binds the country.' },
			{ term: 'Lower House', definition: 'One chamber of the parliament.' },
			{ term: 'militants', definition: hostile },
			{ term: 'referendum', definition: 'A vote of the people.' }
		]);
		const glossary = articleGlossary(module);
		expect(glossary.entries.map((e) => e.definition)).toContain(hostile);
		expect(glossary.sentences.s1).toEqual([
			'Breakthrough of ',
			{ term: 2, text: 'Militants' },
			' from Afghanistan to Tajikistan: Myth or Reality?'
		]);
		expect(glossary.sentences.s3).toEqual([
			'Thus, on October 16, the ',
			{ term: 1, text: 'Lower House' },
			' of the Parliament of Tajikistan ',
			{ term: 0, text: 'ratified' },
			expect.stringMatching(/^ the Agreement on the procedure/)
		]);
		expect(Object.keys(glossary.sentences)).toEqual(['s1', 's3']);
		// Every sentence it cuts still reads the same, piece by piece.
		const texts = new Map(
			[module.article.headline, ...module.article.paragraphs.flatMap((p) => p.sentences)].map(
				(s) => [s.id, s.text]
			)
		);
		for (const [id, parts] of Object.entries(glossary.sentences)) {
			expect(parts.map((p) => (typeof p === 'string' ? p : p.text)).join('')).toBe(texts.get(id));
		}
	});

	it('is worked out once for each module version', () => {
		const module = moduleWith([{ term: 'border', definition: 'The line between two countries.' }]);
		expect(articleGlossary(module)).toBe(articleGlossary(module));
		expect(articleGlossary(shippedModule('tajik-border', 1)!)).toEqual({
			entries: [],
			sentences: {}
		});
	});
});
