import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { createUser, listUsersByRole, UsernameTakenError } from '$lib/server/users';
import { parseForm, rejectForm } from '$lib/server/forms';
import { displayNameSchema, passwordSchema, usernameSchema } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const teacherSchema = z.object({
	displayName: displayNameSchema,
	username: usernameSchema,
	password: passwordSchema
});

export const load: PageServerLoad = async () => {
	const teachers = await listUsersByRole(getDb(), ['admin', 'teacher']);
	return {
		teachers: teachers.map((t) => ({
			id: t.id,
			username: t.username,
			displayName: t.display_name,
			role: t.role
		}))
	};
};

export const actions: Actions = {
	createTeacher: async ({ request }) => {
		const { data, failure } = await parseForm(request, teacherSchema);
		if (failure) return failure;
		try {
			await createUser(getDb(), {
				username: data.username,
				displayName: data.displayName,
				role: 'teacher',
				password: data.password,
				mustChangePassword: true
			});
		} catch (error) {
			if (!(error instanceof UsernameTakenError)) throw error;
			return rejectForm(400, 'Please correct the highlighted fields.', {
				errors: { username: 'This username is taken.' },
				values: { displayName: data.displayName, username: data.username }
			});
		}
		return { created: { username: data.username, displayName: data.displayName } };
	}
};
