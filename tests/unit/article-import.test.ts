import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	ArticleImportError,
	extractArticleText,
	joinParagraphs,
	joinSentences,
	splitArticle,
	splitParagraph,
	splitSentence
} from '$lib/server/article-import';
import { articleContext, checkQuotes, squash } from '$lib/question-types/article-context';
import { docx, zip } from '../../scripts/make-docx-fixture.mjs';

const FIXTURE = 'tests/fixtures/articles/noaa-stormready-2000';
const read = (extension: string) => new Uint8Array(readFileSync(`${FIXTURE}${extension}`));
const file = (name: string, bytes: Uint8Array | string, type = '') => ({
	name,
	type,
	bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes
});

async function refusal(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(ArticleImportError);
		return (error as Error).message;
	}
	throw new Error('the file was accepted');
}

const PNG = new Uint8Array([
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52
]);

describe('extractArticleText', () => {
	it('gives the same paragraphs from the .txt, .html and .docx of the fixture', async () => {
		const txt = await extractArticleText(file('release.txt', read('.txt'), 'text/plain'));
		const html = await extractArticleText(file('release.html', read('.html'), 'text/html'));
		const word = await extractArticleText(file('release.docx', read('.docx')));
		const paragraphs = splitArticle(txt.text);
		expect(paragraphs).toHaveLength(6);
		expect(paragraphs[0]).toEqual([
			'FROM TORNADOES TO TSUNAMIS, NOAA WANTS NATION TO BE STORMREADY'
		]);
		expect(paragraphs[5]![0]).toMatch(/^"The local program works so well/);
		expect(splitArticle(html.text)).toEqual(paragraphs);
		expect(splitArticle(word.text)).toEqual(paragraphs);
		// Only a web page declares a title of its own; Readability leaves out the site's name.
		expect(txt.title).toBeNull();
		expect(word.title).toBeNull();
		expect(html.title).toBe('FROM TORNADOES TO TSUNAMIS, NOAA WANTS NATION TO BE STORMREADY');
	});

	it('keeps a web page’s article and drops its scripts, styles, menus, sidebar, footer and tags', async () => {
		const { text } = await extractArticleText(file('release.htm', read('.html')));
		for (const left of [
			'SCRIPT TEXT',
			'STYLE TEXT',
			'track(',
			'dataLayer',
			'NOAA Home Page',
			'Skip to main content',
			'Related releases',
			'Contact: Keli Tarp',
			'Privacy Policy',
			'Constitution Avenue',
			'<',
			'href',
			'onclick',
			'&ndash;'
		]) {
			expect(text).not.toContain(left);
		}
		expect(text).toContain('threats – from tornadoes to tsunamis.');
		expect(text.split('\n\n')).toHaveLength(6);
	});

	it('reads a short page with no <article>, without its menus or footer', async () => {
		const page =
			'<!doctype html><html><head><title>Notice</title><script>alert(1)</script></head>' +
			'<body><nav><a href="/">Home</a></nav><p>The road reopens on <b>Monday</b>.</p>' +
			'<p>Buses run again.</p><footer>© Town</footer></body></html>';
		const { text, title } = await extractArticleText(file('notice.html', page));
		expect(title).toBe('Notice');
		expect(text).toBe('Notice\n\nThe road reopens on Monday.\n\nBuses run again.');
	});

	it('reads a page saved in the encoding it declares', async () => {
		const bytes = new Uint8Array([
			...new TextEncoder().encode('<html><head><meta charset="windows-1252"><title>Caf'),
			0xe9,
			...new TextEncoder().encode('</title></head><body><p>The caf'),
			0xe9,
			...new TextEncoder().encode(' opened.</p></body></html>')
		]);
		const { text } = await extractArticleText(file('cafe.html', bytes));
		expect(text).toContain('The café opened.');
	});

	it('keeps a text file’s paragraphs, without its byte-order mark or Windows line ends', async () => {
		const { text } = await extractArticleText(
			file('notes.txt', '\uFEFFFirst line\r\nstill first.\r\n\r\n  Second   paragraph. \r\n')
		);
		expect(text).toBe('First line\nstill first.\n\nSecond paragraph.');
		expect(splitArticle(text)).toEqual([['First line still first.'], ['Second paragraph.']]);
	});

	it('refuses a file that is not what its name says, naming what it is', async () => {
		expect(await refusal(extractArticleText(file('photo.docx', PNG)))).toBe(
			'This file is a PNG image, though its name (photo.docx) says it is a Word document (.docx).'
		);
		expect(await refusal(extractArticleText(file('photo.txt', PNG)))).toBe(
			'This file is a PNG image, though its name (photo.txt) says it is a text file (.txt).'
		);
		expect(await refusal(extractArticleText(file('photo.html', PNG)))).toMatch(
			/^This file is a PNG image, though its name \(photo\.html\) says it is a web page/
		);
		expect(await refusal(extractArticleText(file('notes.docx', 'Just some text.')))).toBe(
			'This file is not a Word document (.docx), though its name (notes.docx) says it is a Word document (.docx).'
		);
		const archive = zip({ 'readme.txt': 'not a document' });
		expect(await refusal(extractArticleText(file('archive.docx', archive)))).toMatch(
			/^This file is a zip archive but not a Word document/
		);
		expect(await refusal(extractArticleText(file('archive.txt', archive)))).toMatch(
			/^This file is a zip archive, though its name/
		);
		expect(await refusal(extractArticleText(file('plain.html', 'Just words, no markup.')))).toBe(
			'This file is not a web page (.html), though its name (plain.html) says it is a web page (.html).'
		);
	});

	it('refuses text with a NUL byte or bytes that are not UTF-8', async () => {
		expect(await refusal(extractArticleText(file('a.txt', 'Hello\u0000world')))).toMatch(
			/^This file is not a text file \(\.txt\)/
		);
		const latin1 = new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x2e]); // "Café." in Latin-1
		expect(await refusal(extractArticleText(file('a.txt', latin1)))).toMatch(
			/^This file is not a text file \(\.txt\)/
		);
	});

	it('refuses other kinds of file with a message that lists what is accepted', async () => {
		expect(await refusal(extractArticleText(file('article.pdf', '%PDF-1.4')))).toBe(
			'Byline cannot read .pdf files. Upload a text file (.txt), a web page (.html or .htm) or a Word document (.docx). Open it and save it as a Word document (.docx), or copy its text and paste it.'
		);
		expect(await refusal(extractArticleText(file('article', 'text')))).toMatch(
			/^Byline cannot read a file without an extension\. Upload a text file \(\.txt\)/
		);
	});

	it('refuses an empty file and one over 1 MB', async () => {
		expect(await refusal(extractArticleText(file('empty.txt', ' \n\n ')))).toBe(
			'This file (empty.txt) has no text in it.'
		);
		const big = new Uint8Array(1024 * 1024 + 1).fill(0x61);
		expect(await refusal(extractArticleText(file('big.txt', big)))).toMatch(
			/^This file is 1\.0 MB; an article may be at most 1 MB\./
		);
	});

	it('refuses a file whose text is far longer than an article, or hides text-direction controls', async () => {
		const long = Array.from({ length: 20_000 }, (_, i) => `Sentence number ${i}.`).join(' ');
		expect(await refusal(extractArticleText(file('long.txt', long)))).toMatch(
			/^This file's text is longer than 200,000 characters/
		);
		expect(
			await refusal(extractArticleText(file('bidi.txt', 'Read this \u202Eevil text, please.')))
		).toMatch(/hidden text-direction character/);
	});

	it('refuses a Word file that unpacks to far more than an article (a zip bomb)', async () => {
		const bomb = docx(['A headline', 'x'.repeat(30 * 1024 * 1024)]);
		expect(bomb.length).toBeLessThan(1024 * 1024);
		expect(await refusal(extractArticleText(file('bomb.docx', bomb)))).toMatch(
			/^This Word document unpacks to more than 20 MB/
		);
	});

	it('reads a Word document built by the fixture script from any paragraphs', async () => {
		const bytes = docx(['A headline', 'First “paragraph” — with & and <angle>.', 'Second.']);
		const { text } = await extractArticleText(file('made.docx', bytes));
		expect(text).toBe('A headline\n\nFirst “paragraph” — with & and <angle>.\n\nSecond.');
	});
});

