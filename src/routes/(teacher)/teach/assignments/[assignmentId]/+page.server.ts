import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { NotFoundError } from '$lib/server/classes';
import { analyseAssignment, loadAssignmentData } from '$lib/server/results';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	try {
		const data = await loadAssignmentData(getDb(), locals.user!.id, params.assignmentId);
		return {
			assignment: {
				id: data.assignment.id,
				classId: data.assignment.class_id,
				className: data.assignment.class_name,
				title: data.module.meta.title,
				dueAt: data.assignment.due_at
			},
			article: data.module.article,
			results: analyseAssignment(data)
		};
	} catch (cause) {
		if (cause instanceof NotFoundError) error(404, cause.message);
		throw cause;
	}
};
