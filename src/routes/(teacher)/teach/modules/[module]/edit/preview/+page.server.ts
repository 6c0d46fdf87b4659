import { redirect } from '@sveltejs/kit';
import { draftModule } from '../draft.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const module = await draftModule(locals.user!, params.module);
	redirect(307, `/teach/modules/${params.module}/edit/preview/${module.steps[0]!.slug}`);
};