describe('splitArticle', () => {
	it('does not break at abbreviations, initials or decimals', () => {
		expect(
			splitArticle(
				'Mr. Smith met Dr. Jones in the U.S. on Jan. 5. It grew 3.5 percent, e.g. in Ohio. ' +
					'J. Smith went to St. Louis. The No. 5 bus, i.e. the slow one, was late. ' +
					'The U.S. Geological Survey agreed. They moved to the U.S. The end came.'
			)
		).toEqual([
			[
				'Mr. Smith met Dr. Jones in the U.S. on Jan. 5.',
				'It grew 3.5 percent, e.g. in Ohio.',
				'J. Smith went to St. Louis.',
				'The No. 5 bus, i.e. the slow one, was late.',
				'The U.S. Geological Survey agreed.',
				'They moved to the U.S.',
				'The end came.'
			]
		]);
	});

	it('keeps a quotation that the sentence goes on after in one sentence', () => {
		expect(
			splitArticle(
				'“We will stay,” he said. "It is late." she replied. He asked "why?" and left. ' +
					'She said "No." Then she went home.'
			)
		).toEqual([
			[
				'“We will stay,” he said.',
				'"It is late." she replied.',
				'He asked "why?" and left.',
				'She said "No."',
				'Then she went home.'
			]
		]);
	});

	it('splits paragraphs at blank lines, or at lines when there are none, and collapses spaces', () => {
		expect(splitArticle('One  two.\nstill one.\n\n\n \nTwo.\n\n')).toEqual([
			['One two. still one.'],
			['Two.']
		]);
		expect(splitArticle('One.\nTwo. Three.\n\u00A0\n')).toEqual([['One.'], ['Two.', 'Three.']]);
		expect(splitArticle('  \n \n')).toEqual([]);
	});

	it('splits the fixture as a reader would', () => {
		const paragraphs = splitArticle(readFileSync(`${FIXTURE}.txt`, 'utf8'));
		expect(paragraphs.map((p) => p.length)).toEqual([1, 4, 2, 1, 2, 3]);
		expect(paragraphs[2]![0]).toBe(
			'StormReady encourages communities to take a new proactive approach to improving local hazardous weather operations and public awareness, said John J. "Jack" Kelly Jr., director of NOAA\'s National Weather Service.'
		);
	});
});

