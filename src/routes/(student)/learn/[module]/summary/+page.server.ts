import { getDb } from '$lib/server/db';
import { moduleOpenTo } from '../access.server';
import { getProgress } from '$lib/server/attempts';
import { loadStudentSummary } from '$lib/server/student-results';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const module = await moduleOpenTo(locals.user!.id, params.module);
	const db = getDb();
	const [summary, progress] = await Promise.all([
		loadStudentSummary(db, locals.user!.id, module),
		getProgress(db, locals.user!.id, module.id)
	]);
	return {
		module: { id: module.id, title: module.meta.title },
		steps: module.steps.map((s) => ({
			slug: s.slug,
			title: s.title,
			number: s.number,
			check: s.check ?? null
		})),
		summary,
		completedAt: progress?.completed_at ?? null
	};
};
