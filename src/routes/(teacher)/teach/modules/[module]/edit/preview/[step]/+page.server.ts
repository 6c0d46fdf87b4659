import { previewStepRoute } from '$lib/server/lesson-preview';
import { draftModule } from '../../draft.server';
import type { Actions, PageServerLoad } from './$types';

const route = previewStepRoute((event) => draftModule(event.locals.user!, event.params.module));

export const load: PageServerLoad = route.load;
export const actions: Actions = route.actions;
