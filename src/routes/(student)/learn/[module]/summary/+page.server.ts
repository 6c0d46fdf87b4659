import { getDb } from '$lib/server/db';
import { moduleOpenTo } from '../access.server';
import { getProgress, listAttempts } from '$lib/server/attempts';
import { listOwnReviews, summariseStudent } from '$lib/server/results';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const module = await moduleOpenTo(locals.user!.id, params.module);
	const db = getDb();
	const [attempts, progress, reviews] = await Promise.all([
		listAttempts(db, locals.user!.id, module.id),
		getProgress(db, locals.user!.id, module.id),
		listOwnReviews(db, locals.user!.id, module.id)
	]);
	return {
		module: { id: module.id, title: module.meta.title },
		steps: module.steps.map((s) => ({
			slug: s.slug,
			title: s.title,
			number: s.number,
			check: s.check ?? null
		})),
		summary: summariseStudent(module, attempts, reviews),
		completedAt: progress?.completed_at ?? null
	};
};
