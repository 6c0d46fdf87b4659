import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import {
	DraftTooLargeError,
	ModuleNotFoundError,
	duplicateModule,
	importModule,
	listModulesFor,
	publishDraft,
	setShared
} from '$lib/server/authoring';
import { getDb } from '$lib/server/db';
import { parseForm, readFormData, rejectForm } from '$lib/server/forms';
import { MAX_MODULE_FILE_BYTES } from '$lib/server/uploads';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const modules = await listModulesFor(getDb(), locals.user!);
	return {
		mine: modules.filter((m) => m.kind === 'mine'),
		shared: modules.filter((m) => m.kind === 'shared'),
		shipped: modules.filter((m) => m.kind === 'shipped'),
		others: modules.filter((m) => m.kind === 'other'),
		maxFileMegabytes: MAX_MODULE_FILE_BYTES / 1024 / 1024
	};
};

const moduleIdSchema = z.object({ moduleId: z.string().min(1).max(100) });

/** Runs a module action: not found, or not this teacher's, is a 404 that changes nothing. */
async function scoped<T>(work: () => Promise<T>) {
	try {
		return { value: await work() };
	} catch (cause) {
		if (cause instanceof ModuleNotFoundError) return { failure: rejectForm(404, cause.message) };
		throw cause;
	}
}

const TOO_LARGE = `A module file can be at most ${MAX_MODULE_FILE_BYTES / 1024 / 1024} MB.`;

/** A module file's text, or why it cannot be read: too large, not UTF-8 text, or not JSON. */
async function readModuleFile(
	form: FormData
): Promise<{ text: string; problem?: never } | { text?: never; problem: string; status: number }> {
	const file = form.get('file');
	const pasted = form.get('text');
	if (file instanceof File && file.size > 0) {
		if (file.size > MAX_MODULE_FILE_BYTES) {
			return { problem: TOO_LARGE, status: 413 };
		}
		if (!/\.(ya?ml|json)$/i.test(file.name)) {
			return {
				problem: 'Choose a module file: its name ends in .yaml, .yml or .json.',
				status: 400
			};
		}
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
		} catch {
			return { problem: 'The file is not text: a module file is YAML or JSON.', status: 400 };
		}
		if (/\.json$/i.test(file.name)) {
			try {
				JSON.parse(text);
			} catch {
				return { problem: 'The file’s name ends in .json, but it is not JSON.', status: 400 };
			}
		}
		return { text };
	}
	if (typeof pasted === 'string' && pasted.trim()) {
		if (pasted.length > MAX_MODULE_FILE_BYTES) {
			return { problem: TOO_LARGE, status: 413 };
		}
		return { text: pasted };
	}
	return { problem: 'Choose a module file to import, or paste its text.', status: 400 };
}

export const actions: Actions = {
	duplicate: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, moduleIdSchema);
		if (failure) return failure;
		const result = await scoped(() => duplicateModule(getDb(), locals.user!, data.moduleId));
		if (result.failure) return result.failure;
		return { done: 'The copy is under “Your lessons”, as a draft.', moduleId: result.value };
	},
	share: async ({ request, locals }) => {
		const { data, failure } = await parseForm(
			request,
			moduleIdSchema.extend({
				shared: z.enum(['yes', 'no'], { error: 'Choose to share the lesson or not.' })
			})
		);
		if (failure) return failure;
		const shared = data.shared === 'yes';
		const result = await scoped(() => setShared(getDb(), locals.user!, data.moduleId, shared));
		if (result.failure) return result.failure;
		return {
			done: shared
				? 'The lesson is shared: the school’s other teachers may assign and copy it.'
				: 'The lesson is no longer shared. Classes that have it keep it.',
			moduleId: data.moduleId
		};
	},
	publish: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, moduleIdSchema);
		if (failure) return failure;
		const result = await scoped(() => publishDraft(getDb(), locals.user!, data.moduleId));
		if (result.failure) return result.failure;
		if (!result.value.ok) {
			return fail(400, {
				message: 'The draft was not published. Fix these problems first:',
				problems: result.value.problems,
				moduleId: data.moduleId
			});
		}
		return {
			done: `Version ${result.value.version} is published: you can assign it to a class.`,
			moduleId: data.moduleId
		};
	},
	import: async ({ request, locals }) => {
		const { form, problem } = await readFormData(request);
		if (!form) return fail(400, { message: problem, problems: [], importing: true });
		const file = await readModuleFile(form);
		if (file.problem !== undefined) {
			return fail(file.status, {
				message: file.problem,
				problems: [],
				importing: true
			});
		}
		// The lesson reaches students: no hidden characters that reorder or cut its text.
		if (/[\0\u202A-\u202E\u2066-\u2069]/.test(file.text)) {
			return fail(400, {
				message:
					'The file holds a NUL or text-direction character (such as U+202E), which would make text display in a different order from how it was written.',
				problems: [],
				importing: true
			});
		}
		try {
			const result = await importModule(getDb(), locals.user!, file.text);
			if (!result.ok) {
				return fail(400, {
					message: 'This file is not a lesson Byline can import. Fix these problems and try again:',
					problems: result.problems,
					importing: true
				});
			}
			return {
				done: 'The lesson is imported as a draft under “Your lessons”: check it, then publish it.',
				moduleId: result.moduleId
			};
		} catch (cause) {
			if (cause instanceof DraftTooLargeError) {
				return fail(413, { message: cause.message, problems: [], importing: true });
			}
			throw cause;
		}
	}
};
