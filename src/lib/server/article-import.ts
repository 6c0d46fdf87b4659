import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import mammoth from 'mammoth';
import { hasTextDirectionControl, TEXT_DIRECTION_MESSAGE } from './forms';
import { MAX_UPLOAD_FILE_BYTES } from './uploads';

/** A file refused, with a message written for the teacher who uploaded it. */
export class ArticleImportError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ArticleImportError';
	}
}

/** Article uploads may be larger than other form input (64 KB), but not without bound. */
export const ARTICLE_MAX_BYTES = MAX_UPLOAD_FILE_BYTES;
/** Far longer than any article a class reads; a lesson's draft must stay storable. */
export const ARTICLE_MAX_CHARS = 200_000;
/** What a Word file may unpack to: a small file that unpacks to far more is a zip bomb. */
const DOCX_MAX_UNPACKED_BYTES = 20 * 1024 * 1024;

export const ACCEPTED_EXTENSIONS = ['.txt', '.html', '.htm', '.docx'] as const;
const ACCEPTED_LIST = 'a text file (.txt), a web page (.html or .htm) or a Word document (.docx)';

export type ArticleFile = { name: string; type: string; bytes: Uint8Array };
export type ExtractedArticle = {
	/** Paragraphs separated by blank lines, the headline first when the document shows one. */
	text: string;
	/** The title the document declares (a web page's), to offer as the headline; null if none. */
	title: string | null;
};

// What a file really is, by its first bytes, to name it when its extension says otherwise.
const SIGNATURES: { bytes: number[]; kind: string }[] = [
	{ bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a zip archive' },
	{ bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'a PNG image' },
	{ bytes: [0xff, 0xd8, 0xff], kind: 'a JPEG image' },
	{ bytes: [0x47, 0x49, 0x46, 0x38], kind: 'a GIF image' },
	{ bytes: [0x25, 0x50, 0x44, 0x46], kind: 'a PDF document' },
	{ bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'an old Word (.doc) or Office document' }
];

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
	return prefix.every((b, i) => bytes[i] === b);
}

function binaryKind(bytes: Uint8Array): string | null {
	return SIGNATURES.find((s) => startsWith(bytes, s.bytes))?.kind ?? null;
}

function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot === -1 ? '' : name.slice(dot).toLowerCase();
}

function notWhatItSays(file: ArticleFile, what: string): ArticleImportError {
	const kind = binaryKind(file.bytes);
	const is = kind ? `This file is ${kind}` : 'This file is not ' + what;
	return new ArticleImportError(`${is}, though its name (${file.name}) says it is ${what}.`);
}

/**
 * Decodes UTF-8 text, refusing what is not text: bytes that are not UTF-8, NUL or other control
 * characters that only binary files hold.
 */
function decodeText(file: ArticleFile, what: string, encoding = 'utf-8'): string {
	let text: string;
	try {
		text = new TextDecoder(encoding, { fatal: true }).decode(file.bytes);
	} catch {
		throw notWhatItSays(file, what);
	}
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0008\u000E-\u001F\u007F]/.test(text)) throw notWhatItSays(file, what);
	return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Paragraphs as blank-line-separated text, each with its spaces collapsed. */
function joinParagraphTexts(paragraphs: string[]): string {
	return paragraphs
		.map((p) =>
			p
				.split('\n')
				.map((line) => line.replace(/\s+/g, ' ').trim())
				.filter((line) => line.length > 0)
				.join('\n')
		)
		.filter((p) => p.length > 0)
		.join('\n\n');
}

function extractText(file: ArticleFile): ExtractedArticle {
	const text = decodeText(file, 'a text file (.txt)');
	return { text: joinParagraphTexts(text.split(/\n[ \t\f\v\u00A0]*\n/)), title: null };
}

