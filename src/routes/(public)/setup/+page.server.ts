import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { AlreadySetUpError, hasAnyUser, setUpSchool } from '$lib/server/users';
import { startSession } from '$lib/server/auth';
import { parseForm, rejectForm } from '$lib/server/forms';
import {
	displayNameSchema,
	newPasswordFields,
	passwordsMatch,
	usernameSchema
} from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const setupSchema = z
	.object({
		schoolName: z
			.string({ error: 'Enter the school name.' })
			.trim()
			.min(1, 'Enter the school name.')
			.max(120, 'A school name can have at most 120 characters.'),
		displayName: displayNameSchema,
		username: usernameSchema,
		...newPasswordFields
	})
	.refine(passwordsMatch, { path: ['confirmPassword'], message: 'The two passwords differ.' });

export const load: PageServerLoad = async ({ request }) => {
	const installed = await hasAnyUser(getDb());
	// A visit is sent on to sign-in; a late form post stays here to show its 409 message.
	if (installed && request.method !== 'POST') redirect(303, '/login');
	return { installed };
};

export const actions: Actions = {
	default: async (event) => {
		const db = getDb();
		if (await hasAnyUser(db)) {
			return rejectForm(409, 'This school is already set up. Sign in instead.');
		}
		const { data, failure } = await parseForm(event.request, setupSchema);
		if (failure) return failure;
		let userId: string;
		try {
			userId = (await setUpSchool(db, data)).id;
		} catch (error) {
			if (error instanceof AlreadySetUpError) return rejectForm(409, error.message);
			throw error;
		}
		await startSession(db, event, userId);
		redirect(303, '/teach');
	}
};
