import { assignmentFor } from './assignment.server';
import { analyseAssignment } from '$lib/server/class-results';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
	const results = analyseAssignment(data);
	return {
		assignment: {
			id: data.assignment.id,
			classId: data.assignment.class_id,
			className: data.assignment.class_name,
			title: data.module.meta.title,
			moduleVersion: data.module.version,
			dueAt: data.assignment.due_at
		},
		article: data.module.article,
		results: {
			...results,
			// Serialised into the page for every student and question: only what the grid shows,
			// which halves the data of a class's page.
			rows: results.rows.map((row) => ({
				student: { id: row.student.id, displayName: row.student.displayName },
				moduleVersion: row.moduleVersion,
				completion: row.completion,
				score: row.score,
				gain: row.gain,
				cells: Object.fromEntries(
					Object.entries(row.cells).map(([questionId, cell]) => [
						questionId,
						{ tries: cell.tries, score: cell.score, awaitingReview: cell.awaitingReview }
					])
				)
			}))
		}
	};
};
