import { previewedModule } from '../preview/preview.server';
import { articleContext } from '$lib/question-types/article-context';
import { guideEntry } from '$lib/question-types/registry.server';
import { renderMarkdown } from '$lib/server/markdown';
import type { PageServerLoad } from './$types';

const claimClassLabels = {
	sourced: 'Checkable, source given',
	unsourced: 'Checkable, no source given',
	judgement: 'Judgement or guess'
} as const;

/** The answer key, laid out for a teacher who may assign the module. */
export const load: PageServerLoad = async ({ params, url, locals }) => {
	const module = await previewedModule(locals.user!, params.module, url);
	const ctx = articleContext(module.article);
	const numbers = new Map(module.steps.flatMap((s) => s.questionIds).map((id, i) => [id, i + 1]));
	const steps = module.steps.map((step) => ({
		title: step.title,
		number: step.number,
		questions: step.questionIds.map((id) => {
			const q = module.questions.get(id)!;
			return { id, number: numbers.get(id)!, prompt: q.prompt, ...guideEntry(q, ctx) };
		})
	}));
	return {
		module: {
			id: module.id,
			version: module.version,
			title: module.meta.title,
			objectives: module.meta.objectives
		},
		steps,
		claims: module.claims.map((claim) => ({
			quote: claim.quote,
			paragraph: claim.paragraph,
			class: claimClassLabels[claim.class],
			reason: claim.reason,
			checkHtml: renderMarkdown(claim.check)
		}))
	};
};
