import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { findStudentModule, stepOfPath } from '$lib/server/assignments';

/**
 * The student's work on a module and that version of it as their path holds it (without a
 * delayed check not yet open), if one of their classes has it assigned and open; otherwise 404.
 */
export async function moduleOpenTo(studentId: string, moduleId: string) {
	const found = await findStudentModule(getDb(), studentId, moduleId);
	if (!found) error(404, 'This lesson is not assigned to any of your classes.');
	return found;
}

/**
 * A step of the student's path, for its page and every action on it: a delayed check the teacher
 * has not opened is refused here, before any answer, draft or visit is taken.
 */
export async function stepOpenTo(studentId: string, params: { module: string; step: string }) {
	const found = await moduleOpenTo(studentId, params.module);
	const step = stepOfPath(found, params.step);
	if (step === 'closed')
		error(403, 'Your teacher will open this check a few days after the lesson.');
	if (!step) error(404, 'This lesson step does not exist.');
	return { module: found.module, work: found.work, step };
}
