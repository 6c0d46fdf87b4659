import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	LessonError,
	buildModule,
	getModule,
	publicQuestion,
	readModuleSources,
	type ModuleSources
} from '$lib/server/lessons';
import { sentencesOf, splitSentences } from '$lib/server/article';

const SEED = '../shared/seed/000_d97785b48bdaeb61.txt';

function realSources(): ModuleSources {
	return structuredClone(readModuleSources().find((m) => m.id === 'tajik-border')!);
}

type KeyInput = { questions: Record<string, unknown>[] };

function expectBroken(sources: ModuleSources, ...fragments: string[]) {
	let message = '';
	try {
		buildModule(sources);
	} catch (error) {
		expect(error).toBeInstanceOf(LessonError);
		message = (error as Error).message;
	}
	for (const fragment of fragments) expect(message).toContain(fragment);
}

describe('the border module', () => {
	const module = getModule('tajik-border')!;

	it('has seven steps, from the pre-check to the post-check', () => {
		expect(module.steps.map((s) => s.slug)).toEqual([
			'pre-check',
			'who-is-behind-it',
			'what-is-the-evidence',
			'language-and-framing',
			'what-do-other-sources-say',
			'your-conclusion',
			'post-check'
		]);
		expect(module.steps[0]!.check).toBe('pre');
		expect(module.steps.at(-1)!.check).toBe('post');
		expect(module.questions.size).toBe(21);
	});

	it('uses every question type', () => {
		const types = new Set([...module.questions.values()].map((q) => q.type));
		expect([...types].sort()).toEqual(['mark', 'multiple', 'single', 'sort', 'written']);
	});

	it('shows the article whole, with the split sentence joined', () => {
		const sentences = sentencesOf(module.article);
		expect(sentences).toHaveLength(23);
		expect(module.article.headline.text).toBe(
			'Breakthrough of Militants from Afghanistan to Tajikistan: Myth or Reality?'
		);
		expect(
			sentences.filter((s) =>
				s.text.includes('compete with the United States in the Afghan direction, and')
			)
		).toHaveLength(1);
		expect(module.article.byline).toBe(
			'Written for the Central Media Office of Hizb ut Tahrir by Umar Farsi'
		);
	});

	it.skipIf(!existsSync(SEED))('keeps every word of the seed text, in order', () => {
		const words = (text: string) => text.replace(/[#*]/g, ' ').split(/\s+/).filter(Boolean);
		const seed = words(readFileSync(SEED, 'utf8'));
		const shown = words(
			[
				module.article.headline.text,
				...module.article.paragraphs.flatMap((p) => p.sentences.map((s) => s.text)),
				module.article.byline
			].join(' ')
		);
		expect(shown).toEqual(seed);
	});

	it('sends no key or feedback in the public view of a question', () => {
		for (const question of module.questions.values()) {
			const json = JSON.stringify(publicQuestion(question));
			expect(json).not.toMatch(/"(correct|feedback|explanation|modelAnswer|targets|category)"/);
		}
	});
});

describe('sentence splitting', () => {
	it('does not split at "i.e." and keeps question marks', () => {
		expect(splitSentences('One - i.e. two. Three? Four.')).toEqual([
			'One - i.e. two.',
			'Three?',
			'Four.'
		]);
	});
});

describe('a broken module is refused, naming the file and the field', () => {
	it('a question placed in a step but missing from the key', () => {
		const sources = realSources();
		sources.steps[0]!.source += '\n<Question id="ghost" />\n';
		expectBroken(
			sources,
			'lessons/tajik-border/01-pre-check.md',
			'<Question id="ghost" /> has no entry'
		);
	});

	it('a key question that no step places', () => {
		const sources = realSources();
		(sources.key as KeyInput).questions.push({
			...(sources.key as KeyInput).questions[0],
			id: 'orphan'
		});
		expectBroken(sources, 'key.server.ts: questions[21] (orphan)', 'no step places');
	});

	it('two questions with one id', () => {
		const sources = realSources();
		const key = sources.key as KeyInput;
		key.questions[1] = { ...key.questions[1], id: key.questions[0]!.id };
		expectBroken(sources, 'questions[1] (pre-credit-line).id: duplicate question id');
	});

	it('an option quoting words the article does not contain', () => {
		const sources = realSources();
		const options = (sources.key as KeyInput).questions[1]!.options as { text: string }[];
		options[0]!.text = '“the border was never guarded at all”';
		expectBroken(
			sources,
			'questions[1] (pre-named-source).options[0].text',
			'is not in the article'
		);
	});

	it('a mark target that matches no sentence', () => {
		const sources = realSources();
		const mark = (sources.key as KeyInput).questions.find((q) => q.type === 'mark')!;
		(mark.targets as { quote: string }[])[0]!.quote = 'words that are nowhere';
		expectBroken(sources, '(evidence-unnamed).targets[0].quote', 'matches 0 sentences');
	});

	it('a sorted claim in a category the question lacks', () => {
		const sources = realSources();
		const sort = (sources.key as KeyInput).questions.find((q) => q.type === 'sort')!;
		(sort.claims as { category: string }[])[0]!.category = 'rumour';
		expectBroken(
			sources,
			'(evidence-sort).claims[0].category',
			'"rumour" is not one of the categories'
		);
	});

	it('a single-choice question with two right answers', () => {
		const sources = realSources();
		const options = (sources.key as KeyInput).questions[0]!.options as { correct: boolean }[];
		options.forEach((o) => (o.correct = true));
		expectBroken(
			sources,
			'(pre-credit-line).options: a single-choice question needs exactly one correct option'
		);
	});

	it('module metadata without a title, and an article without its credit line', () => {
		const sources = realSources();
		delete (sources.metadata as Record<string, unknown>).title;
		sources.articleText = sources.articleText.replace(/\*\*Written[\s\S]*$/, '');
		expectBroken(
			sources,
			'lessons/tajik-border/module.md: title',
			'article.txt: the last block must be the bold credit line'
		);
	});
});
