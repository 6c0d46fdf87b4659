import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { assignmentFor } from '../assignment.server';
import { NotFoundError } from '$lib/server/classes';
import { ReviewInputError, recordReview } from '$lib/server/reviews';
import { firstAttemptsBy } from '$lib/server/scoring';
import { readFormData, rejectForm } from '$lib/server/forms';
import type { Answer } from '$lib/lesson';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
	const written = [...data.module.questions.values()].filter((q) => q.type === 'written');
	const questionId = url.searchParams.get('question') ?? written[0]?.id;
	const studentId = url.searchParams.get('student');
	const question = written.find((q) => q.id === questionId);
	if (!question || question.type !== 'written')
		error(404, 'No such written question in this lesson.');

	const firsts = firstAttemptsBy(
		data.attempts.filter((a) => a.question_id === question.id),
		(a) => a.student_id
	);
	// In roster order, not unreviewed first: an answer stays where it was once it is reviewed.
	const answers = data.students
		.filter((s) => firsts.has(s.id) && (!studentId || s.id === studentId))
		.map((s) => {
			const attempt = firsts.get(s.id)!;
			const answer = JSON.parse(attempt.answer) as Answer;
			const review = data.reviews.get(attempt.id);
			return {
				attemptId: attempt.id,
				student: { id: s.id, displayName: s.display_name },
				text: answer.type === 'written' ? answer.text : '',
				selfAssessment: answer.type === 'written' ? answer.selfAssessment : {},
				review: review
					? {
							rubric: JSON.parse(review.rubric) as Record<string, number>,
							comment: review.comment,
							score: review.score
						}
					: null
			};
		});
	return {
		assignment: {
			id: data.assignment.id,
			title: data.module.meta.title,
			className: data.assignment.class_name
		},
		questions: written.map((q) => ({
			id: q.id,
			label: `Q${[...data.module.questions.keys()].indexOf(q.id) + 1} · ${data.module.steps.find((s) => s.questionIds.includes(q.id))?.title}`,
			prompt: q.prompt,
			awaiting: data.attempts.filter(
				(a) => a.question_id === q.id && a.attempt_no === 1 && !data.reviews.has(a.id)
			).length
		})),
		question: {
			id: question.id,
			prompt: question.prompt,
			rubric: question.rubric,
			modelAnswer: question.modelAnswer
		},
		studentFilter: studentId,
		answers
	};
};

const COMMENT_MAX = 2000;

export const actions: Actions = {
	review: async ({ request, locals, params, url }) => {
		const data = await assignmentFor(locals.user!.id, params.assignmentId);
		const { form, problem } = await readFormData(request);
		if (!form) return rejectForm(400, problem);
		const parsed = z
			.object({
				attemptId: z.string().min(1).max(64),
				comment: z
					.string()
					.max(COMMENT_MAX, `Keep the comment under ${COMMENT_MAX} characters.`)
					.default('')
			})
			.safeParse({
				attemptId: form.get('attemptId') ?? undefined,
				comment: form.get('comment') ?? undefined
			});
		if (!parsed.success) return rejectForm(400, parsed.error.issues[0]!.message);
		// Only an answer to this assignment: the address says which one the teacher is reviewing.
		if (!data.attempts.some((a) => a.id === parsed.data.attemptId)) {
			return rejectForm(404, 'No such answer in this assignment.');
		}
		const rubric: Record<string, number> = {};
		for (const [key, value] of form) {
			if (key.startsWith('level-') && typeof value === 'string')
				rubric[key.slice(6)] = Number(value);
		}
		try {
			await recordReview(getDb(), locals.user!.id, parsed.data.attemptId, {
				rubric,
				comment: parsed.data.comment.trim()
			});
		} catch (cause) {
			if (cause instanceof NotFoundError) return rejectForm(404, cause.message);
			if (cause instanceof ReviewInputError)
				return rejectForm(400, cause.message, { values: { attemptId: parsed.data.attemptId } });
			throw cause;
		}
		// Back to the same question (and student), without the action's own `/review` key.
		const shown = new URLSearchParams(
			[...url.searchParams].filter(([key]) => !key.startsWith('/'))
		);
		const query = shown.size ? `?${shown}` : '';
		redirect(303, `${url.pathname}${query}#saved-${parsed.data.attemptId}`);
	}
};
