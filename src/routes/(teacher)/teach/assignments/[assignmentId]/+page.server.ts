import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { assignmentFor } from './assignment.server';
import { analyseAssignment } from '$lib/server/class-results';
import type { PageServerLoad } from './$types';

// Sorting, filtering and the opened step are GET parameters, so they work without JavaScript and
// a teacher can bookmark "who needs review".
const viewSchema = z.object({
	sort: z.enum(['name', 'status', 'score', 'gain']).default('name'),
	order: z.enum(['asc', 'desc']).optional(),
	show: z.enum(['all', 'not-started', 'in-progress', 'done', 'late', 'review']).default('all'),
	step: z.string().max(100).optional()
});

export const load: PageServerLoad = async ({ params, locals, url }) => {
	// Whose assignment it is is settled first: someone else's answers 404 whatever the query.
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
	const parsed = viewSchema.safeParse(
		Object.fromEntries(
			['sort', 'order', 'show', 'step'].flatMap((k) => {
				const value = url.searchParams.get(k);
				return value === null ? [] : [[k, value]];
			})
		)
	);
	if (!parsed.success) {
		error(400, 'This results view is not known: use the sort and filter links on the page.');
	}
	const view = parsed.data;
	const results = analyseAssignment(data);
	const openStep = view.step === undefined ? null : results.steps.find((s) => s.slug === view.step);
	if (openStep === undefined) error(400, 'This lesson has no such step.');

	const counts = {
		all: results.rows.length,
		'not-started': results.rows.filter((r) => r.status.kind === 'not-started').length,
		'in-progress': results.rows.filter((r) => r.status.kind === 'in-progress').length,
		done: results.rows.filter((r) => r.status.kind === 'done').length,
		late: results.rows.filter((r) => r.late).length,
		review: results.rows.filter((r) => r.awaitingReview > 0).length
	};
	const shown = results.rows.filter((r) =>
		view.show === 'all'
			? true
			: view.show === 'late'
				? r.late
				: view.show === 'review'
					? r.awaitingReview > 0
					: r.status.kind === view.show
	);
	const descending = (view.order ?? (view.sort === 'name' ? 'asc' : 'desc')) === 'desc';
	const progressOrder = (r: (typeof shown)[number]) =>
		r.status.kind === 'done' ? Infinity : r.status.kind === 'in-progress' ? r.status.step : 0;
	const valueOf = (r: (typeof shown)[number]): number | null =>
		view.sort === 'status' ? progressOrder(r) : view.sort === 'name' ? 0 : r[view.sort];
	shown.sort((a, b) => {
		if (view.sort !== 'name') {
			const [x, y] = [valueOf(a), valueOf(b)];
			// Students without a figure go last either way.
			if (x === null || y === null) {
				if (x !== y) return x === null ? 1 : -1;
			} else if (x !== y) return descending ? y - x : x - y;
		}
		const byName = a.student.displayName.localeCompare(b.student.displayName);
		return view.sort === 'name' && descending ? -byName : byName;
	});

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
		view: { ...view, order: descending ? 'desc' : 'asc' } as const,
		counts,
		results: {
			...results,
			// Serialised into the page for every student shown: only what the grid shows, and each
			// question's cell only for the step opened.
			rows: shown.map((row) => ({
				student: { id: row.student.id, displayName: row.student.displayName },
				moduleVersion: row.moduleVersion,
				statusText: row.statusText,
				late: row.late,
				awaitingReview: row.awaitingReview,
				score: row.score,
				gain: row.gain,
				pre: row.pre,
				post: row.post,
				delayed: row.delayed,
				delayedGain: row.delayedGain,
				// Only the figures the discernment table shows, for the parts that have a sort.
				discernment: Object.fromEntries(
					results.discernment.map(({ form }) => {
						const reading = row.discernment[form];
						return [
							form,
							reading && {
								dPrime: reading.dPrime,
								criterion: reading.criterion,
								leaning: reading.biasWords.they
							}
						];
					})
				),
				steps: row.steps,
				cells: Object.fromEntries(
					(openStep?.questionIds ?? []).map((questionId) => {
						const cell = row.cells[questionId]!;
						return [
							questionId,
							{ tries: cell.tries, score: cell.score, awaitingReview: cell.awaitingReview }
						];
					})
				)
			}))
		}
	};
};
