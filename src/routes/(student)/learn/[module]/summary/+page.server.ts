import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getModule } from '$lib/server/lessons';
import { getProgress, listAttempts } from '$lib/server/attempts';
import { summariseStudent } from '$lib/server/results';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const module = getModule(params.module);
	if (!module) error(404, 'This lesson does not exist.');
	const db = getDb();
	const [attempts, progress] = await Promise.all([
		listAttempts(db, locals.user!.id, module.id),
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
		summary: summariseStudent(module, attempts),
		completedAt: progress?.completed_at ?? null
	};
};
