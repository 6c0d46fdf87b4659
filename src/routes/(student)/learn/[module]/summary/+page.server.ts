import { getDb } from '$lib/server/db';
import { moduleOpenTo } from '../access.server';
import { loadStudentSummary } from '$lib/server/student-results';
import type { PageServerLoad } from './$types';

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
