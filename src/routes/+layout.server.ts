import { getDb } from '$lib/server/db';
import { getSchoolName } from '$lib/server/users';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user && {
		id: locals.user.id,
		displayName: locals.user.displayName,
		role: locals.user.role,
		reading: locals.user.reading
	};
	const schoolName =
		locals.schoolName === undefined ? await getSchoolName(getDb()) : locals.schoolName;
	return { user, schoolName };
};
