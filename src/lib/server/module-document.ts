import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
	questionKeySchema,
	resolveQuestion,
	type ResolvedQuestion
} from '$lib/question-types/registry.server';
import {
	articleContext,
	checkQuotes,
	squash,
	type ArticleContext
} from '$lib/question-types/article-context';
import { id as slug, text } from '$lib/question-types/shared.server';
import type { CheckForm, StepBlock } from '$lib/lesson';
import type { Article, Sentence } from './article';
import { renderMarkdown } from './markdown';
import { itemWritingProblems } from './module-rules';

// A module is one document: metadata, the article with its source, steps of Markdown prose that
// place questions, the questions with their keys and feedback, and a glossary. The same schema and
// checks load a shipped module from lessons/ and a stored version from the database.

/** The format new modules are written in. Version 1 documents still load, without the item-writing rules. */
export const MODULE_SCHEMA_VERSION = 2;
const READABLE_SCHEMA_VERSIONS = [1, 2] as const;

const line = text.regex(/^[^\n]*$/, 'must be one line');

const articleSchema = z
	.object({
		headline: line,
		author: text,
		publisher: text,
		publishedOn: z
			.string()
			.regex(/^\d{4}(-\d\d(-\d\d)?)?$/, 'write the date as YYYY-MM-DD, YYYY-MM or YYYY')
			.nullable()
			.describe('null when the article gives no date: itself a finding for the lesson'),
		url: z
			.url({ protocol: /^https?$/, error: 'must be an http or https address' })
			.nullable()
			.describe('Where the article was published; null when it has no address'),
		contentNote: text.describe(
			'Shown before the lesson starts: what the text is, and why it is shown'
		),
		editorialNote: text.describe(
			'How the text was prepared for the lesson, e.g. a repaired line break'
		),
		paragraphs: z
			.array(z.array(line).min(1, 'a paragraph needs a sentence'))
			.min(1)
			.describe("The article's paragraphs, each a list of its sentences, as students see them"),
		creditLine: line.nullable().describe('The credit line at the foot, as printed; null if none')
	})
	.strict();

const passageSchema = z
	.object({
		headline: line,
		note: text.describe('Shown above the passage, e.g. that it was written for the check'),
		paragraphs: z.array(z.array(line).min(1, 'a paragraph needs a sentence')).min(1),
		creditLine: line.nullable()
	})
	.strict()
	.describe(
		"A short text of the check's own, shown in place of the article: parallel forms on different passages measure transfer, not recall"
	);

const claimSchema = z
	.object({
		quote: text.describe('The claim, word for word from the article'),
		class: z
			.enum(['sourced', 'unsourced', 'judgement'])
			.describe(
				'Could a record show it true or false (if not: judgement)? If so, does the article say where it comes from?'
			),
		reason: text.describe('Why it is in that class, from the words of the article'),
		check: text.describe(
			'How a fact-checker would check it (Markdown); an outside fact named here cites its source'
		)
	})
	.strict();

const blockSchema = z.union([
	z.object({ markdown: text }).strict(),
	z.object({ question: slug }).strict()
]);

const stepSchema = z
	.object({
		slug,
		title: line,
		kind: z
			.enum(['pre-check', 'lesson', 'post-check', 'delayed-check'])
			.describe(
				"Pre-, post- and delayed checks are scored apart and compared for each student's gain; the teacher opens the delayed check days after the lesson"
			),
		article: z
			.enum(['beside', 'none'])
			.describe(
				"Whether the article (or the step's passage) is shown beside this step (mark questions always show it)"
			),
		passage: passageSchema.optional(),
		blocks: z
			.array(blockSchema)
			.min(1, 'a step needs prose or a question')
			.describe('Markdown prose and question placements, in order')
	})
	.strict();

