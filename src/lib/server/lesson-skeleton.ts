import type { z } from 'zod';
import { FACT_CHECK_CATEGORIES } from '$lib/question-types/sort/fact-check-categories';
import { MODULE_SCHEMA_VERSION, type moduleDocumentSchema } from './module-document';

// The lesson Byline proposes for a new article: the steps a fact-checker goes through, each with a
// short introduction and question templates. Every text filled in is true of the source the teacher
// gave; keys, feedback and wrong options are left empty, so the draft cannot be published until the
// teacher has written them.

export type SkeletonArticle = {
	headline: string;
	author: string;
	publisher: string;
	/** YYYY-MM-DD, YYYY-MM or YYYY; null when the article gives no date. */
	publishedOn: string | null;
	url: string | null;
	paragraphs: string[][];
	creditLine: string | null;
};

export type SkeletonInput = { id: string; title: string; article: SkeletonArticle };

const levels = (notYet: string, developing: string, secure: string) => [
	{ score: 0, label: 'Not yet', description: notYet },
	{ score: 1, label: 'Developing', description: developing },
	{ score: 2, label: 'Secure', description: secure }
];

/** An option to write: its text, whether it is right, and the feedback a student who picks it reads. */
const option = (id: string, text = '') => ({ id, text, correct: false, feedback: '' });
/** Four options to write; the first may start from what the source fields say. */
const blankOptions = (first?: { id: string; text: string }) =>
	first
		? [option(first.id, first.text), option('b'), option('c'), option('d')]
		: [option('a'), option('b'), option('c'), option('d')];

const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

/** 2024-03-05 as “5 March 2024”; 2024-03 as “March 2024”; 2024 as itself. */
export function spellDate(date: string): string {
	const [year, month, day] = date.split('-');
	const monthName = month ? MONTHS[Number(month) - 1] : undefined;
	if (!monthName) return year!;
	return day ? `${Number(day)} ${monthName} ${year}` : `${monthName} ${year}`;
}

/** Who wrote it and for whom, in words that claim nothing the source fields do not say. */
function describeSource(article: SkeletonArticle): string {
	const by = article.author.trim() ? ` by ${article.author.trim()}` : '';
	const publisher = article.publisher.trim() ? `, published by ${article.publisher.trim()}` : '';
	return `“${article.headline}”${by}${publisher}`;
}

/** A module document as written: the shape the schema reads, before any of its checks. */
export type ModuleDraft = z.input<typeof moduleDocumentSchema>;

