import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { assignmentFor } from '../../assignment.server';
import { NotFoundError } from '$lib/server/classes';
import { studentWork } from '$lib/server/class-results';
import { overrideScore } from '$lib/server/reviews';
import { parseForm, rejectForm } from '$lib/server/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
	const work = studentWork(data, params.studentId);
	if (!work) error(404, 'No such student in this class.');
	return {
		assignment: {
			id: data.assignment.id,
			title: data.module.meta.title,
			className: data.assignment.class_name
		},
		...work
	};
};

const overrideSchema = z.object({
	attemptId: z.string().min(1).max(64),
	// A blank field is not a score of 0.
	score: z
		.string({ error: 'Enter a score from 0 to 100.' })
		.trim()
		.min(1, 'Enter a score from 0 to 100.')
		.pipe(
			z.coerce
				.number<string>({ error: 'Enter a score from 0 to 100.' })
				.int('Enter a whole number from 0 to 100.')
				.min(0, 'Enter a score from 0 to 100.')
				.max(100, 'Enter a score from 0 to 100.')
		),
	reason: z
		.string({ error: 'Give a reason for the change.' })
		.trim()
		.min(3, 'Give a reason for the change.')
		.max(500, 'Keep the reason under 500 characters.')
});

export const actions: Actions = {
	override: async ({ request, locals, params, url }) => {
		const assignment = await assignmentFor(locals.user!.id, params.assignmentId);
		const { data, failure } = await parseForm(request, overrideSchema);
		if (failure) return failure;
		// Only this student's answer to this assignment, as the address says.
		const attempt = assignment.attempts.find((a) => a.id === data.attemptId);
		if (attempt?.student_id !== params.studentId) {
			return rejectForm(404, 'No such answer from this student in this assignment.');
		}
		try {
			await overrideScore(getDb(), locals.user!.id, data.attemptId, {
				score: data.score / 100,
				reason: data.reason
			});
		} catch (cause) {
			if (cause instanceof NotFoundError) return rejectForm(404, cause.message);
			throw cause;
		}
		redirect(303, `${url.pathname}#attempt-${data.attemptId}`);
	}
};
