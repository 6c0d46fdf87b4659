import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { findOpenAssignment } from '$lib/server/assignments';
import { getModuleVersion } from '$lib/server/modules';

/**
 * The student's work on a module (which assignment, which version, how far) and that version of
 * the module, if one of their classes has it assigned and open; otherwise 404.
 */
export async function moduleOpenTo(studentId: string, moduleId: string) {
	const db = getDb();
	const work = await findOpenAssignment(db, studentId, moduleId);
	const module = work && (await getModuleVersion(db, moduleId, work.moduleVersion));
	if (!work || !module) error(404, 'This lesson is not assigned to any of your classes.');
	return { module, work };
}
