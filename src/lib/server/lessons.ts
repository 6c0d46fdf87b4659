import { z } from 'zod';
import type { Component } from 'svelte';
import { parseArticle, sentencesOf, type Article } from './article';
import type { PublicQuestion } from '$lib/lesson';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');
const text = z.string().trim().min(1, 'must not be empty');

const choiceKey = z.object({
	type: z.enum(['single', 'multiple']),
	id,
	prompt: text,
	options: z
		.array(z.object({ id, text, correct: z.boolean(), feedback: text }))
		.min(2, 'needs at least two options'),
	explanation: text,
	confidence: z.boolean().default(true),
	skill: z.string().optional(),
	once: z.boolean().default(false)
});

const quoted = z.object({ quote: text, feedback: text });
const markKey = z.object({
	type: z.literal('mark'),
	id,
	prompt: text,
	/** Sentences that should be marked. */
	targets: z.array(quoted).min(1, 'needs at least one sentence to find'),
	/** Sentences a careful reader may mark or not: no credit, no penalty. */
	optional: z.array(quoted).default([]),
	/** Sentences students often mark wrongly, with feedback saying why. */
	decoys: z.array(quoted).default([]),
	otherFeedback: text,
	explanation: text,
	skill: z.string().optional(),
	once: z.boolean().default(false)
});

const sortKey = z.object({
	type: z.literal('sort'),
	id,
	prompt: text,
	categories: z.array(z.object({ id, label: text, description: text })).min(2),
	claims: z.array(z.object({ id, quote: text, category: id, feedback: text })).min(2),
	explanation: text,
	confidence: z.boolean().default(true),
	/** The categories whose recall is reported as discernment. */
	discernment: z.object({ keep: id, catch: id }).optional(),
	once: z.boolean().default(false)
});

const writtenKey = z.object({
	type: z.literal('written'),
	id,
	prompt: text,
	guidance: z.string().optional(),
	minWords: z.number().int().min(0).default(0),
	rubric: z
		.array(
			z.object({
				id,
				label: text,
				levels: z
					.array(z.object({ score: z.number().int().min(0), label: text, description: text }))
					.min(2)
			})
		)
		.min(1),
	modelAnswer: text,
	once: z.boolean().default(false)
});

export const questionKeySchema = z.discriminatedUnion('type', [
	choiceKey,
	markKey,
	sortKey,
	writtenKey
]);
export const moduleKeySchema = z.object({ questions: z.array(questionKeySchema).min(1) });

export type QuestionKey = z.output<typeof questionKeySchema>;
export type ModuleKeyInput = z.input<typeof moduleKeySchema>;

export const moduleMetaSchema = z.object({
	title: text,
	summary: text,
	objectives: z.array(text).min(1),
	estimatedMinutes: z.number().int().positive(),
	level: text,
	contentNote: text,
	source: z.object({ author: text, publisher: text, note: text })
});

export const stepMetaSchema = z.object({
	title: text,
	/** Pre- and post-checks are scored apart and compared for each student's gain. */
	check: z.enum(['pre', 'post']).optional(),
	/** Where the article appears on this step: beside the questions, or not at all. */
	article: z.enum(['beside', 'none']).default('beside')
});

export type ModuleMeta = z.output<typeof moduleMetaSchema>;
export type StepMeta = z.output<typeof stepMetaSchema>;

export type Step = StepMeta & {
	slug: string;
	number: number;
	/** The step's markdown file, as the browser imports it. */
	file: string;
	questionIds: string[];
};

export type ResolvedQuestion = QuestionKey & {
	stepSlug: string;
	/** For mark questions: sentence ids, resolved from the quotes. */
	sentenceRoles?: Map<string, { role: 'target' | 'optional' | 'decoy'; feedback: string }>;
};

export type LessonModule = {
	id: string;
	meta: ModuleMeta;
	article: Article;
	steps: Step[];
	questions: Map<string, ResolvedQuestion>;
};

export type ModuleSources = {
	id: string;
	folder: string;
	metadata: unknown;
	articleText: string;
	steps: { file: string; metadata: unknown; source: string }[];
	key: unknown;
};

export class LessonError extends Error {}

