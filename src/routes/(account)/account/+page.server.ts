import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { changePassword, WrongPasswordError } from '$lib/server/users';
import { parseForm, rejectForm } from '$lib/server/forms';
import { newPasswordFields, passwordsMatch, PASSWORD_MAX } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const changePasswordSchema = z
	.object({
		currentPassword: z
			.string({ error: 'Enter your current password.' })
			.min(1, 'Enter your current password.')
			.max(PASSWORD_MAX, 'That is not your current password.'),
		...newPasswordFields
	})
	.refine(passwordsMatch, { path: ['confirmPassword'], message: 'The two passwords differ.' })
	.refine((data) => data.password !== data.currentPassword, {
		path: ['password'],
		message: 'Choose a password different from the current one.'
	});

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	return {
		account: { username: user.username, displayName: user.displayName, role: user.role },
		mustChangePassword: user.mustChangePassword
	};
};

export const actions: Actions = {
	changePassword: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, changePasswordSchema);
		if (failure) return failure;
		try {
			await changePassword(
				getDb(),
				locals.user!.id,
				locals.session!.id,
				data.currentPassword,
				data.password
			);
		} catch (error) {
			if (!(error instanceof WrongPasswordError)) throw error;
			return rejectForm(400, 'Please correct the highlighted fields.', {
				errors: { currentPassword: error.message }
			});
		}
		return { changed: true };
	}
};
