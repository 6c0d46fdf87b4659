import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { createUser, UsernameTakenError } from '$lib/server/users';
import { startSession } from '$lib/server/auth';
import { homeOf } from '$lib/server/access';
import { parseForm, rejectForm } from '$lib/server/forms';
import { findClassForCode } from '$lib/server/guess-limits';
import {
	displayNameSchema,
	newPasswordFields,
	passwordsMatch,
	usernameSchema
} from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const signupSchema = z
	.object({
		joinCode: z
			.string({ error: 'Enter the class code from your teacher.' })
			.trim()
			.min(1, 'Enter the class code from your teacher.')
			.max(20, 'A class code is 6 letters and digits.'),
		displayName: displayNameSchema,
		username: usernameSchema,
		...newPasswordFields
	})
	.refine(passwordsMatch, { path: ['confirmPassword'], message: 'The two passwords differ.' });

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, homeOf(locals.user));
};

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		const { data, failure } = await parseForm(event.request, signupSchema);
		if (failure) return failure;
		const values = {
			joinCode: data.joinCode,
			displayName: data.displayName,
			username: data.username
		};
		const { klass, failure: wrongCode } = await findClassForCode(
			db,
			event,
			data.joinCode,
			null,
			values
		);
		if (wrongCode) return wrongCode;
		let userId: string;
		try {
			const user = await createUser(db, {
				username: data.username,
				displayName: data.displayName,
				role: 'student',
				password: data.password,
				joinClassId: klass.id
			});
			userId = user.id;
		} catch (error) {
			if (!(error instanceof UsernameTakenError)) throw error;
			return rejectForm(400, 'Please correct the highlighted fields.', {
				errors: { username: 'This username is taken. Try adding a number or your initials.' },
				values
			});
		}
		await startSession(db, event, userId);
		redirect(303, '/learn');
	}
};
