export type Sentence = { id: string; text: string };
export type ArticleParagraph = { sentences: Sentence[] };
export type Article = {
	headline: Sentence;
	paragraphs: ArticleParagraph[];
	/** The credit line at the foot, shown as printed. */
	byline: string;
};

// "i.e." and "e.g." end in a full stop but not a sentence; this article uses "i.e." twice.
const ABBREVIATIONS = /\b(?:i\.e|e\.g|etc|vs|Mr|Mrs|Ms|Dr|St|No)\.$/;

/** Splits a paragraph at . ? ! followed by a space and a capital, quote or digit. */
export function splitSentences(paragraph: string): string[] {
	const sentences: string[] = [];
	let start = 0;
	const boundary = /[.?!]["”’)]?(?=\s+["“‘(]?[A-Z0-9])/g;
	for (let match = boundary.exec(paragraph); match; match = boundary.exec(paragraph)) {
		const end = match.index + match[0].length;
		if (ABBREVIATIONS.test(paragraph.slice(start, end))) continue;
		sentences.push(paragraph.slice(start, end).trim());
		start = end;
	}
	const rest = paragraph.slice(start).trim();
	if (rest) sentences.push(rest);
	return sentences;
}

/**
 * Reads the article file: a `## ` headline, plain paragraphs, and a bold credit line at the end.
 * Sentence ids count from the headline (s1) through the body in order, so they are stable for as
 * long as the text is.
 */
export function parseArticle(text: string, file = 'article.txt'): Article {
	const blocks = text
		.replace(/\r\n/g, '\n')
		.split(/\n\s*\n/)
		.map((block) => block.trim())
		.filter(Boolean);
	const [first, ...rest] = blocks;
	if (!first?.startsWith('## '))
		throw new Error(`${file}: the first block must be a "## " headline.`);
	const last = rest.at(-1);
	if (!last || !/^\*\*[\s\S]+\*\*$/.test(last)) {
		throw new Error(`${file}: the last block must be the bold credit line (**…**).`);
	}
	let counter = 0;
	const sentence = (text: string): Sentence => ({ id: `s${++counter}`, text });
	const headline = sentence(first.slice(3).trim());
	const paragraphs = rest.slice(0, -1).map((block) => {
		if (block.includes('\n')) {
			throw new Error(`${file}: a paragraph is broken across lines: "${block.slice(0, 60)}…"`);
		}
		return { sentences: splitSentences(block).map(sentence) };
	});
	const byline = last
		.slice(2, -2)
		.replace(/\s*\n\s*/g, ' ')
		.trim();
	return { headline, paragraphs, byline };
}

export function sentencesOf(article: Article): Sentence[] {
	return [article.headline, ...article.paragraphs.flatMap((p) => p.sentences)];
}
