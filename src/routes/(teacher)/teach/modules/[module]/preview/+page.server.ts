import { redirect } from '@sveltejs/kit';
import { previewedModule } from './preview.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	const module = await previewedModule(locals.user!, params.module, url);
	redirect(307, `/teach/modules/${module.id}/preview/${module.steps[0]!.slug}${url.search}`);
};
