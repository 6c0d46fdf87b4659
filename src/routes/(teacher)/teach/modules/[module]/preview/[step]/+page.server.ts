import { error, fail } from '@sveltejs/kit';
import { stepOf } from '$lib/server/modules';
import { attemptView, readSubmission, stepData } from '$lib/server/lesson-step';
import { articleContext } from '$lib/question-types/article-context';
import { parseSubmission } from '$lib/question-types/registry.server';
import { previewedModule } from '../preview.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

// A teacher sees a step as a student does, checks answers and reads the feedback; nothing is
// written: the answer is graded and sent back, and a draft is only checked.

async function findStep(event: Pick<RequestEvent, 'params' | 'url' | 'locals'>) {
	const module = await previewedModule(event.locals.user!, event.params.module, event.url);
	const step = stepOf(module, event.params.step);
	if (!step) error(404, 'This lesson step does not exist.');
	return { module, step };
}

export const load: PageServerLoad = async (event) => {
	const { module, step } = await findStep(event);
	return {
		...stepData(module, step, {
			attempts: [],
			drafts: new Map(),
			reviews: new Map(),
			retry: event.url.searchParams.get('retry')
		}),
		version: module.version
	};
};

async function checkAnswer(event: RequestEvent, requireComplete: boolean) {
	const { module, step } = await findStep(event);
	const read = await readSubmission(event, module, step);
	if (read.failure) return { failure: read.failure };
	const { form, question } = read;
	const parsed = parseSubmission(question, form, articleContext(module.article), requireComplete);
	if (!parsed.submission) {
		return { failure: fail(400, { questionId: question.id, message: parsed.error }) };
	}
	return { failure: null, question, submission: parsed.submission };
}

export const actions: Actions = {
	answer: async (event) => {
		const checked = await checkAnswer(event, true);
		if (checked.failure) return checked.failure;
		const { question, submission } = checked;
		return {
			questionId: question.id,
			preview: attemptView(question, {
				attempt_no: 1,
				answer: JSON.stringify(submission.answer),
				confidence: submission.confidence,
				created_at: Date.now()
			})
		};
	},

	draft: async (event) => {
		const checked = await checkAnswer(event, false);
		if (checked.failure) return checked.failure;
		return { questionId: checked.question.id, saved: true };
	}
};
