import { describe, expect, it } from 'vitest';
import { lessonSkeleton, spellDate } from '$lib/server/lesson-skeleton';
import { loadModule, ModuleError } from '$lib/server/module-document';
import { ARTICLE, fillBlanks } from '../fixtures/skeleton';

describe('the lesson skeleton', () => {
	const doc = lessonSkeleton({
		id: 'elm-street',
		title: 'The Elm Street library',
		article: ARTICLE
	});

	it('has the fact-checkers’ steps in order, pre-check first and post-check last', () => {
		expect(doc.steps.map((s) => s.slug)).toEqual([
			'pre-check',
			'who-is-behind-it',
			'what-is-the-evidence',
			'language-and-framing',
			'what-do-other-sources-say',
			'your-conclusion',
			'post-check'
		]);
		expect(doc.steps.every((s) => s.blocks.some((b) => 'markdown' in b))).toBe(true);
		expect(new Set(doc.questions.map((q) => q.type))).toEqual(
			new Set(['single', 'multiple', 'mark', 'sort', 'written'])
		);
	});

	it('fills templates from the source fields', () => {
		const who = doc.questions.find((q) => q.id === 'who-publisher')!;
		expect(who.prompt).toBe('Who published this text, and what do they want readers to do?');
		expect(who.type === 'single' && who.options[0]!.text).toBe(ARTICLE.publisher);
		const search = doc.questions.find((q) => q.id === 'lateral-search')!;
		expect(search.prompt).toContain(`search for ${ARTICLE.publisher}:`);
		expect(search.type === 'written' && search.rubric.length).toBeGreaterThan(0);
		expect(doc.questions.find((q) => q.id === 'who-date')!.prompt).toContain('5 March 2024');
		expect(doc.summary).toContain(`“${ARTICLE.headline}” by Jo Marsh`);
		expect(doc.article.paragraphs).toEqual(ARTICLE.paragraphs);
	});

	it('asks about the missing date when the article gives none', () => {
		const undated = lessonSkeleton({
			id: 'x',
			title: 'X',
			article: { ...ARTICLE, publishedOn: null }
		});
		expect(undated.questions.find((q) => q.id === 'who-date')!.prompt).toMatch(/gives no date/);
	});

	it('cannot be published as it comes: keys and feedback are the teacher’s to write', () => {
		let problems: string[] = [];
		try {
			loadModule(doc, 'skeleton', 0);
		} catch (error) {
			problems = (error as ModuleError).problems;
		}
		expect(problems.some((p) => /feedback: must not be empty/.test(p))).toBe(true);
		expect(problems.some((p) => /contentNote/.test(p))).toBe(true);
	});

	it('loads once its blanks are filled', () => {
		const module = loadModule(fillBlanks(doc), 'filled skeleton', 1);
		expect(module.steps).toHaveLength(7);
		expect(module.steps[0]!.check).toBe('pre');
		expect(module.steps.at(-1)!.check).toBe('post');
		expect(module.meta.source.publisher).toBe(ARTICLE.publisher);
	});

	it('loads for an undated article without author or credit line too', () => {
		const bare = lessonSkeleton({
			id: 'bare',
			title: 'Bare',
			article: { ...ARTICLE, publishedOn: null, author: 'Unknown', creditLine: null, url: null }
		});
		expect(() => loadModule(fillBlanks(bare), 'bare', 1)).not.toThrow();
	});

	it('spells dates as people write them', () => {
		expect(spellDate('2024-03-05')).toBe('5 March 2024');
		expect(spellDate('2024-11')).toBe('November 2024');
		expect(spellDate('2024')).toBe('2024');
	});
});
