import { assignmentFor } from '../../assignment.server';
import { csvResponse } from '$lib/server/csv';
import { describeAnswer, effectiveScore } from '$lib/server/results';
import type { Answer } from '$lib/lesson';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals }) => {
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
	const names = new Map(data.students.map((s) => [s.id, s]));
	const rows = data.attempts.map((a) => {
		const question = data.module.questions.get(a.question_id);
		const student = names.get(a.student_id);
		return [
			student?.display_name,
			student?.username,
			a.question_id,
			a.attempt_no,
			new Date(a.created_at).toISOString(),
			question
				? describeAnswer(question, JSON.parse(a.answer) as Answer, data.module.article)
				: a.answer,
			a.confidence,
			a.score === null ? '' : Math.round(a.score * 100),
			(() => {
				const s = effectiveScore(data, a);
				return s === null ? '' : Math.round(s * 100);
			})(),
			data.reviews.get(a.id)?.comment ?? '',
			data.overrides.get(a.id)?.reason ?? ''
		];
	});
	const header = [
		'Student',
		'Username',
		'Question',
		'Attempt',
		'Time (UTC)',
		'Answer',
		'Confidence',
		'Automatic score %',
		'Score that counts %',
		'Review comment',
		'Override reason'
	];
	return csvResponse(`${data.assignment.class_name}-${data.module.id}-attempts.csv`, [
		header,
		...rows
	]);
};