const BLOCKS = new Set(
	(
		'address article aside blockquote dd details dialog div dl dt fieldset figcaption figure ' +
		'footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody ' +
		'td th thead tfoot tr ul caption'
	).split(' ')
);
const NEVER_TEXT = new Set(
	'script style noscript template svg math iframe object embed canvas video audio select button head'.split(
		' '
	)
);
/**
 * Removes what is never the article (menus, sidebars) and a page's own header, footer and forms,
 * before Readability reads it: on a short page Readability keeps whatever text there is.
 */
function removeFurniture(document: ParentNode) {
	for (const element of Array.from(
		document.querySelectorAll('nav, aside, [role=navigation], [role=complementary]')
	)) {
		element.remove();
	}
	for (const element of Array.from(
		document.querySelectorAll('header, footer, form, [role=banner], [role=contentinfo]')
	)) {
		if (!element.parentElement?.closest('article, main, [role=main]')) element.remove();
	}
}

type DomNode = {
	nodeType: number;
	nodeName: string;
	textContent: string | null;
	childNodes: ArrayLike<DomNode>;
};

/** The text of an element as paragraphs: each block element its own, a <br> a line break. */
function paragraphsOf(root: DomNode): string[] {
	const paragraphs: string[] = [];
	let current = '';
	const flush = () => {
		if (current.trim()) paragraphs.push(current);
		current = '';
	};
	const walk = (node: DomNode) => {
		if (node.nodeType === 3) {
			current += (node.textContent ?? '').replace(/\s+/g, ' ');
			return;
		}
		if (node.nodeType !== 1) return;
		const tag = node.nodeName.toLowerCase();
		if (NEVER_TEXT.has(tag)) return;
		if (tag === 'br') {
			current += '\n';
			return;
		}
		const block = BLOCKS.has(tag);
		if (block) flush();
		for (const child of Array.from(node.childNodes)) walk(child);
		if (block) flush();
	};
	walk(root);
	flush();
	return paragraphs;
}

const squashed = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

function extractHtml(file: ArticleFile): ExtractedArticle {
	const what = 'a web page (.html)';
	let html: string;
	try {
		html = decodeText(file, what);
	} catch (error) {
		// A page saved in its own declared encoding (windows-1252, say) is still a page.
		const head = new TextDecoder('latin1').decode(file.bytes.subarray(0, 2048));
		const declared = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
		if (!declared || /^utf-?8$/i.test(declared) || binaryKind(file.bytes)) throw error;
		try {
			html = decodeText(file, what, declared);
		} catch {
			throw error;
		}
	}
	if (!/<(!doctype\s+html|html|head|body|title|article|main|p|div|h[1-6])[\s>/]/i.test(html)) {
		throw notWhatItSays(file, what);
	}

	const { document } = parseHTML(html);
	removeFurniture(document as unknown as ParentNode);
	const pageTitle = document.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim();
	// Readability changes the document it reads, so the fallback reads a fresh one.
	const article = new Readability(document as unknown as Document).parse();
	let paragraphs: string[] = [];
	if (article?.content) {
		const { document: content } = parseHTML(
			`<!doctype html><html><body>${article.content}</body></html>`
		);
		paragraphs = paragraphsOf(content.body as unknown as DomNode);
	}
	if (paragraphs.join('').trim() === '') {
		const { document: page } = parseHTML(html);
		removeFurniture(page as unknown as ParentNode);
		paragraphs = page.body ? paragraphsOf(page.body as unknown as DomNode) : [];
	}
	const title = article?.title?.replace(/\s+/g, ' ').trim() || pageTitle || null;
	// Readability drops a heading that repeats the title; the teacher's text keeps it first.
	if (title && paragraphs.length > 0 && !squashed(paragraphs[0]!).startsWith(squashed(title))) {
		paragraphs.unshift(title);
	}
	const text = joinParagraphTexts(paragraphs);
	return { text, title };
}

/**
 * The sizes a zip archive says its files unpack to, summed from its central directory; null when
 * the archive has none (it is damaged or not a zip).
 */
