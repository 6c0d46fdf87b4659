import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
	questionKeySchema,
	resolveQuestion,
	type ResolvedQuestion
} from '$lib/question-types/registry.server';
import { articleContext, checkQuotes } from '$lib/question-types/article-context';
import { id as slug, text } from '$lib/question-types/shared.server';
import type { StepBlock } from '$lib/lesson';
import type { Article, Sentence } from './article';
import { renderMarkdown } from './markdown';

// A module is one document: metadata, the article with its source, steps of Markdown prose that
// place questions, the questions with their keys and feedback, and a glossary. The same schema and
// checks load a shipped module from lessons/ and a stored version from the database.

export const MODULE_SCHEMA_VERSION = 1;

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

const blockSchema = z.union([
	z.object({ markdown: text }).strict(),
	z.object({ question: slug }).strict()
]);

const stepSchema = z
	.object({
		slug,
		title: line,
		kind: z
			.enum(['pre-check', 'lesson', 'post-check'])
			.describe("Pre- and post-checks are scored apart and compared for each student's gain"),
		article: z
			.enum(['beside', 'none'])
			.describe('Whether the article is shown beside this step (mark questions always show it)'),
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
			.literal(MODULE_SCHEMA_VERSION, {
				error: `this Byline reads schemaVersion ${MODULE_SCHEMA_VERSION}`
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
			.describe('Hard words of the article or the lesson, explained')
	})
	.strict();

export type ModuleDocument = z.output<typeof moduleDocumentSchema>;


export type Step = {
	slug: string;
	number: number;
	title: string;
	kind: ModuleDocument['steps'][number]['kind'];
	check?: 'pre' | 'post';
	article: 'beside' | 'none';
	blocks: StepBlock[];
	questionIds: string[];
};

export type ModuleQuestion = ResolvedQuestion & { stepSlug: string };

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
function buildArticle(article: ModuleDocument['article']): Article {
	let counter = 0;
	const sentence = (text: string): Sentence => ({ id: `s${++counter}`, text });
	return {
		headline: sentence(article.headline),
		paragraphs: article.paragraphs.map((sentences) => ({ sentences: sentences.map(sentence) })),
		byline: article.creditLine ?? ''
	};
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
			check: step.kind === 'pre-check' ? 'pre' : step.kind === 'post-check' ? 'post' : undefined,
			article: step.article,
			blocks,
			questionIds
		};
	});

	const questions = new Map<string, ModuleQuestion>();
	document.questions.forEach((key, index) => {
		const at = `questions[${index}] (${key.id})`;
		if (questions.has(key.id)) problems.push(`${at}.id: another question has this id`);
		const step = steps.find((s) => s.questionIds.includes(key.id));
		if (!step) problems.push(`${at}: no step places it (add { question: ${key.id} } to a step)`);
		checkQuotes(context, at, 'prompt', key.prompt, problems);
		const resolved = resolveQuestion(key, context, at, problems);
		questions.set(key.id, { ...resolved, stepSlug: step?.slug ?? '' });
	});

	document.glossary.forEach((entry, index) => {
		const term = entry.term.toLowerCase();
		if (document.glossary.findIndex((e) => e.term.toLowerCase() === term) !== index) {
			problems.push(`glossary[${index}].term: "${entry.term}" is explained twice`);
		}
	});

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
		glossary: document.glossary
	};
}
