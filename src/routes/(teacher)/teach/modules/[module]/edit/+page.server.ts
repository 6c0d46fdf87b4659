import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import {
	ModuleNotFoundError,
	mayEdit,
	publishDraft,
	startNextVersion
} from '$lib/server/authoring';
import { getLatestModule } from '$lib/server/modules';
import {
	addQuestion,
	detailsOf,
	draftProblems,
	draftWarnings,
	findQuestion,
	removeQuestion,
	withDetails,
	withGlossary,
	withStepText
} from '$lib/server/module-draft';
import { formFields, readFormData, rejectForm } from '$lib/server/forms';
import { questionTypeNames } from '$lib/question-types/registry.server';
import { editDraft, openDraft } from './draft.server';
import type { Actions, PageServerLoad } from './$types';

/** Problems with a field of the "About the lesson and its source" form. */
const DETAILS_FIELD =
	/^(title|summary|objectives|estimatedMinutes|level|article\.(headline|author|publisher|publishedOn|url|contentNote|editorialNote|creditLine))\b/;

export const load: PageServerLoad = async ({ params, locals }) => {
	const user = locals.user!;
	const db = getDb();
	const [draft, published] = await Promise.all([
		openDraft(user, params.module),
		getLatestModule(db, params.module)
	]);
	if (!draft) {
		// A published module of theirs without a draft: they may start the next version.
		if (!(await mayEdit(db, user, params.module)) || !published) {
			error(404, 'This lesson does not exist, or it is not yours to edit.');
		}
		return {
			moduleId: params.module,
			draft: null,
			published: { version: published.version, title: published.meta.title }
		};
	}
	const { document } = draft;
	const problems = draftProblems(document);
	const questionProblems = (id: string) => problems.filter((p) => p.includes(`(${id})`)).length;
	return {
		moduleId: params.module,
		published: published ? { version: published.version, title: published.meta.title } : null,
		draft: {
			updatedAt: draft.updatedAt,
			details: detailsOf(document),
			steps: document.steps.map((step) => ({
				slug: step.slug,
				title: step.title,
				kind: step.kind,
				blocks: step.blocks.map((block) => {
					if ('markdown' in block) return { markdown: block.markdown };
					const question = document.questions.find((q) => q.id === block.question);
					return {
						question: block.question,
						type: question?.type ?? 'missing',
						prompt: question?.prompt ?? '',
						problems: questionProblems(block.question)
					};
				})
			})),
			glossary: document.glossary,
			// Each problem with the question it is about, so the page links to that question's editor.
			problems: problems.map((text) => {
				const about = /^questions\[\d+\] \(([^)]+)\)/.exec(text)?.[1];
				return {
					text,
					questionId: about && findQuestion(document, about) ? about : null,
					inDetails: DETAILS_FIELD.test(text)
				};
			}),
			warnings: draftWarnings(document)
		},
		questionTypes: questionTypeNames
	};
};

const text = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `Keep this under ${max.toLocaleString('en')} characters.`);
const oneLine = (max: number) => text(max).regex(/^[^\n]*$/, 'Write this on one line.');

const detailsSchema = z.object({
	title: oneLine(200),
	summary: text(2000),
	objectives: text(4000),
	estimatedMinutes: z.coerce
		.number({ error: 'Give the minutes as a number.' })
		.int('Give whole minutes.')
		.min(1, 'Give at least 1 minute.')
		.max(600, 'A lesson here is at most 600 minutes.'),
	level: oneLine(200),
	headline: oneLine(300),
	author: oneLine(300),
	publisher: oneLine(300),
	publishedOn: z
		.string()
		.trim()
		.regex(
			/^(\d{4}(-\d\d(-\d\d)?)?)?$/,
			'Write the date as YYYY-MM-DD, or leave it empty when the article gives none.'
		),
	url: text(2000).refine((url) => url === '' || /^https?:\/\/[^\s]+$/.test(url), {
		message: 'Give an address starting with http:// or https://, or leave it empty.'
	}),
	creditLine: oneLine(500),
	contentNote: text(4000),
	editorialNote: text(4000)
});

const MAX_GLOSSARY_ROWS = 200;

