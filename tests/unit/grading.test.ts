import { describe, expect, it } from 'vitest';
import { shippedModule } from '$lib/server/modules';
import { grade, parseSubmission, type ResolvedQuestion } from '$lib/question-types/registry.server';
import { articleContext } from '$lib/question-types/article-context';
import { sentencesOf } from '$lib/server/article';
import type { Answer } from '$lib/lesson';

const module = shippedModule('tajik-border', 1)!;
const question = (id: string) => module.questions.get(id)!;
const ctx = articleContext(module.article);
const idOf = (fragment: string) =>
	sentencesOf(module.article).find((s) => s.text.includes(fragment))!.id;

function form(entries: [string, string][]) {
	const data = new FormData();
	for (const [key, value] of entries) data.append(key, value);
	return data;
}

function parse(q: ResolvedQuestion, entries: [string, string][], complete = true) {
	return parseSubmission(q, form(entries), ctx, complete);
}

describe('single choice', () => {
	const q = question('who-credit');
	it('scores the right option 1 and any other 0, with feedback on every option', () => {
		const right = grade(q, { type: 'single', options: ['farsi'] });
		expect(right).toMatchObject({ score: 1, correct: true });
		const wrong = grade(q, { type: 'single', options: ['shohiyon'] });
		expect(wrong).toMatchObject({ score: 0, correct: false });
		if (wrong.detail.type !== 'single') throw new Error('expected choice detail');
		expect(wrong.detail.options).toHaveLength(4);
		expect(wrong.detail.options.every((o) => o.feedback.length > 10)).toBe(true);
		expect(wrong.detail.options.find((o) => o.id === 'shohiyon')).toMatchObject({
			chosen: true,
			correct: false
		});
	});
});

describe('multiple choice', () => {
	const q = question('who-purpose');
	const score = (options: string[]) => grade(q, { type: 'multiple', options }).score;
	it('gives partial credit, and each wrong pick cancels a right one', () => {
		expect(score(['imaginary', 'russia-excuse', 'regime-fear'])).toBe(1);
		expect(score(['imaginary', 'russia-excuse'])).toBeCloseTo(2 / 3);
		expect(score(['imaginary', 'russia-excuse', 'regime-fear', 'join'])).toBeCloseTo(2 / 3);
		expect(
			score(['imaginary', 'russia-excuse', 'regime-fear', 'join', 'no-smuggling'])
		).toBeCloseTo(1 / 3);
		expect(score(['join', 'no-smuggling'])).toBe(0);
	});
});

describe('mark the passage', () => {
	const q = question('evidence-unnamed');
	const targets = [
		idOf('Tajik and Russian experts and officials'),
		idOf('so much talked about by Russian media'),
		idOf('Observers do not exclude')
	];
	const optional = idOf('according to the data received');
	const decoy = idOf('Abdusattor Shohiyon said');
	const mark = (sentences: string[]) => grade(q, { type: 'mark', sentences });

	it('scores hits against false marks', () => {
		expect(mark(targets)).toMatchObject({ score: 1, correct: true });
		expect(mark(targets.slice(0, 2)).score).toBeCloseTo(2 / 3);
		expect(mark([...targets, decoy]).score).toBeCloseTo(2 / 3);
		expect(mark([decoy, idOf('ratified the Agreement')]).score).toBe(0);
	});

	it('neither rewards nor penalises a sentence that may go either way', () => {
		expect(mark([...targets, optional])).toMatchObject({ score: 1, correct: true });
	});

	it('gives feedback on each marked sentence and shows the ones missed', () => {
		const result = mark([targets[0]!, decoy]);
		if (result.detail.type !== 'mark') throw new Error('expected mark detail');
		const byId = new Map(result.detail.sentences.map((s) => [s.id, s]));
		expect(byId.get(decoy)).toMatchObject({ marked: true, role: 'other' });
		expect(byId.get(decoy)!.feedback).toContain('named source');
		expect(byId.get(targets[2]!)).toMatchObject({ marked: false, role: 'target' });
		expect(result.detail).toMatchObject({ hits: 1, falseMarks: 1, targets: 3 });
	});
});

