import { error, type ActionFailure } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import {
	DraftTooLargeError,
	ModuleNotFoundError,
	StaleDraftError,
	getDraft,
	saveDraft,
	type Author
} from '$lib/server/authoring';
import {
	asDraft,
	draftProblems,
	DraftEditError,
	type DraftDocument
} from '$lib/server/module-draft';
import { loadModule, ModuleError, type LessonModule } from '$lib/server/module-document';
import { readFormData, rejectForm, type FormFailure } from '$lib/server/forms';

// The editor pages' one way in and out of a draft: only its owner (or the administrator) opens it,
// and a save names the draft it was made from, so a second tab cannot silently undo the first.

export type OpenDraft = { document: DraftDocument; updatedAt: number };

export async function openDraft(user: Author, moduleId: string): Promise<OpenDraft | undefined> {
	const draft = await getDraft(getDb(), user, moduleId);
	if (!draft) return undefined;
	try {
		return { document: asDraft(draft.document), updatedAt: draft.updatedAt };
	} catch (cause) {
		if (cause instanceof DraftEditError) error(422, cause.message);
		throw cause;
	}
}

export async function requireDraft(user: Author, moduleId: string): Promise<OpenDraft> {
	const draft = await openDraft(user, moduleId);
	if (!draft) error(404, 'This lesson has no draft you can edit.');
	return draft;
}

type Edit = (document: DraftDocument, form: FormData) => DraftDocument | ActionFailure<FormFailure>;

/**
 * Reads the posted form, applies one edit to the draft it was made from and saves the result. A
 * form from an older copy of the draft (another tab saved since) is refused with 409.
 */
export async function editDraft(
	request: Request,
	user: Author,
	moduleId: string,
	edit: Edit
): Promise<ActionFailure<FormFailure> | { saved: true; updatedAt: number }> {
	const { form, problem } = await readFormData(request);
	if (!form) return rejectForm(400, problem);
	const draft = await requireDraft(user, moduleId);
	// Number('') is 0, which would pass for a time and be refused as stale (409), not as missing.
	const posted = form.get('draftUpdatedAt');
	const expected = typeof posted === 'string' && /^\d+$/.test(posted) ? Number(posted) : NaN;
	if (!Number.isSafeInteger(expected)) {
		return rejectForm(400, 'The form did not say which draft it was made from. Reload the page.');
	}
	let next: DraftDocument | ActionFailure<FormFailure>;
	try {
		next = edit(draft.document, form);
	} catch (cause) {
		if (cause instanceof DraftEditError || cause instanceof RangeError) {
			return rejectForm(400, cause.message);
		}
		throw cause;
	}
	if (!('steps' in next)) return next;
	try {
		const updatedAt = await saveDraft(getDb(), user, moduleId, next, expected);
		return { saved: true, updatedAt };
	} catch (cause) {
		if (cause instanceof StaleDraftError) return rejectForm(409, cause.message);
		if (cause instanceof DraftTooLargeError) return rejectForm(413, cause.message);
		if (cause instanceof ModuleNotFoundError) error(404, cause.message);
		throw cause;
	}
}

/**
 * The draft as students would get it, to preview. A draft with problems cannot be built into a
 * lesson; the page says what to fix first.
 */
export async function draftModule(user: Author, moduleId: string): Promise<LessonModule> {
	const { document } = await requireDraft(user, moduleId);
	try {
		return loadModule(document, 'the draft', 0);
	} catch (cause) {
		if (!(cause instanceof ModuleError)) throw cause;
		const count = cause.problems.length;
		error(
			409,
			`The draft can be previewed once nothing stops it from being published: ${count} ${count === 1 ? 'problem is' : 'problems are'} listed on the lesson’s edit page.`
		);
	}
}
