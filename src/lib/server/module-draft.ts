import type { QuestionTypeName } from '$lib/question-types/registry.server';
import { blankKey, type KeyDraft, type QuoteSource } from '$lib/question-types/editors.server';
import { squash } from '$lib/question-types/article-context';
import { loadModule, ModuleError, type ModuleDocument } from './module-document';

// What the editor pages do to a draft: pure functions from one document to the next. A draft is
// the module document being written, so it may be incomplete; it is checked by the same loadModule
// a published module goes through, and its problems are shown rather than thrown.

type DraftArticle = ModuleDocument['article'];
type DraftBlock = { markdown: string } | { question: string };
type DraftStep = Omit<ModuleDocument['steps'][number], 'blocks'> & { blocks: DraftBlock[] };

export type DraftDocument = Omit<ModuleDocument, 'article' | 'steps' | 'questions'> & {
	article: DraftArticle;
	steps: DraftStep[];
	questions: KeyDraft[];
};

export class DraftEditError extends Error {}

/** The draft as the pages handle it; a draft that lost its shape is refused, not patched. */
export function asDraft(document: unknown): DraftDocument {
	const d = document as Partial<DraftDocument> | null;
	if (
		!d ||
		typeof d !== 'object' ||
		!d.article ||
		!Array.isArray(d.article.paragraphs) ||
		!Array.isArray(d.steps) ||
		!Array.isArray(d.questions)
	) {
		throw new DraftEditError(
			'This draft cannot be edited here: it has no article, steps or questions.'
		);
	}
	return { glossary: [], claims: [], ...d } as DraftDocument;
}

/** Everything that stops the draft from being published, as `field: reason`. */
export function draftProblems(document: DraftDocument): string[] {
	try {
		loadModule(document, 'the draft', 0);
		return [];
	} catch (error) {
		if (error instanceof ModuleError) return error.problems;
		throw error;
	}
}

const words = (text: string) => squash(text).toLowerCase().split(/\s+/).filter(Boolean);

/** Whether `answer` appears word for word inside `text` (at least four words, so short words do not count). */
function answeredIn(answer: string, text: string): boolean {
	const wanted = words(answer);
	if (wanted.length < 4) return false;
	return ` ${words(text).join(' ')} `.includes(` ${wanted.join(' ')} `);
}

const TAUGHT_FIELDS = /feedback|explanation|modelAnswer/i;

/** What the lesson steps tell a student once they answer (feedback, explanations, model answers) and their prose. */
function lessonFeedback(document: DraftDocument): string[] {
	const lessonIds = new Set(
		document.steps
			.filter((step) => step.kind === 'lesson')
			.flatMap((step) => step.blocks.flatMap((b) => ('question' in b ? [b.question] : [])))
	);
	const texts: string[] = [];
	const collect = (value: unknown, taught: boolean): void => {
		if (typeof value === 'string') {
			if (taught) texts.push(value);
		} else if (Array.isArray(value)) value.forEach((v) => collect(v, taught));
		else if (value && typeof value === 'object') {
			for (const [key, v] of Object.entries(value)) collect(v, taught || TAUGHT_FIELDS.test(key));
		}
	};
	for (const question of document.questions)
		if (lessonIds.has(question.id)) collect(question, false);
	for (const step of document.steps) {
		if (step.kind !== 'lesson') continue;
		for (const block of step.blocks) if ('markdown' in block) texts.push(block.markdown);
	}
	return texts;
}

/**
 * Good item writing the schema cannot require: a post-check answered word for word by what the
 * lesson showed (it then measures recall, not transfer), and a sort that cannot measure
 * discernment because a category it compares has no claim.
 */
export function draftWarnings(document: DraftDocument): string[] {
	const warnings: string[] = [];
	const checkIds = new Set(
		document.steps
			.filter((step) => step.kind === 'post-check' || step.kind === 'delayed-check')
			.flatMap((step) => step.blocks.flatMap((b) => ('question' in b ? [b.question] : [])))
	);
	const taught = lessonFeedback(document);
	for (const question of document.questions) {
		if (checkIds.has(question.id) && (question.type === 'single' || question.type === 'multiple')) {
			const right = question.options.filter((o) => o.correct && o.text.trim());
			const copied = right.find((o) => taught.some((text) => answeredIn(o.text, text)));
			if (copied) {
				warnings.push(
					`${question.id}: the right answer “${copied.text}” is in the lesson's own words, so the check measures recall, not transfer. Reword it or use another passage.`
				);
			}
		}
		if (question.type === 'sort' && question.discernment) {
			for (const side of ['keep', 'catch'] as const) {
				const category = question.discernment[side];
				if (!question.claims.some((c) => c.category === category && c.quote.trim())) {
					warnings.push(
						`${question.id}: no claim is in “${category}”, so discernment (telling supported from unsupported claims) cannot be measured.`
					);
				}
			}
		}
	}
	return warnings;
}

export type DraftDetails = {
	title: string;
	summary: string;
	objectives: string[];
	estimatedMinutes: number;
	level: string;
	headline: string;
	author: string;
	publisher: string;
	publishedOn: string | null;
	url: string | null;
	creditLine: string | null;
	contentNote: string;
	editorialNote: string;
};