export const actions: Actions = {
	startDraft: async ({ params, locals }) => {
		try {
			await startNextVersion(getDb(), locals.user!, params.module);
		} catch (cause) {
			if (cause instanceof ModuleNotFoundError) error(404, cause.message);
			throw cause;
		}
		redirect(303, `/teach/modules/${params.module}/edit`);
	},

	details: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) => {
			const fields = formFields(form);
			const parsed = detailsSchema.safeParse(fields);
			if (!parsed.success) {
				const errors: Record<string, string> = {};
				for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
				return rejectForm(400, 'Please correct the highlighted fields.', {
					errors,
					values: Object.fromEntries(
						Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined)
					)
				});
			}
			const d = parsed.data;
			return withDetails(document, {
				...d,
				objectives: d.objectives
					.split('\n')
					.map((o) => o.trim())
					.filter(Boolean),
				publishedOn: d.publishedOn || null,
				url: d.url || null,
				creditLine: d.creditLine || null
			});
		}),

	stepText: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) => {
			const { step, block, markdown } = formFields(form);
			const index = Number(block);
			if (!step || !Number.isSafeInteger(index) || markdown === undefined) {
				return rejectForm(400, 'This text could not be saved: the form was incomplete.');
			}
			if (markdown.length > 20_000)
				return rejectForm(400, 'A text block can have at most 20,000 characters.');
			return withStepText(document, step, index, markdown.trim());
		}),

	addQuestion: async ({ request, params, locals }) => {
		let created = '';
		const result = await editDraft(request, locals.user!, params.module, (document, form) => {
			const { step, type } = formFields(form);
			const kind = questionTypeNames.find((name) => name === type);
			if (!step || !kind) return rejectForm(400, 'Choose the kind of question to add.');
			const added = addQuestion(document, step, kind);
			created = added.questionId;
			return added.document;
		});
		if ('saved' in result)
			redirect(303, `/teach/modules/${params.module}/edit/questions/${created}`);
		return result;
	},

	removeQuestion: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) => {
			const { question, confirm } = formFields(form);
			if (confirm !== 'yes')
				return rejectForm(400, 'Tick the box to confirm removing the question.');
			return removeQuestion(document, question ?? '');
		}),

	glossary: async ({ request, params, locals }) =>
		editDraft(request, locals.user!, params.module, (document, form) => {
			const fields = formFields(form);
			const rows = Object.keys(fields).filter((name) => /^term-\d+$/.test(name)).length;
			if (rows > MAX_GLOSSARY_ROWS) {
				return rejectForm(400, `A glossary can have at most ${MAX_GLOSSARY_ROWS} words.`);
			}
			const entries: { term: string; definition: string }[] = [];
			for (let i = 0; i < rows; i++) {
				const term = (fields[`term-${i}`] ?? '').trim();
				const definition = (fields[`definition-${i}`] ?? '').trim();
				if (!term && !definition) continue;
				if (
					!term ||
					!definition ||
					term.length > 100 ||
					definition.length > 1000 ||
					/\n/.test(term)
				) {
					return rejectForm(
						400,
						`Glossary row ${i + 1}: give a term (one line, up to 100 characters) and its explanation (up to 1,000).`
					);
				}
				entries.push({ term, definition });
			}
			return withGlossary(document, entries);
		}),

	publish: async ({ request, params, locals }) => {
		const { form, problem } = await readFormData(request);
		if (!form) return rejectForm(400, problem);
		// The draft the teacher saw; the Lessons page's Publish button publishes the newest.
		const seen = form.get('draftUpdatedAt');
		const expected = typeof seen === 'string' && /^\d+$/.test(seen) ? Number(seen) : undefined;
		try {
			const result = await publishDraft(getDb(), locals.user!, params.module, expected);
			if (!result.ok && result.stale) return rejectForm(409, result.problems[0]!);
			if (!result.ok) {
				return rejectForm(400, 'The draft cannot be published yet: fix the problems listed first.');
			}
			redirect(303, `/teach/modules?published=${params.module}&version=${result.version}`);
		} catch (cause) {
			if (cause instanceof ModuleNotFoundError) error(404, cause.message);
			throw cause;
		}
	}
};
