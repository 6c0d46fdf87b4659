import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { createModule, DraftTooLargeError } from '$lib/server/authoring';
import { ArticleImportError, extractArticleText, splitArticle } from '$lib/server/article-import';
import { formFields, readFormData, rejectForm } from '$lib/server/forms';
import { squash } from '$lib/question-types/article-context';
import type { Actions } from './$types';

const line = (name: string, max = 300) =>
	z
		.string({ error: `Give the ${name}.` })
		.trim()
		.min(1, `Give the ${name}.`)
		.max(max, `Keep the ${name} under ${max} characters.`)
		.regex(/^[^\n]*$/, `Write the ${name} on one line.`);
const optional = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `Keep this under ${max} characters.`)
		.optional()
		.transform((value) => value || null);

const sourceSchema = z
	.object({
		headline: line('headline'),
		author: line('author, or the organisation that wrote it'),
		publisher: line('publisher'),
		publishedOn: z
			.string()
			.trim()
			.regex(/^(\d{4}(-\d\d(-\d\d)?)?)?$/, 'Write the date as YYYY-MM-DD, or tick “No date given”.')
			.optional(),
		noDate: z.literal('on').optional(),
		url: optional(2000).pipe(
			z
				.url({ protocol: /^https?$/, error: 'Give an address starting with http:// or https://.' })
				.nullable()
		),
		creditLine: optional(500),
		text: z.string().max(200_000, 'Paste at most 200,000 characters.').optional(),
		rights: z.literal('on', {
			error: 'Confirm that your school may use this text for teaching.'
		})
	})
	.refine((s) => Boolean(s.publishedOn) !== Boolean(s.noDate), {
		path: ['publishedOn'],
		message: 'Give the date it was published, or tick “No date given” (itself a finding).'
	});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const { form, problem } = await readFormData(request);
		if (!form) return rejectForm(400, problem);
		const fields = formFields(form);
		const values = Object.fromEntries(
			Object.entries(fields).filter(([, v]) => v !== undefined)
		) as Record<string, string>;
		const parsed = sourceSchema.safeParse(fields);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return rejectForm(400, 'Please correct the highlighted fields.', { errors, values });
		}
		const source = parsed.data;

		const upload = form.get('file');
		let text = source.text ?? '';
		if (upload instanceof File && upload.size > 0) {
			try {
				const extracted = await extractArticleText({
					name: upload.name,
					type: upload.type,
					bytes: new Uint8Array(await upload.arrayBuffer())
				});
				text = extracted.text;
			} catch (cause) {
				if (!(cause instanceof ArticleImportError)) throw cause;
				return rejectForm(400, cause.message, { errors: { file: cause.message }, values });
			}
		}
		let paragraphs = splitArticle(text);
		// A pasted or uploaded article usually starts with its headline, which the lesson shows apart;
		// often printed in capitals (as NOAA's releases are), so case does not count.
		const first = paragraphs[0];
		const sameWords = (a: string, b: string) => squash(a).toLowerCase() === squash(b).toLowerCase();
		if (first?.length === 1 && sameWords(first[0]!, source.headline)) {
			paragraphs = paragraphs.slice(1);
		}
		if (paragraphs.length === 0) {
			const message = 'Paste the article’s text, or upload it as a .txt, .html or .docx file.';
			return rejectForm(400, message, { errors: { text: message }, values });
		}
		let moduleId: string;
		try {
			moduleId = await createModule(getDb(), locals.user!, {
				title: source.headline,
				article: {
					headline: source.headline,
					author: source.author,
					publisher: source.publisher,
					publishedOn: source.noDate ? null : (source.publishedOn ?? null),
					url: source.url,
					paragraphs,
					creditLine: source.creditLine
				}
			});
		} catch (cause) {
			if (!(cause instanceof DraftTooLargeError)) throw cause;
			return rejectForm(413, cause.message, { errors: { text: cause.message }, values });
		}
		redirect(303, `/teach/modules/${moduleId}/edit/article?created=1`);
	}
};