function unpackedSize(bytes: Uint8Array): number | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// The end-of-central-directory record is in the last 22 bytes plus a comment of up to 64 KB.
	for (let end = bytes.length - 22; end >= Math.max(0, bytes.length - 22 - 0xffff); end--) {
		if (view.getUint32(end, true) !== 0x06054b50) continue;
		const entries = view.getUint16(end + 10, true);
		let at = view.getUint32(end + 16, true);
		let total = 0;
		for (let i = 0; i < entries; i++) {
			if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return null;
			total += view.getUint32(at + 24, true);
			at +=
				46 +
				view.getUint16(at + 28, true) +
				view.getUint16(at + 30, true) +
				view.getUint16(at + 32, true);
		}
		return total;
	}
	return null;
}

async function extractDocx(file: ArticleFile): Promise<ExtractedArticle> {
	const what = 'a Word document (.docx)';
	if (!startsWith(file.bytes, [0x50, 0x4b, 0x03, 0x04])) throw notWhatItSays(file, what);
	const unpacked = unpackedSize(file.bytes);
	if (unpacked === null || unpacked > DOCX_MAX_UNPACKED_BYTES) {
		throw new ArticleImportError(
			unpacked === null
				? `This file (${file.name}) is a damaged zip archive, so it cannot be read as ${what}.`
				: `This Word document unpacks to more than ${DOCX_MAX_UNPACKED_BYTES / 1024 / 1024} MB, far more than an article's text. Save only the article, or paste its text.`
		);
	}
	let raw: string;
	try {
		const result = await mammoth.extractRawText({ buffer: Buffer.from(file.bytes) });
		raw = result.value;
	} catch {
		throw new ArticleImportError(
			`This file is a zip archive but not a Word document, though its name (${file.name}) says it is ${what}.`
		);
	}
	return { text: joinParagraphTexts(raw.replace(/\r\n?/g, '\n').split(/\n\s*\n/)), title: null };
}

/**
 * The text of an uploaded article: a .txt file as written, the main text of a web page (by
 * Readability, without its menus, scripts or any tag), or the paragraphs of a Word document.
 * A file that is not what its name says, or of another kind, is refused with an
 * ArticleImportError whose message a teacher can act on.
 */
export async function extractArticleText(file: ArticleFile): Promise<ExtractedArticle> {
	if (file.bytes.length > ARTICLE_MAX_BYTES) {
		throw new ArticleImportError(
			`This file is ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB; an article may be at most 1 MB. Save only the article's text, or paste it instead.`
		);
	}
	const extension = extensionOf(file.name);
	let extracted: ExtractedArticle;
	switch (extension) {
		case '.txt':
			extracted = extractText(file);
			break;
		case '.html':
		case '.htm':
			extracted = extractHtml(file);
			break;
		case '.docx':
			extracted = await extractDocx(file);
			break;
		default: {
			const hint =
				extension === '.doc' || extension === '.pdf' || extension === '.odt' || extension === '.rtf'
					? ` Open it and save it as a Word document (.docx), or copy its text and paste it.`
					: '';
			throw new ArticleImportError(
				`Byline cannot read ${extension ? `${extension} files` : 'a file without an extension'}. Upload ${ACCEPTED_LIST}.${hint}`
			);
		}
	}
	if (extracted.text.trim() === '') {
		throw new ArticleImportError(`This file (${file.name}) has no text in it.`);
	}
	if (extracted.text.length > ARTICLE_MAX_CHARS) {
		throw new ArticleImportError(
			`This file's text is longer than ${ARTICLE_MAX_CHARS.toLocaleString('en')} characters, far more than an article a class reads. Upload the article alone.`
		);
	}
	if (hasTextDirectionControl(extracted.text)) throw new ArticleImportError(TEXT_DIRECTION_MESSAGE);
	return extracted;
}

