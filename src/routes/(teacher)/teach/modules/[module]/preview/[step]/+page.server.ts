import { previewStepRoute } from '$lib/server/lesson-preview';
import { previewedModule } from '../preview.server';
import type { Actions, PageServerLoad } from './$types';

const route = previewStepRoute((event) =>
	previewedModule(event.locals.user!, event.params.module, event.url)
);

export const load: PageServerLoad = route.load;
export const actions: Actions = route.actions;