export const moduleDocumentSchema = z
	.object({
		$schema: z.string().optional(),
		schemaVersion: z
			.literal(READABLE_SCHEMA_VERSIONS, {
				error: `this Byline reads schemaVersion ${READABLE_SCHEMA_VERSIONS.join(' or ')}`
			})
			.describe('The version of this format the document is written in'),
		id: slug.describe("The module's id, the same in every version"),
		title: line,
		summary: text,
		objectives: z.array(text).min(1),
		estimatedMinutes: z.number().int().positive(),
		level: line,
		article: articleSchema,
		steps: z.array(stepSchema).min(1),
		questions: z.array(questionKeySchema).min(1),
		glossary: z
			.array(z.object({ term: line, definition: text }).strict())
			.default([])
			.describe('Hard words of the article or the lesson, explained'),
		claims: z
			.array(claimSchema)
			.default([])
			.describe("The article's claims for the teacher guide's claim table")
	})
	.strict();

export type ModuleDocument = z.output<typeof moduleDocumentSchema>;

export type Step = {
	slug: string;
	number: number;
	title: string;
	kind: ModuleDocument['steps'][number]['kind'];
	check?: CheckForm;
	passage?: Article & { note: string };
	article: 'beside' | 'none';
	blocks: StepBlock[];
	questionIds: string[];
};

const checkForms: Record<ModuleDocument['steps'][number]['kind'], CheckForm | undefined> = {
	'pre-check': 'pre',
	lesson: undefined,
	'post-check': 'post',
	'delayed-check': 'delayed'
};

export type ModuleQuestion = ResolvedQuestion & { stepSlug: string };
export type ClaimRow = ModuleDocument['claims'][number] & { paragraph: number | null };

export type LessonModule = {
	id: string;
	version: number;
	/** The validated document, as it is stored and exported. */
	document: ModuleDocument;
	meta: {
		title: string;
		summary: string;
		objectives: string[];
		estimatedMinutes: number;
		level: string;
		contentNote: string;
		source: {
			author: string;
			publisher: string;
			note: string;
			publishedOn: string | null;
			url: string | null;
		};
	};
	article: Article;
	steps: Step[];
	questions: Map<string, ModuleQuestion>;
	glossary: { term: string; definition: string }[];
	/** The claim table of the teacher guide, each claim with the paragraph it is in (0: the headline). */
	claims: ClaimRow[];
};

export class ModuleError extends Error {
	constructor(
		readonly origin: string,
		readonly problems: string[]
	) {
		super(`The lesson module in ${origin} is broken:\n  ${problems.join('\n  ')}`);
	}
}

/** `questions[3].options[1]`, with the question's id where the document gives one. */
function fieldName(path: PropertyKey[], document: unknown): string {
	let name = '';
	path.forEach((part, i) => {
		name += typeof part === 'number' ? `[${part}]` : `${name ? '.' : ''}${String(part)}`;
		if (i === 1 && path[0] === 'questions' && typeof part === 'number') {
			const id = (document as { questions?: { id?: unknown }[] })?.questions?.[part]?.id;
			if (typeof id === 'string') name += ` (${id})`;
		}
	});
	return name || '(root)';
}

/** Reads a module file's text (YAML, of which JSON is a subset). */
export function readModuleText(source: string, origin: string): unknown {
	try {
		return parseYaml(source, { prettyErrors: true });
	} catch (error) {
		throw new ModuleError(origin, [(error as Error).message]);
	}
}

/** The article as the lesson shows it: sentence ids count from the headline (s1) on. */
function buildArticle(
	article: Pick<ModuleDocument['article'], 'headline' | 'paragraphs' | 'creditLine'>
): Article {
	let counter = 0;
	const sentence = (text: string): Sentence => ({ id: `s${++counter}`, text });
	return {
		headline: sentence(article.headline),
		paragraphs: article.paragraphs.map((sentences) => ({ sentences: sentences.map(sentence) })),
		byline: article.creditLine ?? ''
	};
}

/** The paragraph of the article a quote is in: 0 for the headline, null if none holds it whole. */
function paragraphOf(article: Article, quote: string): number | null {
	const wanted = squash(quote);
	if (squash(article.headline.text).includes(wanted)) return 0;
	const index = article.paragraphs.findIndex((p) =>
		squash(p.sentences.map((s) => s.text).join(' ')).includes(wanted)
	);
	return index === -1 ? null : index + 1;
}

/**
 * Validates a module document and builds what the app serves. Every problem is reported at once,
 * each naming where the document came from, the field and the reason.
 */
