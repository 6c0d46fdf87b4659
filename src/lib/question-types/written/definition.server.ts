import { z } from 'zod';
import { id, keyFields, text, type QuestionType } from '../shared.server';
import type { PublicWrittenQuestion, WrittenAnswer, WrittenResult } from './types';

export const WRITTEN_MAX_CHARS = 5000;

const writtenKey = z.object({
	type: z.literal('written'),
	...keyFields,
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
	modelAnswer: text
});

type WrittenQuestion = z.output<typeof writtenKey>;

export const written = {
	type: 'written',
	schema: writtenKey,

	resolve: (question) => question,

	publicView: (question) => ({
		type: 'written',
		guidance: question.guidance ?? null,
		minWords: question.minWords,
		rubric: question.rubric,
		confidence: false
	}),

	parse(question, form, _ctx, requireComplete) {
		const raw = form.get('text');
		const text = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n') : '';
		if (text.length > WRITTEN_MAX_CHARS) {
			return { error: `Keep your answer under ${WRITTEN_MAX_CHARS} characters.` };
		}
		if (requireComplete && text.trim().length === 0) return { error: 'Write your answer first.' };
		const words = text.trim().split(/\s+/).filter(Boolean).length;
		if (requireComplete && words < question.minWords) {
			return { error: `Write at least ${question.minWords} words (you have ${words}).` };
		}
		const selfAssessment: Record<string, number> = {};
		for (const criterion of question.rubric) {
			const value = form.get(`self-${criterion.id}`);
			if (value === null || value === '') continue;
			const score = Number(value);
			if (!criterion.levels.some((level) => level.score === score)) {
				return { error: 'That self-assessment level is not on the rubric.' };
			}
			selfAssessment[criterion.id] = score;
		}
		return { answer: { type: 'written', text, selfAssessment } };
	},

	// The teacher scores it; the student sees the model answer to compare with.
	grade: (question) => ({
		score: null,
		correct: false,
		explanation: question.guidance ?? '',
		detail: { type: 'written', modelAnswer: question.modelAnswer }
	}),

	guide: (question) => ({
		label: 'Written answer',
		items: question.rubric.map((criterion) => ({
			text: criterion.label,
			verdict: 'Rubric',
			feedback: criterion.levels.map((l) => `${l.score} ${l.label}: ${l.description}`).join(' · ')
		})),
		explanation: { heading: 'Model answer', text: question.modelAnswer }
	}),

	analyse: (_question, _answers, firsts, adjustments) => ({
		kind: 'written' as const,
		reviewed: firsts.filter((a) => adjustments.reviews.has(a.id)).length
	}),

	describe: (_question, answer) => answer.text
} satisfies QuestionType<
	WrittenQuestion,
	WrittenQuestion,
	PublicWrittenQuestion,
	WrittenAnswer,
	WrittenResult
>;