describe('joining and splitting', () => {
	const article = [['A b.', 'C d.', 'E f.'], ['G h.']];

	it('joins a sentence with the next in its paragraph', () => {
		expect(joinSentences(article, { paragraph: 0, sentence: 1 })).toEqual([
			['A b.', 'C d. E f.'],
			['G h.']
		]);
		expect(article).toEqual([['A b.', 'C d.', 'E f.'], ['G h.']]);
		expect(() => joinSentences(article, { paragraph: 0, sentence: 2 })).toThrow(RangeError);
		expect(() => joinSentences(article, { paragraph: 2, sentence: 0 })).toThrow(RangeError);
		expect(() => joinSentences(article, { paragraph: 0, sentence: -1 })).toThrow(RangeError);
		expect(() => joinSentences(article, { paragraph: 0, sentence: 0.5 })).toThrow(RangeError);
	});

	it('splits a sentence at an offset inside it, both parts with text', () => {
		const wrong = [['Mr. Smith came. He left.']];
		expect(splitSentence(wrong, { paragraph: 0, sentence: 0 }, 15)).toEqual([
			['Mr. Smith came.', 'He left.']
		]);
		expect(wrong).toEqual([['Mr. Smith came. He left.']]);
		expect(() => splitSentence(wrong, { paragraph: 0, sentence: 0 }, 0)).toThrow(RangeError);
		expect(() => splitSentence(wrong, { paragraph: 0, sentence: 0 }, 24)).toThrow(RangeError);
		expect(() => splitSentence([['A  b.']], { paragraph: 0, sentence: 0 }, 2)).not.toThrow();
		expect(() => splitSentence([['A   ']], { paragraph: 0, sentence: 0 }, 2)).toThrow(RangeError);
		expect(() => splitSentence(wrong, { paragraph: 0, sentence: 1 }, 2)).toThrow(RangeError);
	});

	it('joins a paragraph with the next, mending a sentence broken across them', () => {
		// As in the border article: a copied sentence broken in two by a stray paragraph break.
		const broken = [
			['Talks began.', 'The two sides met in'],
			['Dushanbe on Monday.', 'Both agreed.'],
			['Later.']
		];
		expect(joinParagraphs(broken, 0)).toEqual([
			['Talks began.', 'The two sides met in Dushanbe on Monday.', 'Both agreed.'],
			['Later.']
		]);
		expect(joinParagraphs(broken, 1)).toEqual([
			['Talks began.', 'The two sides met in'],
			['Dushanbe on Monday.', 'Both agreed.', 'Later.']
		]);
		expect(joinParagraphs([['He said "Go."'], ['They went.']], 0)).toEqual([
			['He said "Go."', 'They went.']
		]);
		expect(() => joinParagraphs(broken, 2)).toThrow(RangeError);
		expect(() => joinParagraphs(broken, -1)).toThrow(RangeError);
	});

	it('starts a new paragraph at a sentence that is not the first', () => {
		expect(splitParagraph(article, { paragraph: 0, sentence: 2 })).toEqual([
			['A b.', 'C d.'],
			['E f.'],
			['G h.']
		]);
		expect(article).toEqual([['A b.', 'C d.', 'E f.'], ['G h.']]);
		expect(() => splitParagraph(article, { paragraph: 0, sentence: 0 })).toThrow(RangeError);
		expect(() => splitParagraph(article, { paragraph: 0, sentence: 3 })).toThrow(RangeError);
	});
});

