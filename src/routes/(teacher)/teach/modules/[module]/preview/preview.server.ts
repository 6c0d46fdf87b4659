import { error } from '@sveltejs/kit';
import { mayAssign, type Author } from '$lib/server/authoring';
import { getDb } from '$lib/server/db';
import { getLatestModule, getModuleVersion } from '$lib/server/modules';

/**
 * The module a teacher previews: the newest version, or the one `?version=` names, of a module
 * they may assign (shipped, their own, or shared); another teacher's unshared module is not found.
 */
export async function previewedModule(user: Author, moduleId: string, url: URL) {
	const db = getDb();
	const asked = url.searchParams.get('version');
	const version = asked === null ? null : Number(asked);
	const module = !(await mayAssign(db, user, moduleId))
		? undefined
		: version === null
			? await getLatestModule(db, moduleId)
			: Number.isSafeInteger(version) && version > 0
				? await getModuleVersion(db, moduleId, version)
				: undefined;
	if (!module) error(404, 'This lesson, or this version of it, does not exist.');
	return module;
}
