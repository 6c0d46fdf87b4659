import { assignmentFor } from '../../assignment.server';
import { csvResponse } from '$lib/server/csv';
import { analyseAssignment, gridTable } from '$lib/server/class-results';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
	return csvResponse(
		`${data.assignment.class_name}-${data.module.id}-grid.csv`,
		gridTable(analyseAssignment(data))
	);
};
