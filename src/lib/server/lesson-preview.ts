import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { articleContext } from '$lib/question-types/article-context';
import { parseSubmission } from '$lib/question-types/registry.server';
import { attemptView, readSubmission, stepData } from './lesson-step';
import { stepOf } from './modules';
import type { LessonModule } from './module-document';

// A teacher sees a step as a student does, checks answers and reads the feedback; nothing is
// written: the answer is graded and sent back, and a draft is only checked. The same for a
// published version and for a draft being written; each route says how it finds its module.

type StepEvent = RequestEvent<{ module: string; step: string }>;
type FindModule = (event: StepEvent) => Promise<LessonModule>;

export function previewStepRoute(findModule: FindModule) {
	async function findStep(event: StepEvent) {
		const module = await findModule(event);
		const step = stepOf(module, event.params.step);
		if (!step) error(404, 'This lesson step does not exist.');
		return { module, step };
	}

	async function checkAnswer(event: StepEvent, requireComplete: boolean) {
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

	return {
		load: async (event: StepEvent) => {
			const { module, step } = await findStep(event);
			return {
				...stepData(module, step, {
					attempts: [],
					drafts: new Map(),
					retry: event.url.searchParams.get('retry')
				}),
				version: module.version
			};
		},
		actions: {
			answer: async (event: StepEvent) => {
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
			draft: async (event: StepEvent) => {
				const checked = await checkAnswer(event, false);
				if (checked.failure) return checked.failure;
				return { questionId: checked.question.id, saved: true };
			}
		}
	};
}