export function loadModule(input: unknown, origin: string, version: number): LessonModule {
	const parsed = moduleDocumentSchema.safeParse(input);
	if (!parsed.success) {
		throw new ModuleError(
			origin,
			parsed.error.issues.map((issue) => `${fieldName(issue.path, input)}: ${issue.message}`)
		);
	}
	const document = parsed.data;
	const problems: string[] = [];
	const article = buildArticle(document.article);
	const context = articleContext(article);

	const placedIn = new Map<string, string>();
	const steps: Step[] = document.steps.map((step, index) => {
		const at = `steps[${index}] (${step.slug})`;
		if (document.steps.findIndex((s) => s.slug === step.slug) !== index) {
			problems.push(`${at}.slug: another step has this slug`);
		}
		const questionIds: string[] = [];
		const blocks = step.blocks.map((block, b): StepBlock => {
			if ('markdown' in block) return { markdownHtml: renderMarkdown(block.markdown) };
			if (placedIn.has(block.question)) {
				problems.push(
					`${at}.blocks[${b}].question: "${block.question}" is also placed in ${placedIn.get(block.question)}`
				);
			}
			placedIn.set(block.question, at);
			if (!document.questions.some((q) => q.id === block.question)) {
				problems.push(`${at}.blocks[${b}].question: no question has the id "${block.question}"`);
			}
			questionIds.push(block.question);
			return { questionId: block.question };
		});
		return {
			slug: step.slug,
			number: index + 1,
			title: step.title,
			kind: step.kind,
			check: checkForms[step.kind],
			passage: step.passage && { ...buildArticle(step.passage), note: step.passage.note },
			article: step.article,
			blocks,
			questionIds
		};
	});
	const delayedSteps = steps.filter((s) => s.check === 'delayed');
	if (delayedSteps.length > 0 && steps.at(-1) !== delayedSteps[0]) {
		problems.push(`steps: a delayed check must be the last step, and there can be only one`);
	}

	const questions = new Map<string, ModuleQuestion>();
	document.questions.forEach((key, index) => {
		const at = `questions[${index}] (${key.id})`;
		if (questions.has(key.id)) problems.push(`${at}.id: another question has this id`);
		const step = steps.find((s) => s.questionIds.includes(key.id));
		if (!step) problems.push(`${at}: no step places it (add { question: ${key.id} } to a step)`);
		// A question on a step with its own passage quotes that passage, not the article.
		const quotesFrom: ArticleContext = step?.passage ? articleContext(step.passage) : context;
		if (step?.passage && key.type === 'mark') {
			problems.push(`${at}: a marking question cannot be placed on a step with its own passage`);
		}
		checkQuotes(quotesFrom, at, 'prompt', key.prompt, problems);
		const resolved = resolveQuestion(key, quotesFrom, at, problems);
		questions.set(key.id, { ...resolved, stepSlug: step?.slug ?? '' });
	});

	document.glossary.forEach((entry, index) => {
		const term = entry.term.toLowerCase();
		if (document.glossary.findIndex((e) => e.term.toLowerCase() === term) !== index) {
			problems.push(`glossary[${index}].term: "${entry.term}" is explained twice`);
		}
	});

	const claims = document.claims.map((claim, index) => {
		checkQuotes(context, `claims[${index}]`, 'quote', `“${claim.quote}”`, problems);
		return { ...claim, paragraph: paragraphOf(article, claim.quote) };
	});

	if (document.schemaVersion >= 2) problems.push(...itemWritingProblems(document, steps));
	if (problems.length > 0) throw new ModuleError(origin, problems);
	const source = document.article;
	return {
		id: document.id,
		version,
		document,
		meta: {
			title: document.title,
			summary: document.summary,
			objectives: document.objectives,
			estimatedMinutes: document.estimatedMinutes,
			level: document.level,
			contentNote: source.contentNote,
			source: {
				author: source.author,
				publisher: source.publisher,
				note: source.editorialNote,
				publishedOn: source.publishedOn,
				url: source.url
			}
		},
		article,
		steps,
		questions,
		glossary: document.glossary,
		claims
	};
}
