import { getDb } from '$lib/server/db';
import { moduleOpenTo } from '../access.server';
import { loadStudentSummary } from '$lib/server/student-results';
import { recordSummaryVisit } from '$lib/server/attempts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { module, work } = await moduleOpenTo(locals.user!.id, params.module);
	const summary = await loadStudentSummary(getDb(), locals.user!.id, work.assignmentId, module);
	return {
		module: { id: module.id, title: module.meta.title, version: module.version },
		steps: module.steps.map((s) => ({
			slug: s.slug,
			title: s.title,
			number: s.number,
			check: s.check ?? null
		})),
		summary,
		completedAt: work.progress?.completedAt ?? null
	};
};

export const actions: Actions = {
	/** Sent by the page once it is shown: the student has seen their teacher's feedback. */
	visit: async ({ params, locals }) => {
		const { work } = await moduleOpenTo(locals.user!.id, params.module);
		await recordSummaryVisit(getDb(), work);
		return { visited: 'summary' };
	}
};
