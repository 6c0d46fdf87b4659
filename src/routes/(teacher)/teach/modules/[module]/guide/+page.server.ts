import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getLatestModule, getModuleVersion } from '$lib/server/modules';
import { articleContext } from '$lib/question-types/article-context';
import { guideEntry } from '$lib/question-types/registry.server';
import { renderMarkdown } from '$lib/server/markdown';
import type { PageServerLoad } from './$types';

const claimClassLabels = {
	sourced: 'Checkable, source given',
	unsourced: 'Checkable, no source given',
	judgement: 'Judgement or guess'
} as const;

/** The answer key, laid out for a teacher: the page is in the (teacher) group. */
export const load: PageServerLoad = async ({ params, url }) => {
	const asked = url.searchParams.get('version');
	const version = asked === null ? null : Number(asked);
	const module =
		version === null
			? await getLatestModule(getDb(), params.module)
			: Number.isSafeInteger(version) && version > 0
				? await getModuleVersion(getDb(), params.module, version)
				: undefined;
	if (!module) error(404, 'This lesson, or this version of it, does not exist.');
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
