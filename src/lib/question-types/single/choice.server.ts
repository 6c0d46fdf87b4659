import { z } from 'zod';
import { checkQuotes } from '../article-context';
import { id, keyFields, text, type QuestionType } from '../shared.server';
import type { ChoiceAnswer, ChoiceResult, ChoiceType, PublicChoiceQuestion } from './types';

// Single and multiple choice differ only in how many options may be right and chosen.

function choiceKey<T extends ChoiceType>(type: T) {
	return z.object({
		type: z.literal(type),
		...keyFields,
		options: z
			.array(z.object({ id, text, correct: z.boolean(), feedback: text }))
			.min(2, 'needs at least two options'),
		explanation: text,
		confidence: z.boolean().default(true),
		optionLengthReviewed: z
			.boolean()
			.default(false)
			.describe(
				'Set when the author has checked that a right option longer than 1.5× the longest wrong one is no giveaway'
			)
	});
}

export type ChoiceKey<T extends ChoiceType = ChoiceType> = z.output<
	ReturnType<typeof choiceKey<T>>
>;

const clamp01 = (value: number) => Math.max(0, Math.min(1, value));

export function choiceType<T extends ChoiceType>(type: T, label: string) {
	return {
		type,
		schema: choiceKey(type),

		resolve(question, ctx, at, problems) {
			const ids = question.options.map((o) => o.id);
			if (new Set(ids).size !== ids.length) problems.push(`${at}.options: duplicate option id`);
			const correct = question.options.filter((o) => o.correct).length;
			if (question.type === 'single' && correct !== 1) {
				problems.push(`${at}.options: a single-choice question needs exactly one correct option`);
			}
			if (question.type === 'multiple' && correct < 1) {
				problems.push(`${at}.options: needs at least one correct option`);
			}
			question.options.forEach((o, i) =>
				checkQuotes(ctx, at, `options[${i}].text`, o.text, problems)
			);
			return question;
		},

		publicView: (question) => ({
			type: question.type,
			options: question.options.map((o) => ({ id: o.id, text: o.text })),
			confidence: question.confidence
		}),

		parse(question, form, _ctx, requireComplete) {
			const chosen = [
				...new Set(form.getAll('option').filter((v): v is string => typeof v === 'string'))
			];
			const known = new Set(question.options.map((o) => o.id));
			if (chosen.some((o) => !known.has(o)))
				return { error: 'That option is not part of this question.' };
			if (question.type === 'single' && chosen.length > 1)
				return { error: 'Choose one answer only.' };
			if (requireComplete && chosen.length === 0) {
				return {
					error: question.type === 'single' ? 'Choose an answer.' : 'Choose at least one answer.'
				};
			}
			return { answer: { type: question.type, options: chosen } };
		},

		grade(question, answer) {
			const chosen = new Set(answer.options);
			const correctCount = question.options.filter((o) => o.correct).length;
			const hits = question.options.filter((o) => o.correct && chosen.has(o.id)).length;
			const wrong = question.options.filter((o) => !o.correct && chosen.has(o.id)).length;
			// Partial credit for multiple choice: each wrong pick cancels a right one.
			const score = clamp01((hits - wrong) / correctCount);
			return {
				score,
				correct: hits === correctCount && wrong === 0,
				explanation: question.explanation,
				detail: {
					type: question.type,
					options: question.options.map((o) => ({
						id: o.id,
						chosen: chosen.has(o.id),
						correct: o.correct,
						feedback: o.feedback
					}))
				}
			};
		},

		guide: (question) => ({
			label,
			items: question.options.map((o) => ({
				text: o.text,
				verdict: o.correct ? 'Correct' : 'Incorrect',
				feedback: o.feedback
			})),
			explanation: { heading: 'Rationale', text: question.explanation }
		}),

		analyse(question, answers) {
			const counts = question.options.map((o) => ({
				id: o.id,
				text: o.text,
				correct: o.correct,
				count: answers.filter((a) => a.type === question.type && a.options.includes(o.id)).length
			}));
			return {
				kind: 'choice' as const,
				options: counts,
				commonWrong: counts
					.filter((c) => !c.correct && c.count > 0)
					.sort((a, b) => b.count - a.count)
					.slice(0, 3)
			};
		},

		describe: (question, answer) =>
			answer.options.map((id) => question?.options.find((o) => o.id === id)?.text ?? id).join(' | ')
	} satisfies QuestionType<
		ChoiceKey<T>,
		ChoiceKey<T>,
		PublicChoiceQuestion<T>,
		ChoiceAnswer<T>,
		ChoiceResult<T>
	>;
}
