import { error } from '@sveltejs/kit';
import {
	applyEditorCommand,
	editorErrors,
	keyFromEditorForm,
	type KeyDraft
} from '$lib/question-types/editors.server';
import { questionTypeNames } from '$lib/question-types/registry.server';
import {
	draftProblems,
	findQuestion,
	quoteSourceOf,
	stepOfQuestion,
	withQuestion
} from '$lib/server/module-draft';
import { readFormData, rejectForm } from '$lib/server/forms';
import { editDraft, requireDraft } from '../../draft.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const { document, updatedAt } = await requireDraft(locals.user!, params.module);
	const key = findQuestion(document, params.question);
	if (!key) error(404, 'This question is not in the draft.');
	const source = quoteSourceOf(document, key.id);
	const step = stepOfQuestion(document, key.id);
	return {
		moduleId: params.module,
		title: document.title,
		updatedAt,
		key,
		step: step ? { title: step.title, kind: step.kind, hasPassage: Boolean(step.passage) } : null,
		errors: editorErrors(key, source.sentences, draftProblems(document), source.byline),
		sentences: source.sentences.map((text, i) => ({ id: `s${i + 1}`, text })),
		preCheckItems: document.steps
			.filter((s) => s.kind === 'pre-check')
			.flatMap((s) => s.blocks.flatMap((b) => ('question' in b ? [b.question] : [])))
	};
};

export const actions: Actions = {
	save: async ({ request, params, locals }) => {
		// The form is read twice (here for the command, in editDraft for the save): clone first.
		const copy = request.clone();
		const { form } = await readFormData(copy);
		const command = form?.get('editorCommand');
		let errors: Record<string, string> = {};
		let shown: unknown;
		const result = await editDraft(request, locals.user!, params.module, (document, posted) => {
			const current = findQuestion(document, params.question);
			if (!current) error(404, 'This question is not in the draft.');
			const type = questionTypeNames.find((t) => t === current.type);
			if (!type) return rejectForm(400, 'This question has a type the editor does not know.');
			const read = keyFromEditorForm(type, posted, quoteSourceOf(document, current.id));
			let key = { ...(read.key as KeyDraft), id: current.id, type } as KeyDraft;
			if (typeof command === 'string') key = applyEditorCommand(type, key, command) as KeyDraft;
			errors = typeof command === 'string' ? {} : read.errors;
			shown = key;
			return withQuestion(document, current.id, key);
		});
		if (!('saved' in result)) return result;
		return { saved: true, command: typeof command === 'string', errors, key: shown };
	}
};
