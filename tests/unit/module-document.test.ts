import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModuleError, loadModule, readModuleText } from '$lib/server/module-document';
import { shippedModule } from '$lib/server/modules';
import { renderMarkdown } from '$lib/server/markdown';
import { sentencesOf } from '$lib/server/article';
import { publicQuestion } from '$lib/question-types/registry.server';

const SEED = '../shared/seed/000_d97785b48bdaeb61.txt';
const FILE = 'lessons/tajik-border/v1.yaml';

type Doc = Record<string, any>;

/** The shipped document, as its file reads, to break one thing in. */
function shippedDocument(): Doc {
	return readModuleText(readFileSync(FILE, 'utf8'), FILE) as Doc;
}

function expectBroken(document: Doc, ...fragments: string[]) {
	let message = '';
	try {
		loadModule(document, FILE, 1);
	} catch (error) {
		expect(error).toBeInstanceOf(ModuleError);
		message = (error as Error).message;
	}
	expect(message).toContain(`The lesson module in ${FILE} is broken`);
	for (const fragment of fragments) expect(message).toContain(fragment);
}

describe('the border module, version 1', () => {
	const module = shippedModule('tajik-border', 1)!;

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

	it('shows the article whole, with the split sentence joined, sentences numbered from the headline', () => {
		const sentences = sentencesOf(module.article);
		expect(sentences).toHaveLength(23);
		expect(sentences.map((s) => s.id)).toEqual(sentences.map((_, i) => `s${i + 1}`));
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

	it('renders step prose from Markdown', () => {
		const first = module.steps[1]!.blocks[0]!;
		expect('markdownHtml' in first && first.markdownHtml).toContain(
			'<strong>who is behind this, and what do they\nwant me to believe?</strong>'
		);
	});
});

describe('the border module, version 2', () => {
	const v1 = shippedModule('tajik-border', 1)!;
	const v2 = shippedModule('tajik-border', 2)!;

	it('shows the same article, word for word, as version 1', () => {
		expect(v2.article).toEqual(v1.article);
	});

	it('gives the pre-, post- and delayed checks a passage each, none of it from the article', () => {
		const checks = v2.steps.filter((s) => s.check);
		expect(checks.map((s) => s.check)).toEqual(['pre', 'post', 'delayed']);
		expect(v2.steps.at(-1)!.check).toBe('delayed');
		const passages = checks.map((s) => s.passage!);
		expect(new Set(passages.map((p) => p.headline.text)).size).toBe(3);
		const article = sentencesOf(v2.article).map((s) => s.text);
		for (const step of checks) {
			expect(step.questionIds.map((id) => v2.questions.get(id)!.type)).toEqual([
				'single',
				'single',
				'single',
				'sort'
			]);
			// The loader holds each check's quotes to its own passage; no passage repeats the article.
			for (const sentence of sentencesOf(step.passage!))
				expect(article).not.toContain(sentence.text);
		}
	});

	it('measures discernment in every form: three sourced and three unsourced claims, two judgements', () => {
		for (const form of ['pre', 'post', 'delayed']) {
			const step = v2.steps.find((s) => s.check === form)!;
			const sort = step.questionIds
				.map((id) => v2.questions.get(id)!)
				.find((q) => q.type === 'sort');
			if (sort?.type !== 'sort') throw new Error(`no sort in the ${form} check`);
			expect(sort.discernment).toEqual({ keep: 'sourced', catch: 'unsourced' });
			const count = (category: string) => sort.claims.filter((c) => c.category === category).length;
			expect([count('sourced'), count('unsourced'), count('judgement')]).toEqual([3, 3, 2]);
		}
	});

	it('keys claims of every paragraph in the claim table, each with its paragraph', () => {
		const paragraphs = new Set(v2.claims.map((c) => c.paragraph));
		expect([...paragraphs].sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(v2.claims.filter((c) => c.class === 'sourced').length).toBeGreaterThanOrEqual(3);
		expect(v2.claims.every((c) => c.reason && c.check)).toBe(true);
	});

	it('explains the hard words of the article, each found in it', () => {
		const text = sentencesOf(v2.article)
			.map((s) => s.text)
			.join(' ')
			.toLowerCase();
		expect(v2.glossary.map((e) => e.term)).toEqual(
			expect.arrayContaining(['ratified', 'Lower House', 'sovereignty', 'Rakhmon'])
		);
		for (const entry of v2.glossary) expect(text).toContain(entry.term.toLowerCase());
	});
});

describe('prose a teacher types never becomes code', () => {
	it('shows HTML as text, drops script links, and keeps plain formatting', () => {
		const html = renderMarkdown(
			'**Bold** <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n' +
				'[a link](javascript:alert(1)) [ok](https://example.org) # not a heading\n\n# Heading'
		);
		expect(html).toContain('<strong>Bold</strong>');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(html).not.toMatch(/<script|<img|href="javascript/);
		expect(html).toContain('<a href="https://example.org" rel="noopener noreferrer">ok</a>');
		expect(html).toContain('<h2>Heading</h2>');
	});
});

describe('a broken module is refused, naming the file and the field', () => {
	it('a question placed in a step but not defined', () => {
		const document = shippedDocument();
		document.steps[0].blocks.push({ question: 'ghost' });
		expectBroken(
			document,
			'steps[0] (pre-check).blocks[4].question',
			'no question has the id "ghost"'
		);
	});

	it('a question that no step places', () => {
		const document = shippedDocument();
		document.questions.push({ ...document.questions[0], id: 'orphan' });
		expectBroken(document, 'questions[21] (orphan): no step places it');
	});

	it('two questions with one id', () => {
		const document = shippedDocument();
		document.questions[1] = { ...document.questions[1], id: document.questions[0].id };
		expectBroken(document, 'questions[1] (pre-credit-line).id: another question has this id');
	});

	it('an option quoting words the article does not contain', () => {
		const document = shippedDocument();
		document.questions[1].options[0].text = '“the border was never guarded at all”';
		expectBroken(
			document,
			'questions[1] (pre-named-source).options[0].text',
			'is not in the article'
		);
	});

	it('an option without feedback', () => {
		const document = shippedDocument();
		delete document.questions[2].options[1].feedback;
		expectBroken(document, 'questions[2] (pre-loaded-words).options[1].feedback');
	});

	it('a mark target that matches no sentence', () => {
		const document = shippedDocument();
		const mark = document.questions.find((q: Doc) => q.type === 'mark');
		mark.targets[0].quote = 'words that are nowhere';
		expectBroken(document, '(evidence-unnamed).targets[0].quote', 'matches 0 sentences');
	});

	it('a sorted claim in a category the question lacks', () => {
		const document = shippedDocument();
		const sort = document.questions.find((q: Doc) => q.type === 'sort');
		sort.claims[0].category = 'rumour';
		expectBroken(
			document,
			'(evidence-sort).claims[0].category',
			'"rumour" is not one of the categories'
		);
	});

	it('a single-choice question with two right answers', () => {
		const document = shippedDocument();
		for (const option of document.questions[0].options) option.correct = true;
		expectBroken(
			document,
			'(pre-credit-line).options: a single-choice question needs exactly one correct option'
		);
	});

	it('no title, an unknown field, a schema version this Byline cannot read', () => {
		const document = shippedDocument();
		delete document.title;
		document.article.headlin = 'typo';
		document.schemaVersion = 3;
		expectBroken(
			document,
			'title:',
			'article: Unrecognized key: "headlin"',
			'schemaVersion: this Byline reads schemaVersion 1 or 2'
		);
	});

	it('a glossary that explains one word twice', () => {
		const document = shippedDocument();
		document.glossary = [
			{ term: 'Ratify', definition: 'To approve formally.' },
			{ term: 'ratify', definition: 'To sign.' }
		];
		expectBroken(document, 'glossary[1].term: "ratify" is explained twice');
	});

	it('text that is not YAML', () => {
		expect(() => readModuleText('title: [unclosed', FILE)).toThrow(ModuleError);
	});
});
