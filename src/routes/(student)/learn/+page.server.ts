import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { addStudentToClass, listStudentClasses } from '$lib/server/classes';
import { listStudentAssignments, workedOnAssignments } from '$lib/server/assignments';
import { parseForm } from '$lib/server/forms';
import { findClassForCode } from '$lib/server/guess-limits';
import { getModuleVersion } from '$lib/server/modules';
import { listStudentProgress } from '$lib/server/attempts';
import { listNewFeedback } from '$lib/server/student-results';
import { delayedCheckOf, isDelayedCheckOpen, studentPath } from '$lib/server/delayed-check';
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
	const now = Date.now();
	const [classes, progress, assignments, newFeedback] = await Promise.all([
		listStudentClasses(db, locals.user!.id),
		listStudentProgress(db, locals.user!.id),
		listStudentAssignments(db, locals.user!.id),
		listNewFeedback(db, locals.user!.id)
	]);
	// A module assigned in several of the student's classes is worked on, and listed, in one.
	const chosen = workedOnAssignments(assignments);
	const modules = (
		await Promise.all(
			chosen.map(async (assignment) => {
				const mine = progress.get(assignment.id);
				const version = await getModuleVersion(
					db,
					assignment.module_id,
					mine?.moduleVersion ?? assignment.module_version
				);
				if (!version) return [];
				const delayedCheck = delayedCheckOf(version);
				const delayedCheckOpen = isDelayedCheckOpen(assignment.delayed_check_opens_at, now);
				const module = studentPath(version, delayedCheckOpen);
				const answered = mine?.answered ?? new Set<string>();
				const done = mine?.completed ?? false;
				const status = done
					? 'done'
					: assignment.due_at !== null && now > assignment.due_at
						? 'late'
						: mine
							? 'in progress'
							: 'not started';
				return [
					{
						id: module.id,
						title: module.meta.title,
						summary: module.meta.summary,
						estimatedMinutes: module.meta.estimatedMinutes,
						className: assignment.class_name,
						opensAt: assignment.opens_at,
						dueAt: assignment.due_at,
						open: assignment.opens_at === null || assignment.opens_at <= now,
						questionCount: module.questions.size,
						answered: [...module.questions.keys()].filter((id) => answered.has(id)).length,
						status,
						delayedCheck:
							delayedCheck && delayedCheckOpen
								? {
										slug: delayedCheck.slug,
										done: delayedCheck.questionIds.every((id) => answered.has(id))
									}
								: null,
						newFeedback: newFeedback.has(assignment.id)
					}
				];
			})
		)
	).flat();
	return { classes, modules };
};

export const actions: Actions = {
	joinClass: async (event) => {
		const { data, failure } = await parseForm(event.request, joinSchema);
		if (failure) return failure;
		const db = getDb();
		const student = event.locals.user!;
		const { klass, failure: wrongCode } = await findClassForCode(
			db,
			event,
			data.joinCode,
			student.username,
			{ joinCode: data.joinCode }
		);
		if (wrongCode) return wrongCode;
		await addStudentToClass(db, klass.id, student.id);
		return { joined: klass.name };
	}
};
