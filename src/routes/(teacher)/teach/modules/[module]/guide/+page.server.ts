import { error } from '@sveltejs/kit';
import { getModule } from '$lib/server/lessons';
import { sentencesOf } from '$lib/server/article';
import type { PageServerLoad } from './$types';

/** The answer key, laid out for a teacher: the page is in the (teacher) group. */
export const load: PageServerLoad = async ({ params }) => {
	const module = getModule(params.module);
	if (!module) error(404, 'This lesson does not exist.');
	const sentenceText = new Map(sentencesOf(module.article).map((s) => [s.id, s.text]));
	const numbers = new Map(module.steps.flatMap((s) => s.questionIds).map((id, i) => [id, i + 1]));
	const steps = module.steps.map((step) => ({
		title: step.title,
		number: step.number,
		questions: step.questionIds.map((id) => {
			const q = module.questions.get(id)!;
			const number = numbers.get(id)!;
			switch (q.type) {
				case 'single':
				case 'multiple':
					return {
						id,
						number,
						type: q.type,
						prompt: q.prompt,
						explanation: q.explanation,
						items: q.options.map((o) => ({
							text: o.text,
							verdict: o.correct ? 'Correct' : 'Incorrect',
							feedback: o.feedback
						}))
					};
				case 'mark':
					return {
						id,
						number,
						type: q.type,
						prompt: q.prompt,
						explanation: q.explanation,
						items: [...q.sentenceRoles!].map(([sentenceId, entry]) => ({
							text: sentenceText.get(sentenceId)!,
							verdict: { target: 'Mark', optional: 'Either way', decoy: 'Do not mark' }[entry.role],
							feedback: entry.feedback
						}))
					};
				case 'sort':
					return {
						id,
						number,
						type: q.type,
						prompt: q.prompt,
						explanation: q.explanation,
						items: q.claims.map((c) => ({
							text: c.quote,
							verdict: q.categories.find((cat) => cat.id === c.category)!.label,
							feedback: c.feedback
						}))
					};
				case 'written':
					return {
						id,
						number,
						type: q.type,
						prompt: q.prompt,
						explanation: q.modelAnswer,
						items: q.rubric.map((criterion) => ({
							text: criterion.label,
							verdict: 'Rubric',
							feedback: criterion.levels
								.map((l) => `${l.score} ${l.label}: ${l.description}`)
								.join(' · ')
						}))
					};
			}
		})
	}));
	return {
		module: { id: module.id, title: module.meta.title, objectives: module.meta.objectives },
		steps
	};
};
