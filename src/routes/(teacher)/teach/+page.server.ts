import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { listTeacherDashboard } from '$lib/server/assignments';
import { createClass } from '$lib/server/classes';
import { parseForm } from '$lib/server/forms';
import { listModulesFor } from '$lib/server/authoring';
import { getModuleVersion } from '$lib/server/modules';
import type { Actions, PageServerLoad } from './$types';

const classSchema = z.object({
	name: z
		.string({ error: 'Enter a class name.' })
		.trim()
		.min(1, 'Enter a class name.')
		.max(80, 'A class name can have at most 80 characters.'),
	section: z
		.string()
		.trim()
		.max(80, 'A section or term can have at most 80 characters.')
		.optional()
		.transform((value) => value || null)
});

export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const [classes, listed] = await Promise.all([
		listTeacherDashboard(db, locals.user!.id),
		listModulesFor(db, locals.user!)
	]);
	// The lessons this teacher may assign, newest versions.
	const modules = await Promise.all(
		listed.flatMap((m) => (m.version === null ? [] : [getModuleVersion(db, m.id, m.version)]))
	);
	return {
		classes,
		modules: modules
			.flatMap((m) => (m ? [m] : []))
			.map((m) => ({
				id: m.id,
				title: m.meta.title,
				summary: m.meta.summary,
				estimatedMinutes: m.meta.estimatedMinutes
			}))
	};
};

export const actions: Actions = {
	createClass: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, classSchema);
		if (failure) return failure;
		const created = await createClass(getDb(), locals.user!.id, data);
		redirect(303, `/teach/classes/${created.id}?created`);
	}
};