function issuesOf(file: string, error: z.ZodError): string[] {
	return error.issues.map(
		(issue) => `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`
	);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Text between curly quotes, split at ellipses: each piece must be in the article. */
function quotedFragments(value: string): string[] {
	return [...value.matchAll(/“([^”]+)”/g)].flatMap((m) =>
		m[1]!
			.split('…')
			.map((piece) => squash(piece))
			.filter((piece) => piece.length > 0)
	);
}

/**
 * Checks a module against its article and steps and builds what the app serves.
 * Every problem is reported at once, each naming the file and the field.
 */
export function buildModule(sources: ModuleSources): LessonModule {
	const problems: string[] = [];
	const keyFile = `${sources.folder}/key.server.ts`;
	const metaFile = `${sources.folder}/module.md`;

	const meta = moduleMetaSchema.safeParse(sources.metadata);
	if (!meta.success) problems.push(...issuesOf(metaFile, meta.error));

	let article: Article | null = null;
	try {
		article = parseArticle(sources.articleText, `${sources.folder}/article.txt`);
	} catch (error) {
		problems.push((error as Error).message);
	}
	const sentences = article ? sentencesOf(article) : [];
	const articleText = squash(
		sentences.map((s) => s.text).join(' ') + ' ' + (article?.byline ?? '')
	);

	const key = moduleKeySchema.safeParse(sources.key);
	if (!key.success) problems.push(...issuesOf(keyFile, key.error));
	const keyQuestions = key.success ? key.data.questions : [];

	const steps: Step[] = [];
	const placed = new Map<string, string>();
	sources.steps
		.slice()
		.sort((a, b) => a.file.localeCompare(b.file))
		.forEach((stepSource, index) => {
			const name = stepSource.file.split('/').pop()!;
			const match = /^(\d\d)-([a-z0-9-]+)\.md$/.exec(name);
			const file = `${sources.folder}/${name}`;
			if (!match) {
				problems.push(`${file}: step files are named like 01-who-is-behind-it.md`);
				return;
			}
			const stepMeta = stepMetaSchema.safeParse(stepSource.metadata);
			if (!stepMeta.success) {
				problems.push(...issuesOf(file, stepMeta.error));
				return;
			}
			const questionIds = [...stepSource.source.matchAll(/<Question\s+id="([^"]+)"\s*\/>/g)].map(
				(m) => m[1]!
			);
			for (const questionId of questionIds) {
				if (placed.has(questionId)) {
					problems.push(
						`${file}: question "${questionId}" is also placed in ${placed.get(questionId)}`
					);
				}
				placed.set(questionId, file);
				if (!keyQuestions.some((q) => q.id === questionId)) {
					problems.push(`${file}: <Question id="${questionId}" /> has no entry in ${keyFile}`);
				}
			}
			steps.push({
				...stepMeta.data,
				slug: match[2]!,
				number: index + 1,
				file: stepSource.file,
				questionIds
			});
		});
	if (steps.length === 0) problems.push(`${sources.folder}: a module needs at least one step file`);

	const questions = new Map<string, ResolvedQuestion>();
	keyQuestions.forEach((question, index) => {
		const at = `${keyFile}: questions[${index}] (${question.id})`;
		if (questions.has(question.id)) problems.push(`${at}.id: duplicate question id`);
		const step = steps.find((s) => s.questionIds.includes(question.id));
		if (!step) problems.push(`${at}: no step places <Question id="${question.id}" />`);

		const checkQuotes = (field: string, value: string) => {
			for (const fragment of quotedFragments(value)) {
				if (!articleText.includes(fragment)) {
					problems.push(`${at}.${field}: the quote “${fragment}” is not in the article`);
				}
			}
		};
		checkQuotes('prompt', question.prompt);
		const resolved: ResolvedQuestion = { ...question, stepSlug: step?.slug ?? '' };

		if (question.type === 'single' || question.type === 'multiple') {
			const ids = question.options.map((o) => o.id);
			if (new Set(ids).size !== ids.length) problems.push(`${at}.options: duplicate option id`);
			const correct = question.options.filter((o) => o.correct).length;
			if (question.type === 'single' && correct !== 1) {
				problems.push(`${at}.options: a single-choice question needs exactly one correct option`);
			}
			if (question.type === 'multiple' && correct < 1) {
				problems.push(`${at}.options: needs at least one correct option`);
			}
			question.options.forEach((o, i) => checkQuotes(`options[${i}].text`, o.text));
		}
		if (question.type === 'mark') {
			const roles = new Map<string, { role: 'target' | 'optional' | 'decoy'; feedback: string }>();
			for (const role of ['target', 'optional', 'decoy'] as const) {
				const list =
					role === 'target'
						? question.targets
						: role === 'optional'
							? question.optional
							: question.decoys;
				list.forEach((entry, i) => {
					const field = `${role === 'target' ? 'targets' : role === 'optional' ? 'optional' : 'decoys'}[${i}].quote`;
					const found = sentences.filter((s) => squash(s.text).includes(squash(entry.quote)));
					if (found.length !== 1) {
						problems.push(
							`${at}.${field}: “${entry.quote}” matches ${found.length} sentences of the article; it must match exactly one`
						);
						return;
					}
					if (roles.has(found[0]!.id)) problems.push(`${at}.${field}: sentence listed twice`);
					roles.set(found[0]!.id, { role, feedback: entry.feedback });
				});
			}
			resolved.sentenceRoles = roles;
		}
		if (question.type === 'sort') {
			const categoryIds = question.categories.map((c) => c.id);
			if (new Set(categoryIds).size !== categoryIds.length)
				problems.push(`${at}.categories: duplicate id`);
			const claimIds = question.claims.map((c) => c.id);
			if (new Set(claimIds).size !== claimIds.length) problems.push(`${at}.claims: duplicate id`);
			question.claims.forEach((claim, i) => {
				if (!categoryIds.includes(claim.category)) {
					problems.push(
						`${at}.claims[${i}].category: "${claim.category}" is not one of the categories`
					);
				}
				if (!articleText.includes(squash(claim.quote))) {
					problems.push(`${at}.claims[${i}].quote: “${claim.quote}” is not in the article`);
				}
			});
			for (const field of ['keep', 'catch'] as const) {
				const category = question.discernment?.[field];
				if (category && !categoryIds.includes(category)) {
					problems.push(`${at}.discernment.${field}: "${category}" is not one of the categories`);
				}
			}
		}
		questions.set(question.id, resolved);
	});

	if (problems.length > 0 || !meta.success || !article) {
		throw new LessonError(
			`The lesson module "${sources.id}" is broken:\n  ${problems.join('\n  ')}`
		);
	}
	return { id: sources.id, meta: meta.data, article, steps, questions };
}