export function lessonSkeleton({ id, title, article }: SkeletonInput): ModuleDraft {
	const publisher = article.publisher.trim();
	const source = describeSource(article);
	const dateQuestion: ModuleDraft['questions'][number] =
		article.publishedOn === null
			? {
					type: 'single',
					id: 'who-date',
					prompt:
						'The text gives no date of publication. What can you tell about when it was written, and why does that matter?',
					options: blankOptions(),
					explanation: ''
				}
			: {
					type: 'single',
					id: 'who-date',
					prompt: `The text is dated ${spellDate(article.publishedOn)}. Why does its date matter when you weigh its claims?`,
					options: blankOptions(),
					explanation: ''
				};

	return {
		schemaVersion: MODULE_SCHEMA_VERSION,
		id,
		title,
		summary: `Read ${source}, and practise the questions fact-checkers ask: who is behind it, what is the evidence, how is it worded, and what do other sources say.`,
		objectives: [
			'Identify who is behind a text and what it wants readers to believe, from the text itself.',
			'Sort claims with two questions (could a record settle it? does the text say where it comes from?).',
			'Recognise loaded words and guesses about motives stated as facts.',
			'Plan a lateral-reading check with sources that are independent of the author.',
			'Write a reasoned judgement of how far to trust the text, using evidence from it.'
		],
		estimatedMinutes: 45,
		level: '',
		article: {
			headline: article.headline,
			author: article.author,
			publisher: article.publisher,
			publishedOn: article.publishedOn,
			url: article.url,
			contentNote: '',
			editorialNote: '',
			paragraphs: article.paragraphs,
			creditLine: article.creditLine
		},
		steps: [
			{
				slug: 'pre-check',
				title: 'Before you start',
				kind: 'pre-check',
				article: 'beside',
				blocks: [
					{
						markdown:
							'Read the text beside these questions first (on a phone it is above them). Each question takes one answer. A similar check at the end of the lesson shows what you gained, so don’t worry about mistakes.'
					},
					{ question: 'pre-source' }
				]
			},
			{
				slug: 'who-is-behind-it',
				title: 'Who is behind it?',
				kind: 'lesson',
				article: 'beside',
				blocks: [
					{
						markdown:
							'Read the whole text first. Then ask the first question fact-checkers ask: **who is behind this, and what do they want me to believe?** Look at the very end of the text as well as the beginning.'
					},
					{ question: 'who-publisher' },
					{ question: 'who-date' }
				]
			},
			{
				slug: 'what-is-the-evidence',
				title: 'What is the evidence?',
				kind: 'lesson',
				article: 'beside',
				blocks: [
					{
						markdown:
							'A claim is only as strong as what supports it. Some sentences name who said something; some lean on people nobody can identify; some state things as plain fact and say nothing about where they come from.'
					},
					{ question: 'evidence-unnamed' },
					{
						markdown:
							'Sort claims with **two questions, asked in turn**:\n\n1. *Could a record or a recording show it true or false?* If not, it is a **judgement or guess**.\n2. *If it could: does the text say where it comes from?* A named person, body, document or record is a **source given**; nothing, or only “experts” or “observers”, is **no source given**.\n\n“No source given” does not mean false. It means: check it before you rely on it.'
					},
					{ question: 'evidence-sort' }
				]
			},
			{
				slug: 'language-and-framing',
				title: 'Language and framing',
				kind: 'lesson',
				article: 'beside',
				blocks: [
					{
						markdown:
							'Writers choose words. The same thing can be described neutrally or in words that tell you how to feel about it before you are given any reasons.'
					},
					{ question: 'framing-loaded' },
					{ question: 'framing-motive' }
				]
			},
			{
				slug: 'what-do-other-sources-say',
				title: 'What do other sources say?',
				kind: 'lesson',
				article: 'beside',
				blocks: [
					{
						markdown:
							'Professional fact-checkers don’t stay on the page. They **read laterally**: they open new tabs to find out who is behind a source and whether independent sources report the same thing.'
					},
					{ question: 'lateral-first' },
					{ question: 'lateral-search' }
				]
			},
			{
				slug: 'your-conclusion',
				title: 'Your conclusion',
				kind: 'lesson',
				article: 'beside',
				blocks: [
					{
						markdown:
							'Pull together what you found. A good judgement is neither “it’s all lies” nor “it sounds convincing”: it says what the text supports, what it does not, and what a reader would need to check.'
					},
					{ question: 'conclusion' }
				]
			},
			{
				slug: 'post-check',
				title: 'Check what you learned',
				kind: 'post-check',
				article: 'beside',
				blocks: [
					{
						markdown:
							'Give one answer to each question. Your summary compares this check with the one you did at the start.'
					},
					{ question: 'post-source' }
				]
			}
		],
		questions: [
			{
				type: 'single',
				id: 'pre-source',
				skill: 'sourcing',
				once: true,
				prompt: 'What tells a reader most directly who is behind this text?',
				options: blankOptions(),
				explanation: ''
			},
			{
				type: 'single',
				id: 'who-publisher',
				prompt: 'Who published this text, and what do they want readers to do?',
				options: blankOptions({ id: 'publisher', text: publisher }),
				explanation: ''
			},
			dateQuestion,
			{
				type: 'mark',
				id: 'evidence-unnamed',
				prompt:
					'Mark every sentence that rests a claim on a source nobody can check: people or groups who are not named, or what everyone is supposed to know.',
				targets: [],
				optional: [],
				decoys: [],
				otherFeedback:
					'This sentence does not point to any outside source for its claim, vague or named.',
				explanation: ''
			},
			{
				type: 'sort',
				id: 'evidence-sort',
				skill: 'discernment',
				prompt:
					'Sort each claim by asking two questions in turn. Could a record show it true or false? If not, it is a judgement or guess. If it could, does the text say where it comes from?',
				categories: FACT_CHECK_CATEGORIES.map((category) => ({ ...category })),
				discernment: { keep: 'sourced', catch: 'unsourced' },
				claims: [],
				explanation:
					'A careful reader keeps sourced claims apart from unsourced ones without doubting everything, and treats “no source given” as “check it”, not as “false”.'
			},
			{
				type: 'mark',
				id: 'framing-loaded',
				prompt:
					'Mark every sentence that uses loaded words: words chosen to make you judge someone, not just to describe them.',
				targets: [],
				optional: [],
				decoys: [],
				otherFeedback:
					'The words in this sentence describe or argue, but do not carry a strong judgement on their own.',
				explanation: ''
			},
			{
				type: 'multiple',
				id: 'framing-motive',
				prompt:
					'Which of these sentences state a guess about what someone wants or intends as if it were a fact? Choose every answer that fits.',
				options: blankOptions(),
				explanation: ''
			},
			{
				type: 'single',
				id: 'lateral-first',
				prompt: 'Before deciding what to believe, what would a fact-checker look up first?',
				options: blankOptions(
					publisher
						? { id: 'who', text: `Who ${publisher} is, from sources with no stake in the text.` }
						: undefined
				),
				explanation: ''
			},
			{
				type: 'written',
				id: 'lateral-search',
				prompt: publisher
					? `Open a new tab and search for ${publisher}: what do other sources say about them? Name the sources you read and say why you trust them.`
					: 'Open a new tab and search for who published this text: what do other sources say about them? Name the sources you read and say why you trust them.',
				guidance:
					'Use sources that have no stake in the text: an encyclopedia, established news organisations, or a register of organisations.',
				minWords: 25,
				rubric: [
					{
						id: 'sources',
						label: 'Independent sources',
						levels: levels(
							'Names no source, or only the publisher’s own pages.',
							'Names other sources but does not say why they can be trusted.',
							'Names sources with no stake in the text and says why they can be trusted.'
						)
					},
					{
						id: 'finding',
						label: 'What they say',
						levels: levels(
							'Does not say what the sources report.',
							'Reports something general about the publisher.',
							'Reports specifically who the publisher is and what that means for the text.'
						)
					}
				],
				modelAnswer: ''
			},
			{
				type: 'written',
				id: 'conclusion',
				prompt:
					'How far should a reader trust this text? Write a short paragraph (about 4 to 8 sentences) that uses evidence from it.',
				guidance:
					'Say what you conclude, point to specific sentences (you can use paragraph numbers), think about who is behind the text, and be fair: is there anything it gets right?',
				minWords: 40,
				rubric: [
					{
						id: 'claim',
						label: 'A clear judgement',
						levels: levels(
							'No judgement, or “it is true/false” with no limits.',
							'A judgement, but not tied to the text’s main claim.',
							'A clear, qualified judgement about how far to trust the main claim.'
						)
					},
					{
						id: 'evidence',
						label: 'Evidence from the text',
						levels: levels(
							'No reference to the text’s words.',
							'Refers to the text in general terms.',
							'Points to specific sentences or words and says what they show.'
						)
					},
					{
						id: 'sourcing',
						label: 'Who is behind it',
						levels: levels(
							'Does not consider the author or publisher.',
							'Mentions the publisher without saying why it matters.',
							'Explains how the publisher and purpose affect how to read the text.'
						)
					},
					{
						id: 'fairness',
						label: 'Fairness',
						levels: levels(
							'Dismisses or accepts everything.',
							'Notes a strength or a weakness, not both.',
							'Notes what the text gets right as well as what it fails to support.'
						)
					}
				],
				modelAnswer: ''
			},
			{
				type: 'single',
				id: 'post-source',
				skill: 'sourcing',
				twinOf: 'pre-source',
				once: true,
				prompt:
					'Which clue in the text tells you most about what its publisher wants you to believe?',
				options: blankOptions(),
				explanation: ''
			}
		],
		glossary: [],
		claims: []
	};
}
