import { z } from 'zod';
import type { Answer, Grading } from '$lib/lesson';
import type { ScoreAdjustments } from '$lib/server/scoring';
import type { ArticleContext } from './article-context';

// What every question type's definition provides, and the key fields they share.

export const id = z
	.string()
	.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');
export const text = z.string().trim().min(1, 'must not be empty');

/** The key fields every question type shares, spread first into each type's schema. */
export const keyFields = {
	id,
	prompt: text,
	skill: z
		.string()
		.optional()
		.describe('What the question measures; a pre-check item and its twins share it'),
	twinOf: id
		.optional()
		.describe('On a post-check or delayed-check item: the id of the pre-check item it parallels'),
	once: z.boolean().default(false)
};

/** A stored first attempt, as item analysis reads it. */
export type FirstAttempt = { id: string; answer: string; correct: number; score: number | null };

/** A question in the teacher guide: what each option, sentence or claim earns, and why. */
export type GuideEntry = {
	/** The type's name, heading each question: 'Single choice'. */
	label: string;
	items: { text: string; verdict: string; feedback: string }[];
	explanation: { heading: 'Rationale' | 'Model answer'; text: string };
};

export type Parsed<A> = { answer: A; error?: never } | { answer?: never; error: string };

export function wrongAnswerType(question: { type: string; id: string }, answer: { type: string }) {
	return new Error(
		`Answer of type ${answer.type} given to ${question.type} question ${question.id}`
	);
}

type KeyBase = { type: string; id: string; prompt: string; once: boolean };

/**
 * One question type. `Key` is what its schema outputs, `Question` the key resolved against the
 * article, `Public` its part of the public question, `A` its answer, `Detail` its result and
 * `Item` its part of the item analysis.
 */
export interface QuestionType<
	Key extends KeyBase,
	Question extends Key,
	Public extends { type: Key['type'] },
	A extends { type: Key['type'] },
	Detail extends { type: Key['type'] },
	Item extends { kind: string } = { kind: string }
> {
	readonly type: Key['type'];
	readonly schema: z.ZodType<Key, unknown>;
	/** Checks the key against the article, pushing a message per problem, each starting with `at`. */
	resolve(key: Key, ctx: ArticleContext, at: string, problems: string[]): Question;
	/** What the browser may see before an answer: no key, no feedback. */
	publicView(question: Question): Public;
	/** Reads an answer from a posted form; `requireComplete` is false for drafts. */
	parse(
		question: Question,
		form: FormData,
		ctx: ArticleContext,
		requireComplete: boolean
	): Parsed<A>;
	grade(question: Question, answer: A): Omit<Grading, 'detail'> & { detail: Detail };
	guide(question: Question, ctx: ArticleContext): GuideEntry;
	/** Item analysis over first attempts; `answers` are theirs, parsed, of whatever type. */
	analyse(
		question: Question,
		answers: Answer[],
		firsts: FirstAttempt[],
		adjustments: ScoreAdjustments
	): Item;
	/** An answer in words. `question` is null when it has since changed to another type. */
	describe(question: Question | null, answer: A, ctx: ArticleContext): string;
}