// Abbreviations that are always followed by more of the sentence (titles before a name and
// Latin abbreviations), and ones that may also end one, joined only when the next word is not a
// usual sentence opening.
const ALWAYS_JOINED = new Set(
	'mr mrs ms mx dr prof gen gov sen rep lt col capt sgt rev hon pres supt cmdr adm maj messrs e.g i.e cf vs viz approx'.split(
		' '
	)
);
const USUALLY_JOINED = new Set(
	(
		'st jr sr mt ft ave blvd rd inc ltd co corp bros dept univ est no nos vol fig pp p ' +
		'jan feb mar apr jun jul aug sep sept oct nov dec ' +
		'u.s u.k u.n e.u d.c a.m p.m n.y l.a etc'
	).split(' ')
);
const SENTENCE_OPENINGS = new Set(
	(
		'the a an this that these those it its he she they we i you his her their our my your ' +
		'there here in on at for as if when while after before since so but and or yet also however ' +
		'then now today yesterday tomorrow what who why how where some many most all one no not'
	).split(' ')
);

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** The word a sentence piece ends with when that word is an abbreviation's full stop. */
function endingAbbreviation(piece: string): string | null {
	const match = /(?:^|[\s(["'“‘])((?:[A-Za-z]\.){2,}|[A-Za-z]+\.)$/.exec(piece.trimEnd());
	return match ? match[1]!.slice(0, -1) : null;
}

function firstWord(piece: string): string {
	return /^[\s"'“”‘’(\[]*([\p{L}\p{N}]+)/u.exec(piece)?.[1] ?? '';
}

/** Whether the segmenter's break between two pieces is inside one sentence. */
function continuesSentence(before: string, after: string): boolean {
	const next = firstWord(after);
	// A sentence does not open in lower case: "…," he said; "why?" and left.
	if (/^[\s"'“”‘’(\[]*[\p{Ll}]/u.test(after)) return true;
	const abbreviation = endingAbbreviation(before);
	if (!abbreviation) return false;
	const lower = abbreviation.toLowerCase();
	if (ALWAYS_JOINED.has(lower)) return true;
	const opensSentence = SENTENCE_OPENINGS.has(next.toLowerCase());
	// An initial: "J. Smith", "John J. Kelly".
	if (/^[A-Z]$/.test(abbreviation)) return !opensSentence;
	if (USUALLY_JOINED.has(lower)) return /^\d/.test(next) || (!opensSentence && next !== '');
	return false;
}

/** The sentences of one paragraph, each with its spaces collapsed. */
function sentencesOf(paragraph: string): string[] {
	const pieces = Array.from(segmenter.segment(paragraph), (s) => s.segment);
	const sentences: string[] = [];
	for (const piece of pieces) {
		const last = sentences.at(-1);
		if (last !== undefined && continuesSentence(last, piece)) {
			sentences[sentences.length - 1] = last + piece;
		} else {
			sentences.push(piece);
		}
	}
	return sentences.map((s) => s.replace(/\s+/g, ' ').trim()).filter((s) => s.length > 0);
}

/**
 * The article as paragraphs of sentences. Paragraphs are split at blank lines, or at each line
 * when the text has no blank line; sentences by the Unicode sentence rules, kept whole across
 * abbreviations (Mr., U.S., Jan., J. Smith), decimals and quotations that go on ("…," he said).
 */
export function splitArticle(text: string): string[][] {
	const normalised = text
		.replace(/\r\n?/g, '\n')
		.replace(/[\u2028\u2029]/g, '\n')
		.trim();
	const blocks = /\n[ \t\f\v\u00A0]*\n/.test(normalised)
		? normalised.split(/\n[ \t\f\v\u00A0]*\n/)
		: normalised.split('\n');
	return blocks
		.map((block) => sentencesOf(block.replace(/\s+/g, ' ').trim()))
		.filter((sentences) => sentences.length > 0);
}

export type SentencePosition = { paragraph: number; sentence: number };

function checkParagraph(paragraphs: string[][], paragraph: number): string[] {
	if (!Number.isInteger(paragraph) || paragraph < 0 || paragraph >= paragraphs.length) {
		throw new RangeError(`There is no paragraph ${paragraph + 1}.`);
	}
	return paragraphs[paragraph]!;
}

function checkSentence(paragraphs: string[][], at: SentencePosition): string {
	const sentences = checkParagraph(paragraphs, at.paragraph);
	if (!Number.isInteger(at.sentence) || at.sentence < 0 || at.sentence >= sentences.length) {
		throw new RangeError(`Paragraph ${at.paragraph + 1} has no sentence ${at.sentence + 1}.`);
	}
	return sentences[at.sentence]!;
}

function replaceParagraphs(
	paragraphs: string[][],
	from: number,
	count: number,
	...replacement: string[][]
): string[][] {
	const copy = paragraphs.map((p) => [...p]);
	copy.splice(from, count, ...replacement);
	return copy;
}

/** Joins a sentence with the next one in its paragraph. */
export function joinSentences(paragraphs: string[][], at: SentencePosition): string[][] {
	const sentence = checkSentence(paragraphs, at);
	const sentences = paragraphs[at.paragraph]!;
	const next = sentences[at.sentence + 1];
	if (next === undefined) {
		throw new RangeError(
			`Sentence ${at.sentence + 1} is the last of paragraph ${at.paragraph + 1}; there is nothing after it to join.`
		);
	}
	const joined = [...sentences];
	joined.splice(at.sentence, 2, `${sentence} ${next}`);
	return replaceParagraphs(paragraphs, at.paragraph, 1, joined);
}

/** Splits a sentence in two at a character offset; both parts must have text. */
export function splitSentence(
	paragraphs: string[][],
	at: SentencePosition,
	offset: number
): string[][] {
	const sentence = checkSentence(paragraphs, at);
	if (!Number.isInteger(offset) || offset <= 0 || offset >= sentence.length) {
		throw new RangeError(`A sentence can only be split inside it, not at ${offset}.`);
	}
	const first = sentence.slice(0, offset).trim();
	const second = sentence.slice(offset).trim();
	if (!first || !second) throw new RangeError('Both parts of a split sentence need text.');
	const sentences = [...paragraphs[at.paragraph]!];
	sentences.splice(at.sentence, 1, first, second);
	return replaceParagraphs(paragraphs, at.paragraph, 1, sentences);
}

const ENDS_SENTENCE = /[.!?…]["'”’)\]]*$/;

/**
 * Joins a paragraph with the next. When the first ends in a sentence without its full stop (a
 * sentence broken across two paragraphs by copying), that sentence and the next one are joined.
 */
export function joinParagraphs(paragraphs: string[][], paragraph: number): string[][] {
	const first = checkParagraph(paragraphs, paragraph);
	const second = paragraphs[paragraph + 1];
	if (second === undefined) {
		throw new RangeError(
			`Paragraph ${paragraph + 1} is the last; there is nothing after it to join.`
		);
	}
	const last = first.at(-1);
	const joined =
		last === undefined || second.length === 0 || ENDS_SENTENCE.test(last)
			? [...first, ...second]
			: [...first.slice(0, -1), `${last} ${second[0]!}`, ...second.slice(1)];
	return replaceParagraphs(paragraphs, paragraph, 2, joined);
}

/** Starts a new paragraph at a sentence, which may not be its paragraph's first. */
export function splitParagraph(paragraphs: string[][], at: SentencePosition): string[][] {
	checkSentence(paragraphs, at);
	if (at.sentence === 0) {
		throw new RangeError(`Sentence 1 already starts paragraph ${at.paragraph + 1}.`);
	}
	const sentences = paragraphs[at.paragraph]!;
	return replaceParagraphs(
		paragraphs,
		at.paragraph,
		1,
		sentences.slice(0, at.sentence),
		sentences.slice(at.sentence)
	);
}
