import { z } from 'zod';
import { squash } from '../article-context';
import { id, keyFields, text, type QuestionType } from '../shared.server';
import type { MarkAnswer, MarkResult, PublicMarkQuestion } from './types';

const quoted = z.object({ quote: text, feedback: text });
const markKey = z.object({
	type: z.literal('mark'),
	...keyFields,
	/** Sentences that should be marked. */
	targets: z.array(quoted).min(1, 'needs at least one sentence to find'),
	/** Sentences a careful reader may mark or not: no credit, no penalty. */
	optional: z.array(quoted).default([]),
	/** Sentences students often mark wrongly, with feedback saying why. */
	decoys: z.array(quoted).default([]),
	otherFeedback: text,
	explanation: text
});

type MarkKey = z.output<typeof markKey>;
export type SentenceRole = { role: 'target' | 'optional' | 'decoy'; feedback: string };
export type MarkQuestion = MarkKey & {
	/** Sentence ids, resolved from the quotes. */
	sentenceRoles: Map<string, SentenceRole>;
};

const clamp01 = (value: number) => Math.max(0, Math.min(1, value));

export const mark = {
	type: 'mark',
	schema: markKey,

	resolve(question, ctx, at, problems) {
		const roles = new Map<string, SentenceRole>();
		for (const role of ['target', 'optional', 'decoy'] as const) {
			const list =
				role === 'target'
					? question.targets
					: role === 'optional'
						? question.optional
						: question.decoys;
			list.forEach((entry, i) => {
				const field = `${role === 'target' ? 'targets' : role === 'optional' ? 'optional' : 'decoys'}[${i}].quote`;
				const found = ctx.sentences.filter((s) => squash(s.text).includes(squash(entry.quote)));
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
		return { ...question, sentenceRoles: roles };
	},

	publicView: () => ({ type: 'mark', confidence: false }),

	parse(_question, form, ctx, requireComplete) {
		const marked = [
			...new Set(form.getAll('sentence').filter((v): v is string => typeof v === 'string'))
		];
		if (marked.some((s) => !ctx.sentenceIds.has(s))) {
			return { error: 'A marked sentence is not part of the article.' };
		}
		if (requireComplete && marked.length === 0) return { error: 'Mark at least one sentence.' };
		return { answer: { type: 'mark', sentences: marked } };
	},

	grade(question, answer) {
		const roles = question.sentenceRoles;
		const marked = new Set(answer.sentences);
		let hits = 0;
		let falseMarks = 0;
		for (const sentenceId of marked) {
			const role = roles.get(sentenceId)?.role;
			if (role === 'target') hits += 1;
			else if (role !== 'optional') falseMarks += 1;
		}
		const targets = question.targets.length;
		const shown = new Set([
			...marked,
			...[...roles].filter(([, r]) => r.role === 'target').map(([id]) => id)
		]);
		return {
			score: clamp01((hits - falseMarks) / targets),
			correct: hits === targets && falseMarks === 0,
			explanation: question.explanation,
			detail: {
				type: 'mark',
				hits,
				falseMarks,
				targets,
				sentences: [...shown].map((sentenceId) => {
					const entry = roles.get(sentenceId);
					const role =
						entry?.role === 'target' || entry?.role === 'optional' ? entry.role : 'other';
					return {
						id: sentenceId,
						marked: marked.has(sentenceId),
						role,
						feedback: entry?.feedback ?? question.otherFeedback
					};
				})
			}
		};
	},

	guide: (question, ctx) => ({
		label: 'Mark the passage',
		items: [...question.sentenceRoles].map(([sentenceId, entry]) => ({
			text: ctx.sentenceText.get(sentenceId)!,
			verdict: { target: 'Mark', optional: 'Either way', decoy: 'Do not mark' }[entry.role],
			feedback: entry.feedback
		})),
		explanation: { heading: 'Rationale', text: question.explanation }
	}),

	analyse(question, answers) {
		const marks: Record<string, number> = {};
		for (const a of answers)
			if (a.type === 'mark') for (const s of a.sentences) marks[s] = (marks[s] ?? 0) + 1;
		const roles = Object.fromEntries([...question.sentenceRoles].map(([id, r]) => [id, r.role]));
		return { kind: 'mark' as const, marks, roles };
	},

	describe: (_question, answer, ctx) =>
		answer.sentences.map((id) => `“${ctx.sentenceText.get(id) ?? id}”`).join(' | ')
} satisfies QuestionType<MarkKey, MarkQuestion, PublicMarkQuestion, MarkAnswer, MarkResult>;