export function detailsOf(document: DraftDocument): DraftDetails {
	const { article } = document;
	return {
		title: document.title,
		summary: document.summary,
		objectives: document.objectives,
		estimatedMinutes: document.estimatedMinutes,
		level: document.level,
		headline: article.headline,
		author: article.author,
		publisher: article.publisher,
		publishedOn: article.publishedOn,
		url: article.url,
		creditLine: article.creditLine,
		contentNote: article.contentNote,
		editorialNote: article.editorialNote
	};
}

export function withDetails(document: DraftDocument, details: DraftDetails): DraftDocument {
	const { title, summary, objectives, estimatedMinutes, level, ...article } = details;
	return {
		...document,
		title,
		summary,
		objectives,
		estimatedMinutes,
		level,
		article: { ...document.article, ...article }
	};
}

export function withParagraphs(document: DraftDocument, paragraphs: string[][]): DraftDocument {
	return { ...document, article: { ...document.article, paragraphs } };
}

export function findQuestion(document: DraftDocument, questionId: string): KeyDraft | undefined {
	return document.questions.find((q) => q.id === questionId);
}

export function stepOfQuestion(document: DraftDocument, questionId: string): DraftStep | undefined {
	return document.steps.find((step) =>
		step.blocks.some((b) => 'question' in b && b.question === questionId)
	);
}

/** The text a question quotes from: its step's own passage, or the article. */
export function quoteSourceOf(document: DraftDocument, questionId: string): QuoteSource {
	const text = stepOfQuestion(document, questionId)?.passage ?? document.article;
	return {
		sentences: [text.headline, ...text.paragraphs.flat()],
		byline: text.creditLine ?? ''
	};
}

/** Replaces a question's key; its id stays the one it was created with. */
export function withQuestion(
	document: DraftDocument,
	questionId: string,
	key: KeyDraft
): DraftDocument {
	if (!findQuestion(document, questionId)) throw new DraftEditError('No question has this id.');
	return {
		...document,
		questions: document.questions.map((q) => (q.id === questionId ? { ...key, id: questionId } : q))
	};
}

/** Adds a blank question of a type at the end of a step; returns the draft and the new id. */
export function addQuestion(
	document: DraftDocument,
	stepSlug: string,
	type: QuestionTypeName
): { document: DraftDocument; questionId: string } {
	const step = document.steps.find((s) => s.slug === stepSlug);
	if (!step) throw new DraftEditError('No step has this name.');
	const taken = new Set(document.questions.map((q) => q.id));
	let questionId = `${stepSlug}-${type}`;
	for (let n = 2; taken.has(questionId); n++) questionId = `${stepSlug}-${type}-${n}`;
	return {
		questionId,
		document: {
			...document,
			questions: [...document.questions, blankKey(type, questionId)],
			steps: document.steps.map((s) =>
				s === step ? { ...s, blocks: [...s.blocks, { question: questionId }] } : s
			)
		}
	};
}

/** Removes a question and its place in a step; later check items naming it as their twin lose the link. */
export function removeQuestion(document: DraftDocument, questionId: string): DraftDocument {
	if (!findQuestion(document, questionId)) throw new DraftEditError('No question has this id.');
	return {
		...document,
		questions: document.questions
			.filter((q) => q.id !== questionId)
			.map((q) => (q.twinOf === questionId ? { ...q, twinOf: undefined } : q)),
		steps: document.steps.map((s) => ({
			...s,
			blocks: s.blocks.filter((b) => !('question' in b && b.question === questionId))
		}))
	};
}

/** Rewrites one prose block of a step. */
export function withStepText(
	document: DraftDocument,
	stepSlug: string,
	blockIndex: number,
	markdown: string
): DraftDocument {
	const step = document.steps.find((s) => s.slug === stepSlug);
	const block = step?.blocks[blockIndex];
	if (!step || !block || !('markdown' in block))
		throw new DraftEditError('No such text in this step.');
	return {
		...document,
		steps: document.steps.map((s) =>
			s === step
				? { ...s, blocks: s.blocks.map((b, i) => (i === blockIndex ? { markdown } : b)) }
				: s
		)
	};
}

export function withGlossary(
	document: DraftDocument,
	glossary: { term: string; definition: string }[]
): DraftDocument {
	return { ...document, glossary };
}

/**
 * Accepts a suggestion: the sentence becomes a target of the draft's first marking question
 * (feedback still to write), so nothing is keyed until the teacher chooses it.
 */
export function acceptAsMarkTarget(
	document: DraftDocument,
	questionId: string,
	sentence: string
): DraftDocument {
	const question = findQuestion(document, questionId);
	if (!question || question.type !== 'mark')
		throw new DraftEditError('That is not a marking question.');
	const targets = question.targets.filter((t) => t.quote.trim() || t.feedback.trim());
	if (targets.some((t) => squash(t.quote) === squash(sentence))) return document;
	return withQuestion(document, questionId, {
		...question,
		targets: [...targets, { quote: sentence, feedback: '' }]
	});
}
