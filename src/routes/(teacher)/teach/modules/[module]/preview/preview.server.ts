import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getLatestModule, getModuleVersion } from '$lib/server/modules';

/**
 * The module a teacher previews: the newest version, or the one `?version=` names. Any teacher may
 * preview any module they may assign; the (teacher) group admits only teachers.
 */
export async function previewedModule(moduleId: string, url: URL) {
	const asked = url.searchParams.get('version');
	const version = asked === null ? null : Number(asked);
	const module =
		version === null
			? await getLatestModule(getDb(), moduleId)
			: Number.isSafeInteger(version) && version > 0
				? await getModuleVersion(getDb(), moduleId, version)
				: undefined;
	if (!module) error(404, 'This lesson, or this version of it, does not exist.');
	return module;
}
