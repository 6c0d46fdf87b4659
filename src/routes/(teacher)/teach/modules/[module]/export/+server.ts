import { error } from '@sveltejs/kit';
import { exportModule } from '$lib/server/authoring';
import { getDb } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** A published version as a module file, for a teacher who may assign the module. */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const asked = url.searchParams.get('version');
	const version = asked === null ? undefined : Number(asked);
	if (version !== undefined && !(Number.isSafeInteger(version) && version > 0)) {
		error(400, 'The version is a whole number: 1, 2, 3 …');
	}
	const exported = await exportModule(getDb(), locals.user!, params.module, version);
	if (!exported) error(404, 'This lesson, or this version of it, does not exist.');
	return new Response(exported.text, {
		headers: {
			'content-type': 'application/yaml; charset=utf-8',
			// The file name is made of the module id's letters, digits and dashes only.
			'content-disposition': `attachment; filename="${exported.filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