/** What the student may see of a question before answering it. */
export function publicQuestion(question: QuestionKey): PublicQuestion {
	const base = { id: question.id, prompt: question.prompt, once: question.once };
	switch (question.type) {
		case 'single':
		case 'multiple':
			return {
				...base,
				type: question.type,
				options: question.options.map((o) => ({ id: o.id, text: o.text })),
				confidence: question.confidence
			};
		case 'mark':
			return { ...base, type: 'mark', confidence: false };
		case 'sort':
			return {
				...base,
				type: 'sort',
				categories: question.categories,
				claims: question.claims.map((c) => ({ id: c.id, text: c.quote })),
				confidence: question.confidence
			};
		case 'written':
			return {
				...base,
				type: 'written',
				guidance: question.guidance ?? null,
				minWords: question.minWords,
				rubric: question.rubric,
				confidence: false
			};
	}
}

// Everything a module is made of, bundled into the server at build time.
const metadataFiles = import.meta.glob<{ metadata?: unknown; default: Component }>(
	'/lessons/*/*.md',
	{ eager: true }
);
const rawSteps = import.meta.glob<string>('/lessons/*/[0-9][0-9]-*.md', {
	query: '?raw',
	import: 'default',
	eager: true
});
const articleFiles = import.meta.glob<string>('/lessons/*/article.txt', {
	query: '?raw',
	import: 'default',
	eager: true
});
const keyFiles = import.meta.glob<unknown>('/lessons/*/key.server.ts', {
	import: 'default',
	eager: true
});

/** The raw files of every module under lessons/, before checking. */
export function readModuleSources(): ModuleSources[] {
	const ids = Object.keys(articleFiles).map((path) => path.split('/')[2]!);
	return ids.map((moduleId) => {
		const folder = `lessons/${moduleId}`;
		return {
			id: moduleId,
			folder,
			metadata: metadataFiles[`/${folder}/module.md`]?.metadata,
			articleText: articleFiles[`/${folder}/article.txt`]!,
			steps: Object.entries(rawSteps)
				.filter(([path]) => path.startsWith(`/${folder}/`))
				.map(([file, source]) => ({ file, source, metadata: metadataFiles[file]?.metadata })),
			key: keyFiles[`/${folder}/key.server.ts`]
		};
	});
}

// Checked when this module loads, which SvelteKit's build does while analysing the routes:
// a broken lesson fails `npm run build` (and every test that imports it), naming file and field.
const catalog = new Map(readModuleSources().map((sources) => [sources.id, buildModule(sources)]));

export function getModule(moduleId: string): LessonModule | undefined {
	return catalog.get(moduleId);
}

export function listModules(): LessonModule[] {
	return [...catalog.values()];
}

export function stepOf(module: LessonModule, slug: string): Step | undefined {
	return module.steps.find((step) => step.slug === slug);
}

export function questionsOfStep(module: LessonModule, step: Step): ResolvedQuestion[] {
	return step.questionIds.map((questionId) => module.questions.get(questionId)!);
}
