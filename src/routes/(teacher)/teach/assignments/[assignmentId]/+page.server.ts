import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { assignmentFor } from './assignment.server';
import { analyseAssignment } from '$lib/server/class-results';
import type { PageServerLoad } from './$types';

// The page is server-rendered HTML and needs no script: sorting, filtering, the opened step and
// the marks shown on the article are GET parameters, so they work without JavaScript and a
// teacher can bookmark "who needs review". Hydrating it sent every student's figures a second
// time, as data (a class of 400: 327 KB more), and had a phone run seconds of script to rebuild
// a page with nothing to do in the browser.
export const csr = false;

/** A student's figures on one sort: d′, c, and which way they lean, in words. */
type SortFigures = [dPrime: number, criterion: number, leaning: string];
/** A student's cell for one step: questions answered, first-attempt score, answers to review. */
type StepCell = [answered: number, score: number | null, awaitingReview: number];
/** A student's cell for one question of the opened step. */
type QuestionCell = [tries: number, score: number | null, awaitingReview: boolean];

const viewSchema = z.object({
	sort: z.enum(['name', 'status', 'score', 'gain']).default('name'),
	order: z.enum(['asc', 'desc']).optional(),
	show: z.enum(['all', 'not-started', 'in-progress', 'done', 'late', 'review']).default('all'),
	step: z.string().max(100).optional(),
	heat: z.string().max(100).optional()
});

export const load: PageServerLoad = async ({ params, locals, url }) => {
	// Whose assignment it is is settled first: someone else's answers 404 whatever the query.
	const data = await assignmentFor(locals.user!.id, params.assignmentId);
	const parsed = viewSchema.safeParse(
		Object.fromEntries(
			['sort', 'order', 'show', 'step', 'heat'].flatMap((k) => {
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
	// The article with the sentences students marked: the question asked for, else the first.
	const markItems = results.items.filter(
		(i): i is Extract<typeof i, { kind: 'mark' }> => i.kind === 'mark'
	);
	const heat =
		view.heat === undefined
			? (markItems[0] ?? null)
			: markItems.find((i) => i.questionId === view.heat);
	if (heat === undefined) error(400, 'This lesson has no such question to show marks for.');

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
		// Only when the page shows it, under the marks.
		article: heat ? data.module.article : null,
		heat,
		view: { ...view, order: descending ? 'desc' : 'asc' } as const,
		counts,
		results: {
			...results,
			// SvelteKit serialises what a load returns even for a page it does not hydrate, so each
			// row is only what the page shows, in short form: a class of 400 made 300 KB of it.
			rows: shown.map((row) => ({
				id: row.student.id,
				name: row.student.displayName,
				version: row.moduleVersion,
				status: row.statusText,
				late: row.late,
				review: row.awaitingReview,
				score: row.score,
				gain: row.gain,
				pre: row.pre,
				post: row.post,
				delayed: row.delayed,
				// d′, c and the leaning in words for each part with a sort, in results.discernment's order.
				sorts: results.discernment.map(({ form }): SortFigures | null => {
					const reading = row.discernment[form];
					return reading && [reading.dPrime, reading.criterion, reading.biasWords.they];
				}),
				// Each step's cell, in results.steps' order, and the opened step's questions.
				steps: results.steps.map(({ slug }): StepCell => {
					const step = row.steps[slug]!;
					return [step.answered, step.score, step.awaitingReview];
				}),
				questions: (openStep?.questionIds ?? []).map((id): QuestionCell => {
					const cell = row.cells[id]!;
					return [cell.tries, cell.score, cell.awaitingReview];
				})
			}))
		}
	};
};
