import { error, fail, redirect } from '@sveltejs/kit';
import { randomUUID } from 'node:crypto';
import { getDb } from '$lib/server/db';
import { moduleOpenTo } from '../access.server';
import type { LessonModule } from '$lib/server/module-document';
import { questionsOfStep, stepOf } from '$lib/server/modules';
import { articleContext } from '$lib/question-types/article-context';
import { grade, parseSubmission, publicQuestion } from '$lib/question-types/registry.server';
import {
	QuestionLockedError,
	SubmissionConflictError,
	listAttempts,
	listDrafts,
	recordStepVisit,
	saveDraft,
	submitAttempt
} from '$lib/server/attempts';
import { readFormData } from '$lib/server/forms';
import { listOwnReviews } from '$lib/server/student-results';
import type { Answer, AttemptView, Confidence, QuestionState } from '$lib/lesson';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findStep(studentId: string, params: { module: string; step: string }) {
	const { module, work } = await moduleOpenTo(studentId, params.module);
	const step = stepOf(module, params.step);
	if (!step) error(404, 'This lesson step does not exist.');
	return { module, work, step };
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const student = locals.user!;
	// No write here: a load also runs when a link is merely hovered (preloading). The page
	// records the visit once it is shown (?/visit), and answers and drafts record it too.
	const { module, work, step } = await findStep(student.id, params);

	const [attempts, drafts, reviews] = await Promise.all([
		listAttempts(db, student.id, work.assignmentId),
		listDrafts(db, student.id, work.assignmentId),
		listOwnReviews(db, student.id, work.assignmentId)
	]);
	const answered = new Set(attempts.map((a) => a.question_id));
	const questions: Record<string, QuestionState> = {};
	for (const question of questionsOfStep(module, step)) {
		const own: AttemptView[] = attempts
			.filter((a) => a.question_id === question.id)
			.map((a) => {
				const answer = JSON.parse(a.answer) as Answer;
				return {
					attemptNo: a.attempt_no,
					answer,
					confidence: a.confidence as Confidence | null,
					createdAt: a.created_at,
					grading: grade(question, answer),
					review: reviews.get(a.id) ?? null
				};
			});
		questions[question.id] = {
			question: publicQuestion(question),
			attempts: own,
			draft: drafts.get(question.id) ?? null,
			locked: question.once && own.length > 0,
			submissionId: randomUUID()
		};
	}
	const needsArticle =
		step.article === 'beside' || Object.values(questions).some((q) => q.question.type === 'mark');
	return {
		module: { id: module.id, title: module.meta.title, sourceNote: module.meta.source.note },
		steps: module.steps.map((s) => ({
			slug: s.slug,
			title: s.title,
			number: s.number,
			check: s.check ?? null
		})),
		step: {
			slug: step.slug,
			title: step.title,
			number: step.number,
			article: step.article,
			blocks: step.blocks
		},
		article: needsArticle ? module.article : null,
		questions,
		answeredCount: answered.size,
		questionCount: module.questions.size,
		retry: url.searchParams.get('retry')
	};
};

async function readSubmission(
	event: RequestEvent,
	module: LessonModule,
	stepQuestionIds: string[]
) {
	const { form, problem } = await readFormData(event.request);
	if (!form) return { failure: fail(400, { questionId: '', message: problem }) };
	const questionId = form.get('questionId');
	if (typeof questionId !== 'string' || !stepQuestionIds.includes(questionId)) {
		return {
			failure: fail(404, { questionId: '', message: 'That question is not part of this step.' })
		};
	}
	return { form, question: module.questions.get(questionId)! };
}

export const actions: Actions = {
	answer: async (event) => {
		const { module, work, step } = await findStep(event.locals.user!.id, event.params);
		const read = await readSubmission(event, module, step.questionIds);
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
				moduleQuestionIds: [...module.questions.keys()]
			});
		} catch (cause) {
			if (cause instanceof QuestionLockedError || cause instanceof SubmissionConflictError) {
				return fail(409, { questionId: question.id, message: cause.message });
			}
			throw cause;
		}
		// Post, then redirect: a reload cannot post the answer twice, and the page lands on the feedback.
		redirect(303, `${event.url.pathname}#q-${question.id}`);
	},

	draft: async (event) => {
		const { module, work, step } = await findStep(event.locals.user!.id, event.params);
		const read = await readSubmission(event, module, step.questionIds);
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
		const { work, step } = await findStep(event.locals.user!.id, event.params);
		await recordStepVisit(getDb(), work, step.slug);
		return { visited: step.slug };
	}
};
