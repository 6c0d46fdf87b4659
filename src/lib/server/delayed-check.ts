import type { LessonModule, Step } from './module-document';

// A delayed check is a third form of the skills check, taken days after the lesson: the teacher
// opens it when the time has come. Until then it is no part of a student's path, and the lesson
// is done once the post-check is.

export function delayedCheckOf(module: LessonModule): Step | undefined {
	return module.steps.find((step) => step.check === 'delayed');
}

export function isDelayedCheckOpen(opensAt: number | null, now = Date.now()): boolean {
	return opensAt !== null && opensAt <= now;
}

/** The questions a student answers for the lesson to be done: all but the delayed check's. */
export function lessonQuestionIds(module: LessonModule): string[] {
	return module.steps.filter((step) => step.check !== 'delayed').flatMap((s) => s.questionIds);
}

const withoutDelayedCheck = new WeakMap<LessonModule, LessonModule>();

/**
 * The module as a student's path holds it: without its delayed check until the teacher opens it.
 * Steps, questions and counts are the path's, so every page built from it (the steps, the pager,
 * the progress, the summary) leaves the check out alike.
 */
export function studentPath(module: LessonModule, delayedCheckOpen: boolean): LessonModule {
	const delayed = delayedCheckOf(module);
	if (!delayed || delayedCheckOpen) return module;
	let path = withoutDelayedCheck.get(module);
	if (!path) {
		path = {
			...module,
			steps: module.steps.filter((step) => step !== delayed),
			questions: new Map(
				[...module.questions].filter(([, question]) => question.stepSlug !== delayed.slug)
			)
		};
		withoutDelayedCheck.set(module, path);
	}
	return path;
}
