import { z } from 'zod';
import {
	joinParagraphs,
	joinSentences,
	splitParagraph,
	splitSentence
} from '$lib/server/article-import';
import { readingLevel } from '$lib/server/reading-level';
import { suggestSentences, suggestionSources } from '$lib/server/suggestions';
import { acceptAsMarkTarget, withParagraphs, type DraftDocument } from '$lib/server/module-draft';
import { formFields, rejectForm } from '$lib/server/forms';
import { squash } from '$lib/question-types/article-context';
import { editDraft, requireDraft } from '../draft.server';
import type { Actions, PageServerLoad } from './$types';

// Checking the text as Byline split it: the teacher joins and splits sentences and paragraphs where
// the splitter was wrong, and sees the sentences a fact-checker would question.

export const load: PageServerLoad = async ({ params, locals }) => {
	const { document, updatedAt } = await requireDraft(locals.user!, params.module);
	const { paragraphs } = document.article;
	return {
		moduleId: params.module,
		title: document.title,
		updatedAt,
		level: document.level,
		headline: document.article.headline,
		paragraphs,
		readingLevel: readingLevel(paragraphs),
		suggestions: suggestSentences(paragraphs).map((s) => ({
			...s,
			sentenceText: paragraphs[s.paragraph]![s.sentence]!,
			marked: markedIn(document, paragraphs[s.paragraph]![s.sentence]!)
		})),
		sources: suggestionSources,
		markQuestions: document.questions
			.filter((q) => q.type === 'mark')
			.map((q) => ({ id: q.id, prompt: q.prompt }))
	};
};

/** The marking questions that already target a sentence. */
function markedIn(document: DraftDocument, sentence: string): string[] {
	return document.questions
		.filter(
			(q) =>
				q.type === 'mark' &&
				q.targets.some((t) => t.quote && squash(sentence).includes(squash(t.quote)))
		)
		.map((q) => q.id);
}

const position = z.object({
	paragraph: z.coerce.number().int().min(0),
	sentence: z.coerce.number().int().min(0).default(0)
});

function at(form: FormData) {
	const parsed = position.safeParse(formFields(form));
	if (!parsed.success)
		throw new RangeError('That sentence is not in the article. Reload the page.');
	return parsed.data;
}

export const actions: Actions = {
	joinSentences: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) =>
			withParagraphs(document, joinSentences(document.article.paragraphs, at(form)))
		),

	splitSentence: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) => {
			const where = at(form);
			const before = String(form.get('before') ?? '').trim();
			const sentence = document.article.paragraphs[where.paragraph]?.[where.sentence];
			if (!sentence) throw new RangeError('That sentence is not in the article. Reload the page.');
			// From the second character: a sentence cannot be split before its first word.
			const offset = before ? sentence.indexOf(before, 1) : -1;
			if (offset <= 0) {
				return rejectForm(
					400,
					`Type the words the new sentence starts with, as they are in the sentence (not its first word).`,
					{
						errors: {
							[`before-${where.paragraph}-${where.sentence}`]:
								'Not found after the start of this sentence.'
						},
						values: { before }
					}
				);
			}
			return withParagraphs(document, splitSentence(document.article.paragraphs, where, offset));
		}),

	joinParagraphs: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) =>
			withParagraphs(document, joinParagraphs(document.article.paragraphs, at(form).paragraph))
		),

	splitParagraph: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) =>
			withParagraphs(document, splitParagraph(document.article.paragraphs, at(form)))
		),

	accept: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) => {
			const where = at(form);
			const sentence = document.article.paragraphs[where.paragraph]?.[where.sentence];
			if (!sentence) throw new RangeError('That sentence is not in the article. Reload the page.');
			return acceptAsMarkTarget(document, String(form.get('question') ?? ''), sentence);
		})
};
