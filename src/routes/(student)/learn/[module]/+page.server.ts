import { getDb } from '$lib/server/db';
import { moduleOpenTo } from './access.server';
import { listAttempts } from '$lib/server/attempts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { module, work, delayedCheck } = await moduleOpenTo(locals.user!.id, params.module);
	const attempts = await listAttempts(getDb(), locals.user!.id, work.assignmentId);
	const answeredIds = new Set(attempts.map((a) => a.question_id));
	const answered = [...module.questions.keys()].filter((id) => answeredIds.has(id)).length;
	const progress = work.progress;
	const resumeSlug =
		progress && module.steps.some((s) => s.slug === progress.currentStep)
			? progress.currentStep
			: module.steps[0]!.slug;
	const openCheck = delayedCheck?.open ? delayedCheck.step : null;
	return {
		module: { id: module.id, version: module.version, glossary: module.glossary, ...module.meta },
		steps: module.steps.map((s) => ({
			slug: s.slug,
			title: s.title,
			number: s.number,
			check: s.check ?? null
		})),
		started: Boolean(progress),
		completed: Boolean(progress?.completedAt),
		resumeSlug,
		answered,
		questionCount: module.questions.size,
		/** The delayed check, once the teacher has opened it and while it waits for answers. */
		delayedCheckToTake:
			openCheck && !openCheck.questionIds.every((id) => answeredIds.has(id))
				? { slug: openCheck.slug, title: openCheck.title }
				: null
	};
};
