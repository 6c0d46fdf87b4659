import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { addStudentToClass, findClassByJoinCode, listStudentClasses } from '$lib/server/classes';
import { parseForm, rejectForm } from '$lib/server/forms';
import { listModules } from '$lib/server/lessons';
import { listStudentProgress } from '$lib/server/attempts';
import type { Actions, PageServerLoad } from './$types';

const joinSchema = z.object({
	joinCode: z
		.string({ error: 'Enter the class code from your teacher.' })
		.trim()
		.min(1, 'Enter the class code from your teacher.')
		.max(20, 'A class code is 6 letters and digits.')
});

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const [classes, progress] = await Promise.all([
		listStudentClasses(db, locals.user!.id),
		listStudentProgress(db, locals.user!.id)
	]);
	const modules = listModules().map((module) => {
		const mine = progress.get(module.id);
		return {
			id: module.id,
			title: module.meta.title,
			summary: module.meta.summary,
			estimatedMinutes: module.meta.estimatedMinutes,
			questionCount: module.questions.size,
			answered: mine?.answered ?? 0,
			status: !mine ? 'not started' : mine.completed ? 'done' : 'in progress'
		};
	});
	return { classes, modules };
};

export const actions: Actions = {
	joinClass: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, joinSchema);
		if (failure) return failure;
		const db = getDb();
		const klass = await findClassByJoinCode(db, data.joinCode);
		if (!klass) {
			return rejectForm(400, 'Please correct the highlighted fields.', {
				errors: { joinCode: 'No class has this code. Check it with your teacher.' },
				values: { joinCode: data.joinCode }
			});
		}
		await addStudentToClass(db, klass.id, locals.user!.id);
		return { joined: klass.name };
	}
};
