import { getDb } from '$lib/server/db';
import { exportUserData } from '$lib/server/privacy';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const user = locals.user!;
	const data = await exportUserData(getDb(), user.id);
	const day = data.exportedAt.slice(0, 10);
	// Indented: people open this file to read it.
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="byline-${user.username}-${day}.json"`,
			'cache-control': 'no-store'
		}
	});
};
