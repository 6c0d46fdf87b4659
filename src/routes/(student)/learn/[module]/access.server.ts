import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getModule, type LessonModule } from '$lib/server/lessons';
import { isModuleOpenTo } from '$lib/server/assignments';

/** The module, if it exists and is assigned and open to this student; otherwise 404. */
export async function moduleOpenTo(studentId: string, moduleId: string): Promise<LessonModule> {
	const module = getModule(moduleId);
	if (!module || !(await isModuleOpenTo(getDb(), studentId, module.id))) {
		error(404, 'This lesson is not assigned to any of your classes.');
	}
	return module;
}
