import { z } from 'zod';
import type { Answer } from '$lib/lesson';
import { squash } from '../article-context';
import type { ResolvedQuestion } from '../registry.server';
import { id, keyFields, text, wrongAnswerType, type QuestionType } from '../shared.server';
import type { PublicSortQuestion, SortAnswer, SortResult } from './types';

const sortKey = z.object({
	type: z.literal('sort'),
	...keyFields,
	categories: z.array(z.object({ id, label: text, description: text })).min(2),
	claims: z.array(z.object({ id, quote: text, category: id, feedback: text })).min(2),
	explanation: text,
	confidence: z.boolean().default(true),
	/** The category of claims to keep and the one to catch: discernment is measured between them. */
	discernment: z.object({ keep: id, catch: id }).optional()
});

export type SortQuestion = z.output<typeof sortKey>;

function grade(question: SortQuestion, answer: SortAnswer) {
	const recall: Record<string, number> = {};
	for (const category of question.categories) {
		const claims = question.claims.filter((c) => c.category === category.id);
		if (claims.length === 0) continue;
		const kept = claims.filter((c) => answer.placements[c.id] === category.id).length;
		recall[category.id] = kept / claims.length;
	}
	const recalls = Object.values(recall);
	// Balanced accuracy: putting every claim in one category scores 1 / (number of categories).
	const score = recalls.reduce((sum, r) => sum + r, 0) / recalls.length;
	return {
		score,
		correct: question.claims.every((c) => answer.placements[c.id] === c.category),
		explanation: question.explanation,
		detail: {
			type: 'sort' as const,
			recall,
			claims: question.claims.map((c) => ({
				id: c.id,
				chosen: answer.placements[c.id] ?? null,
				correct: c.category,
				feedback: c.feedback
			}))
		}
	};
}

export const sort = {
	type: 'sort',
	schema: sortKey,

	resolve(question, ctx, at, problems) {
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
			if (!ctx.text.includes(squash(claim.quote))) {
				problems.push(`${at}.claims[${i}].quote: “${claim.quote}” is not in the article`);
			}
		});
		for (const field of ['keep', 'catch'] as const) {
			const category = question.discernment?.[field];
			if (category && !categoryIds.includes(category)) {
				problems.push(`${at}.discernment.${field}: "${category}" is not one of the categories`);
			}
		}
		return question;
	},

	publicView: (question) => ({
		type: 'sort',
		categories: question.categories,
		claims: question.claims.map((c) => ({ id: c.id, text: c.quote })),
		confidence: question.confidence
	}),

	parse(question, form, _ctx, requireComplete) {
		const categories = new Set(question.categories.map((c) => c.id));
		const placements: Record<string, string> = {};
		for (const claim of question.claims) {
			const value = form.get(`claim-${claim.id}`);
			if (value === null || value === '') continue;
			if (typeof value !== 'string' || !categories.has(value)) {
				return { error: 'A claim was put in a category this question does not have.' };
			}
			placements[claim.id] = value;
		}
		const knownFields = new Set(question.claims.map((c) => `claim-${c.id}`));
		for (const key of form.keys()) {
			if (key.startsWith('claim-') && !knownFields.has(key)) {
				return { error: 'That claim is not part of this question.' };
			}
		}
		if (requireComplete && Object.keys(placements).length < question.claims.length) {
			return { error: 'Sort every claim before checking.' };
		}
		return { answer: { type: 'sort', placements } };
	},

	grade,

	guide: (question) => ({
		label: 'Sort the claims',
		items: question.claims.map((c) => ({
			text: c.quote,
			verdict: question.categories.find((cat) => cat.id === c.category)!.label,
			feedback: c.feedback
		})),
		explanation: { heading: 'Rationale', text: question.explanation }
	}),

	analyse(question, answers) {
		const claims = question.claims.map((c) => {
			const placed = Object.fromEntries(
				question.categories.map((cat) => [
					cat.id,
					answers.filter((a) => a.type === 'sort' && a.placements[c.id] === cat.id).length
				])
			);
			return {
				id: c.id,
				text: c.quote,
				correct: c.category,
				placed,
				wrong: answers.length - (placed[c.category] ?? 0)
			};
		});
		return {
			kind: 'sort' as const,
			categories: question.categories.map((c) => ({ id: c.id, label: c.label })),
			claims,
			commonWrong: [...claims]
				.filter((c) => c.wrong > 0)
				.sort((a, b) => b.wrong - a.wrong)
				.slice(0, 3)
		};
	},

	describe: (question, answer) => {
		if (!question) return '';
		return question.claims
			.map(
				(c) =>
					`“${c.quote}”: ${question.categories.find((cat) => cat.id === answer.placements[c.id])?.label ?? '—'}`
			)
			.join(' | ');
	}
} satisfies QuestionType<SortQuestion, SortQuestion, PublicSortQuestion, SortAnswer, SortResult>;

/**
 * What signal detection needs from one sort answer, where the key asks for discernment: the
 * claims to catch (signal) and to keep (noise), the catch-claims put in catch (hits), the
 * keep-claims put in catch (false alarms) and the keep-claims put in keep (kept; a keep-claim put
 * in a third category is neither kept nor a false alarm).
 */
export function discernmentCounts(question: ResolvedQuestion, answer: Answer) {
	if (question.type !== 'sort' || !question.discernment) return null;
	if (answer.type !== 'sort') throw wrongAnswerType(question, answer);
	const { keep, catch: flag } = question.discernment;
	const label = (id: string) => question.categories.find((c) => c.id === id)!.label;
	const toCatch = question.claims.filter((c) => c.category === flag);
	const toKeep = question.claims.filter((c) => c.category === keep);
	const placedIn = (claims: typeof toCatch, category: string) =>
		claims.filter((c) => answer.placements[c.id] === category).length;
	return {
		keep: { id: keep, label: label(keep) },
		catch: { id: flag, label: label(flag) },
		signal: toCatch.length,
		noise: toKeep.length,
		hits: placedIn(toCatch, flag),
		falseAlarms: placedIn(toKeep, flag),
		kept: placedIn(toKeep, keep)
	};
}

export type DiscernmentCounts = NonNullable<ReturnType<typeof discernmentCounts>>;
