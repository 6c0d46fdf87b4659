import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { hasAnyUser } from '$lib/server/users';
import { homeOf } from '$lib/server/access';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, homeOf(locals.user));
	if (!(await hasAnyUser(getDb()))) redirect(303, '/setup');
	redirect(303, '/login');
};
