import { assignmentFor } from '../../assignment.server';
import { csvResponse } from '$lib/server/csv';
import { analyseAssignment } from '$lib/server/results';
import type { RequestHandler } from './$types';

const percent = (v: number | null) => (v === null ? '' : Math.round(v * 100));

export const GET: RequestHandler = async ({ params, locals }) => {
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
	const results = analyseAssignment(data);
	const header = [
		'Student',
		'Username',
		'Completion %',
		'Score %',
		'Pre-check %',
		'Post-check %',
		'Awaiting review',
		...results.questions.map((q, i) => `Q${i + 1} ${q.id} %`),
		...results.questions.map((q, i) => `Q${i + 1} tries`)
	];
	const rows = results.rows.map((row) => [
		row.student.displayName,
		row.student.username,
		percent(row.completion),
		percent(row.score),
		percent(row.pre),
		percent(row.post),
		row.awaitingReview,
		...results.questions.map((q) => percent(row.cells[q.id]!.score)),
		...results.questions.map((q) => row.cells[q.id]!.tries)
	]);
	return csvResponse(`${data.assignment.class_name}-${data.module.id}-grid.csv`, [header, ...rows]);
};
