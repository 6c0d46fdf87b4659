import { describe, expect, it } from 'vitest';
import { lessonSkeleton, spellDate, type SkeletonArticle } from '$lib/server/lesson-skeleton';
import { loadModule, ModuleError } from '$lib/server/module-document';

export const ARTICLE: SkeletonArticle = {
	headline: 'Riverside council to close the Elm Street library',
	author: 'Jo Marsh',
	publisher: 'Riverside Residents for Libraries',
	publishedOn: '2024-03-05',
	url: 'https://example.org/elm-street',
	paragraphs: [
		[
			'The council voted on Tuesday to close the Elm Street library in June.',
			'Observers say the building is worth millions to developers.'
		],
		[
			'According to the council’s 2023 budget report, the library cost 410,000 pounds to run.',
			'Everyone knows the council never listens to residents.',
			'The council actually wants the land for luxury flats.'
		]
	],
	creditLine: 'Written for Riverside Residents for Libraries by Jo Marsh'
};

type Doc = ReturnType<typeof lessonSkeleton>;
type Q = Doc['questions'][number] & Record<string, unknown>;

/** What a teacher writes into the blanks: keys, feedback, wrong options, quotes from the article. */
export function fillBlanks(doc: Doc): Doc {
	const filled = structuredClone(doc) as Doc;
	filled.level = 'Ages 13 and up';
	filled.article.contentNote = 'A campaign group’s post about a library closure.';
	filled.article.editorialNote = 'Shown as published.';
	for (const question of filled.questions as Q[]) {
		if (question.type === 'single' || question.type === 'multiple') {
			const options = question.options as { text: string; correct: boolean; feedback: string }[];
			options.forEach((o, i) => {
				o.text ||= `Option ${i + 1} written by the teacher`;
				o.correct = i === 0;
				o.feedback = `Feedback ${i + 1}.`;
			});
			// The first option may have been filled from the source: keep it no longer than the rest.
			options.forEach((o, i) => {
				if (i > 0) o.text = o.text.padEnd(options[0]!.text.length, '.');
			});
			question.explanation = 'Why the right answer is right.';
		}
		if (question.type === 'mark') {
			question.targets = [
				{ quote: 'Observers say', feedback: 'Which observers?' },
				{ quote: 'Everyone knows', feedback: 'Who is everyone?' }
			];
			question.explanation = 'Vague sources cannot be checked.';
		}
		if (question.type === 'sort') {
			question.claims = [
				{
					id: 'vote',
					quote: 'The council voted on Tuesday',
					category: 'unsourced',
					feedback: 'No source.'
				},
				{
					id: 'worth',
					quote: 'the building is worth millions',
					category: 'unsourced',
					feedback: 'Observers.'
				},
				{
					id: 'budget',
					quote: 'According to the council’s 2023 budget report',
					category: 'sourced',
					feedback: 'A named report.'
				},
				{
					id: 'budget-cost',
					quote: 'the library cost 410,000 pounds to run',
					category: 'sourced',
					feedback: 'The report.'
				},
				{
					id: 'wants',
					quote: 'The council actually wants the land',
					category: 'judgement',
					feedback: 'A motive.'
				},
				{
					id: 'never',
					quote: 'the council never listens to residents',
					category: 'judgement',
					feedback: 'A sweeping judgement.'
				}
			];
		}
		if (question.type === 'written') question.modelAnswer = 'A model answer.';
	}
	return filled;
}

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