describe('quote matching', () => {
	const printed = '“We will not leave,” the minister said — and she\u00A0meant\u200B it… for now.';

	it('finds a quote typed with straight quotes and a hyphen in a sentence printed with curly ones and a dash', () => {
		const typed = '"We will not leave," the minister said - and she meant it...';
		expect(printed.includes(typed)).toBe(false);
		expect(squash(printed).includes(squash(typed))).toBe(true);
		expect(squash('‘a’ ‚b‛ „c‟ x′ y″ ‐‑‒–—―')).toBe(`'a' 'b' "c" x' y" ------`);
	});

	it('lets a question quote the article as a phone types it', () => {
		const context = articleContext({
			headline: { id: 's1', text: 'Talks end' },
			paragraphs: [{ sentences: [{ id: 's2', text: printed }] }],
			byline: ''
		});
		const problems: string[] = [];
		checkQuotes(context, 'q1', 'prompt', 'Why does she add “she meant it...”?', problems);
		checkQuotes(
			context,
			'q1',
			'prompt',
			'Is “"We will not leave," the minister said - and” true?',
			problems
		);
		expect(problems).toEqual([]);
		checkQuotes(context, 'q1', 'prompt', 'Is “we will leave” true?', problems);
		expect(problems).toEqual(['q1.prompt: the quote “we will leave” is not in the article']);
	});
});
