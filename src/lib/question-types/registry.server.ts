import { z } from 'zod';
import type { Answer, Confidence, Grading, PublicQuestion } from '$lib/lesson';
import { effectiveScore, mean, type ScoreAdjustments } from '$lib/server/scoring';
import type { ArticleContext } from './article-context';
import {
	wrongAnswerType,
	type FirstAttempt,
	type GuideEntry,
	type QuestionType
} from './shared.server';
import { single } from './single/definition.server';
import { multiple } from './multiple/definition.server';
import { mark } from './mark/definition.server';
import { sort } from './sort/definition.server';
import { written } from './written/definition.server';

export { WRITTEN_MAX_CHARS } from './written/definition.server';
export type { FirstAttempt, GuideEntry } from './shared.server';

// Every question type. The key schema lists them in this order (zod's messages name them so).
const definitions = [single, multiple, mark, sort, written] as const;

type Definition = (typeof definitions)[number];
type Schemas<T extends readonly Definition[]> = { -readonly [I in keyof T]: T[I]['schema'] };

export const questionKeySchema = z.discriminatedUnion(
	'type',
	definitions.map((d) => d.schema) as Schemas<typeof definitions>
);

export type QuestionKey = z.output<typeof questionKeySchema>;
export type QuestionTypeName = Definition['type'];
export const questionTypeNames: readonly QuestionTypeName[] = definitions.map((d) => d.type);
/** A question's key, checked and resolved against the article. */
export type ResolvedQuestion = ReturnType<Definition['resolve']>;
export type ItemAnalysis = {
	questionId: string;
	responses: number;
	percentCorrect: number | null;
	meanScore: number | null;
} & ReturnType<Definition['analyse']>;
export type ParsedSubmission = { answer: Answer; confidence: Confidence | null };

// Each definition is only ever called with its own type's questions and answers.
type AnyDefinition = QuestionType<
	QuestionKey,
	ResolvedQuestion,
	ReturnType<Definition['publicView']>,
	Answer,
	Grading['detail'],
	ReturnType<Definition['analyse']>
>;
const byType = new Map<string, AnyDefinition>(definitions.map((d) => [d.type, d]));
const definitionOf = (type: string) => byType.get(type)!;

/** Checks a key against the article; problems are pushed, each starting with `at`. */
export function resolveQuestion(
	key: QuestionKey,
	ctx: ArticleContext,
	at: string,
	problems: string[]
): ResolvedQuestion {
	return definitionOf(key.type).resolve(key, ctx, at, problems);
}

/** What the student may see of a question before answering it. */
export function publicQuestion(question: ResolvedQuestion): PublicQuestion {
	return {
		id: question.id,
		prompt: question.prompt,
		once: question.once,
		...definitionOf(question.type).publicView(question)
	};
}

const CONFIDENCE = new Set<string>(['low', 'medium', 'high']);

/**
 * Reads a question's answer from a submitted form, refusing anything the question does not
 * offer. `requireComplete` is false for drafts, which may be half done. A refusal names every
 * problem at once, so the student fixes them in one go.
 */
export function parseSubmission(
	question: ResolvedQuestion,
	form: FormData,
	ctx: ArticleContext,
	requireComplete = true
): { submission: ParsedSubmission; error?: never } | { submission?: never; error: string } {
	const problems: string[] = [];
	const parsed = definitionOf(question.type).parse(question, form, ctx, requireComplete);
	if (parsed.error !== undefined) problems.push(parsed.error);
	const rawConfidence = form.get('confidence');
	let confidence: Confidence | null = null;
	if (typeof rawConfidence === 'string' && rawConfidence !== '') {
		if (CONFIDENCE.has(rawConfidence)) confidence = rawConfidence as Confidence;
		else problems.push('Choose how sure you are from the list.');
	}
	// Only types whose key has a confidence setting ask for it, and only their answers keep it.
	const asksConfidence = 'confidence' in question;
	const confidenceMissing = rawConfidence === null || rawConfidence === '';
	if (requireComplete && asksConfidence && question.confidence === true && confidenceMissing) {
		problems.push('Say how sure you are before checking your answer.');
	}
	if (parsed.error !== undefined || problems.length > 0) return { error: problems.join(' ') };
	return {
		submission: { answer: parsed.answer, confidence: asksConfidence ? confidence : null }
	};
}

export function grade(question: ResolvedQuestion, answer: Answer): Grading {
	if (answer.type !== question.type) throw wrongAnswerType(question, answer);
	return definitionOf(question.type).grade(question, answer);
}

/** A question as the teacher guide lays it out. */
export function guideEntry(question: ResolvedQuestion, ctx: ArticleContext): GuideEntry {
	return definitionOf(question.type).guide(question, ctx);
}

/** Item analysis of a question over the first attempts at it. */
export function analyseItem(
	question: ResolvedQuestion,
	firsts: FirstAttempt[],
	adjustments: ScoreAdjustments
): ItemAnalysis {
	const answers = firsts.map((a) => JSON.parse(a.answer) as Answer);
	const scores = firsts
		.map((a) => effectiveScore(a, adjustments))
		.filter((s): s is number => s !== null);
	const base = {
		questionId: question.id,
		responses: firsts.length,
		percentCorrect:
			firsts.length === 0 ? null : firsts.filter((a) => a.correct === 1).length / firsts.length,
		meanScore: mean(scores)
	};
	return {
		...base,
		...definitionOf(question.type).analyse(question, answers, firsts, adjustments)
	};
}

/**
 * An answer in words, for teachers' pages and exports. Told by the answer's own type, so an
 * answer kept from before its question changed type still reads as what was given.
 */
export function describeAnswer(
	question: ResolvedQuestion,
	answer: Answer,
	ctx: ArticleContext
): string {
	return definitionOf(answer.type).describe(
		question.type === answer.type ? question : null,
		answer,
		ctx
	);
}
