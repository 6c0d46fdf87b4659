import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { deleteSessionCookie } from '$lib/server/auth';
import { changePassword, passwordChangeReason, WrongPasswordError } from '$lib/server/users';
import { deleteOwnAccount, isLastAdministrator, LastAdministratorError } from '$lib/server/privacy';
import { parseForm, rejectForm, type FormFailure } from '$lib/server/forms';
import { readingSupportsSchema, saveReadingSupports } from '$lib/server/reading-supports';
import { reservePasswordCheck } from '$lib/server/guess-limits';
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

const deleteAccountSchema = z.object({
	password: z
		.string({ error: 'Enter your password to confirm.' })
		.min(1, 'Enter your password to confirm.')
		.max(PASSWORD_MAX, 'That is not your password.'),
	confirm: z.literal('yes', { error: 'Tick the box to confirm that this cannot be undone.' })
});

/** Marks a refusal as the deletion form's, so the page shows it there and not by the password form. */
function forDeletion({ status, data }: ActionFailure<FormFailure>) {
	return fail(status, { ...data, action: 'deleteAccount' as const });
}

function forReading({ status, data }: ActionFailure<FormFailure>) {
	return fail(status, { ...data, action: 'reading' as const });
}

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	return {
		account: { username: user.username, displayName: user.displayName, role: user.role },
		mustChangePassword: user.mustChangePassword
			? ((await passwordChangeReason(getDb(), user.id)) ?? 'reset')
			: null,
		reading: user.reading,
		mayDelete: !(await isLastAdministrator(getDb(), user.id))
	};
};

export const actions: Actions = {
	changePassword: async (event) => {
		const { request, locals } = event;
		const { data, failure } = await parseForm(request, changePasswordSchema);
		if (failure) return failure;
		const check = await reservePasswordCheck(getDb(), event, locals.user!.username);
		if (check.failure) return check.failure;
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
		await check.succeeded();
		// A forced change stands between the user and their work: go on to it.
		if (locals.user!.mustChangePassword) {
			redirect(303, locals.user!.role === 'student' ? '/learn' : '/teach');
		}
		return { changed: true };
	},

	reading: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, readingSupportsSchema);
		if (failure) return forReading(failure);
		await saveReadingSupports(getDb(), locals.user!.id, data);
		return { action: 'reading' as const, saved: true };
	},

	deleteAccount: async (event) => {
		const { request, locals, cookies, url } = event;
		const { data, failure } = await parseForm(request, deleteAccountSchema);
		if (failure) return forDeletion(failure);
		const check = await reservePasswordCheck(getDb(), event, locals.user!.username);
		if (check.failure) return forDeletion(check.failure);
		try {
			// Deleting the account clears its limits, the reserved try with them.
			await deleteOwnAccount(getDb(), locals.user!.id, data.password);
		} catch (error) {
			if (error instanceof WrongPasswordError) {
				return forDeletion(
					rejectForm(400, 'Please correct the highlighted fields.', {
						errors: { password: 'That is not your password.' }
					})
				);
			}
			if (error instanceof LastAdministratorError) {
				await check.succeeded();
				return forDeletion(rejectForm(409, error.message));
			}
			throw error;
		}
		deleteSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, '/login?deleted=1');
	}
};
