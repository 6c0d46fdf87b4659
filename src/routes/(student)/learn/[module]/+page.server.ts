import { getDb } from '$lib/server/db';
import { moduleOpenTo } from './access.server';
import { getProgress, listAttempts } from '$lib/server/attempts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const module = await moduleOpenTo(locals.user!.id, params.module);
	const db = getDb();
	const [progress, attempts] = await Promise.all([
		getProgress(db, locals.user!.id, module.id),
		listAttempts(db, locals.user!.id, module.id)
	]);
	const answered = new Set(attempts.map((a) => a.question_id)).size;
	const resumeSlug =
		progress && module.steps.some((s) => s.slug === progress.current_step)
			? progress.current_step
			: module.steps[0]!.slug;
	return {
		module: { id: module.id, ...module.meta },
		steps: module.steps.map((s) => ({
			slug: s.slug,
			title: s.title,
			number: s.number,
			check: s.check ?? null
		})),
		started: Boolean(progress),
		completed: Boolean(progress?.completed_at),
		resumeSlug,
		answered,
		questionCount: module.questions.size
	};
};
