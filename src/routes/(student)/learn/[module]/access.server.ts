import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { findOpenAssignment } from '$lib/server/assignments';
import { delayedCheckOf, isDelayedCheckOpen, studentPath } from '$lib/server/delayed-check';
import { getModuleVersion, stepOf } from '$lib/server/modules';

/**
 * The student's work on a module (which assignment, which version, how far) and that version of
 * the module as their path holds it (without a delayed check not yet open), if one of their
 * classes has it assigned and open; otherwise 404.
 */
export async function moduleOpenTo(studentId: string, moduleId: string, now = Date.now()) {
	const db = getDb();
	const work = await findOpenAssignment(db, studentId, moduleId, now);
	const version = work && (await getModuleVersion(db, moduleId, work.moduleVersion));
	if (!work || !version) error(404, 'This lesson is not assigned to any of your classes.');
	const delayedCheck = delayedCheckOf(version);
	const delayedCheckOpen = isDelayedCheckOpen(work.delayedCheckOpensAt, now);
	return {
		module: studentPath(version, delayedCheckOpen),
		work,
		/** The module's delayed check, whether or not it is open. */
		delayedCheck: delayedCheck && { step: delayedCheck, open: delayedCheckOpen }
	};
}

/**
 * A step of the student's path, for its page and every action on it: a delayed check the teacher
 * has not opened is refused here, before any answer, draft or visit is taken.
 */
export async function stepOpenTo(studentId: string, params: { module: string; step: string }) {
	const { module, work, delayedCheck } = await moduleOpenTo(studentId, params.module);
	const step = stepOf(module, params.step);
	if (!step) {
		if (delayedCheck?.step.slug === params.step) {
			error(403, 'Your teacher will open this check a few days after the lesson.');
		}
		error(404, 'This lesson step does not exist.');
	}
	return { module, work, step };
}
