import { assignmentFor } from './assignment.server';
import { analyseAssignment } from '$lib/server/results';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
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
};