describe('sort the claims', () => {
	const q = question('evidence-sort');
	if (q.type !== 'sort') throw new Error('expected a sort question');
	const all = (category: string): Answer => ({
		type: 'sort',
		placements: Object.fromEntries(q.claims.map((c) => [c.id, category]))
	});
	const perfect: Answer = {
		type: 'sort',
		placements: Object.fromEntries(q.claims.map((c) => [c.id, c.category]))
	};

	it('scores a perfect sort 1', () => {
		expect(grade(q, perfect)).toMatchObject({ score: 1, correct: true });
	});

	it('does not reward calling everything unsupported: discernment shows facts lost', () => {
		const result = grade(q, all('unsupported'));
		expect(result.score).toBeCloseTo(1 / 3);
		if (result.detail.type !== 'sort') throw new Error('expected sort detail');
		expect(result.detail.recall).toEqual({ fact: 0, opinion: 0, unsupported: 1 });
	});

	it('gives feedback for every claim, with the best fit', () => {
		const result = grade(q, all('fact'));
		if (result.detail.type !== 'sort') throw new Error('expected sort detail');
		expect(result.detail.claims).toHaveLength(q.claims.length);
		expect(result.detail.claims.find((c) => c.id === 'smugglers')).toMatchObject({
			chosen: 'fact',
			correct: 'unsupported'
		});
	});
});

describe('written answers', () => {
	it('are left for the teacher to score and reveal the model answer', () => {
		const result = grade(question('conclusion'), {
			type: 'written',
			text: 'x',
			selfAssessment: {}
		});
		expect(result.score).toBeNull();
		if (result.detail.type !== 'written') throw new Error('expected written detail');
		expect(result.detail.modelAnswer).toContain('Central Media Office');
	});
});

describe('reading a submission', () => {
	it('refuses options, sentences, categories and claims the question does not have', () => {
		expect(
			parse(question('who-credit'), [
				['option', 'nope'],
				['confidence', 'low']
			]).error
		).toMatch(/not part/);
		expect(
			parse(question('who-credit'), [
				['option', 'farsi'],
				['option', 'parliament'],
				['confidence', 'low']
			]).error
		).toMatch(/one answer/);
		expect(parse(question('evidence-unnamed'), [['sentence', 's999']]).error).toMatch(
			/not part of the article/
		);
		expect(
			parse(question('evidence-sort'), [
				['claim-bases', 'gossip'],
				['confidence', 'low']
			]).error
		).toMatch(/category/);
		expect(
			parse(question('evidence-sort'), [
				['claim-invented', 'fact'],
				['confidence', 'low']
			]).error
		).toMatch(/not part/);
		expect(
			parse(question('who-credit'), [
				['option', 'farsi'],
				['confidence', 'sure!']
			]).error
		).toMatch(/how sure/i);
	});

	it('asks for confidence, a complete sort and enough words before checking', () => {
		expect(parse(question('who-credit'), [['option', 'farsi']]).error).toMatch(/how sure/);
		expect(
			parse(question('evidence-sort'), [
				['claim-bases', 'fact'],
				['confidence', 'high']
			]).error
		).toMatch(/every claim/);
		expect(parse(question('conclusion'), [['text', 'Too short.']]).error).toMatch(
			/at least 40 words/
		);
		expect(parse(question('conclusion'), [['text', 'x'.repeat(5001)]]).error).toMatch(/5000/);
	});

	it('names every missing field at once: the answer and the confidence', () => {
		const { error } = parse(question('who-credit'), []);
		expect(error).toMatch(/Choose an answer/);
		expect(error).toMatch(/how sure/);
		const sort = parse(question('evidence-sort'), [['confidence', 'sure!']]).error;
		expect(sort).toMatch(/every claim/);
		expect(sort).toMatch(/from the list/);
	});

	it('accepts half-done drafts', () => {
		const draft = parse(question('evidence-sort'), [['claim-bases', 'fact']], false);
		expect(draft.submission?.answer).toEqual({ type: 'sort', placements: { bases: 'fact' } });
	});

	it('reads a complete answer with confidence and self-assessment', () => {
		expect(
			parse(question('who-purpose'), [
				['option', 'imaginary'],
				['option', 'imaginary'],
				['confidence', 'high']
			]).submission
		).toEqual({
			answer: { type: 'multiple', options: ['imaginary'] },
			confidence: 'high'
		});
		const text = 'word '.repeat(45);
		expect(
			parse(question('conclusion'), [
				['text', text],
				['self-claim', '2']
			]).submission?.answer
		).toEqual({
			type: 'written',
			text,
			selfAssessment: { claim: 2 }
		});
		expect(
			parse(question('conclusion'), [
				['text', text],
				['self-claim', '7']
			]).error
		).toMatch(/rubric/);
	});
});
