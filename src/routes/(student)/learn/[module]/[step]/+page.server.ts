import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { stepOpenTo } from '../access.server';
import { lessonQuestionIds } from '$lib/server/delayed-check';
import { readSubmission, stepData } from '$lib/server/lesson-step';
import { articleContext } from '$lib/question-types/article-context';
import { grade, parseSubmission } from '$lib/question-types/registry.server';
import {
	DelayedCheckClosedError,
	QuestionLockedError,
	SubmissionConflictError,
	listAttemptsWithReviews,
	listDrafts,
	recordStepVisit,
	saveDraft,
	submitAttempt
} from '$lib/server/attempts';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const student = locals.user!;
	// No write here: a load also runs when a link is merely hovered (preloading). The page
	// records the visit once it is shown (?/visit), and answers and drafts record it too.
	const { module, work, step } = await stepOpenTo(student.id, params);
	const [attempts, drafts] = await Promise.all([
		listAttemptsWithReviews(db, student.id, work.assignmentId),
		listDrafts(db, student.id, work.assignmentId)
	]);
	return stepData(module, step, { attempts, drafts, retry: url.searchParams.get('retry') });
};

export const actions: Actions = {
	answer: async (event) => {
		const { module, work, step } = await stepOpenTo(event.locals.user!.id, event.params);
		const read = await readSubmission(event, module, step);
		if (read.failure) return read.failure;
		const { form, question } = read;
		const ctx = articleContext(module.article);
		const { submission, error: problem } = parseSubmission(question, form, ctx);
		if (!submission) return fail(400, { questionId: question.id, message: problem });

		const submissionId = form.get('submissionId');
		// The page makes this id; a resend of it, in whatever case, is the same submission.
		if (submissionId !== null && (typeof submissionId !== 'string' || !UUID.test(submissionId))) {
			return fail(400, {
				questionId: question.id,
				message: 'This answer came without a valid submission id. Reload the page and answer again.'
			});
		}
		const elapsed = Number(form.get('elapsedMs'));
		const grading = grade(question, submission.answer);
		try {
			await submitAttempt(getDb(), {
				...work,
				submissionId: submissionId?.toLowerCase(),
				questionId: question.id,
				stepSlug: step.slug,
				answer: submission.answer,
				confidence: submission.confidence,
				score: grading.score,
				correct: grading.correct,
				elapsedMs:
					Number.isInteger(elapsed) && elapsed >= 0 && elapsed < 86_400_000 ? elapsed : null,
				once: question.once,
				delayedCheck: step.check === 'delayed',
				moduleQuestionIds: lessonQuestionIds(module)
			});
		} catch (cause) {
			if (cause instanceof QuestionLockedError || cause instanceof SubmissionConflictError) {
				return fail(409, { questionId: question.id, message: cause.message });
			}
			// The teacher closed the check between the page's check and the answer's.
			if (cause instanceof DelayedCheckClosedError) {
				return fail(403, { questionId: question.id, message: cause.message });
			}
			throw cause;
		}
		// Post, then redirect: a reload cannot post the answer twice, and the page lands on the feedback.
		redirect(303, `${event.url.pathname}#q-${question.id}`);
	},

	draft: async (event) => {
		const { module, work, step } = await stepOpenTo(event.locals.user!.id, event.params);
		const read = await readSubmission(event, module, step);
		if (read.failure) return read.failure;
		const { form, question } = read;
		const ctx = articleContext(module.article);
		const { submission, error: problem } = parseSubmission(question, form, ctx, false);
		if (!submission) return fail(400, { questionId: question.id, message: problem });
		await recordStepVisit(getDb(), work, step.slug);
		await saveDraft(getDb(), { ...work, questionId: question.id, answer: submission.answer });
		return { questionId: question.id, saved: true };
	},

	/** Sent by the page once it is shown: the step the student resumes at. */
	visit: async (event) => {
		const { work, step } = await stepOpenTo(event.locals.user!.id, event.params);
		await recordStepVisit(getDb(), work, step.slug);
		return { visited: step.slug };
	}
};
