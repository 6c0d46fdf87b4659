import { fail, type ActionFailure } from '@sveltejs/kit';
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type FormFailure = {
	message: string;
	errors: FieldErrors;
	/** What the user typed, echoed back so nothing is retyped; never a password. */
	values: Record<string, string>;
};

export function rejectForm(
	status: number,
	message: string,
	extra: { errors?: FieldErrors; values?: Record<string, string> } = {}
): ActionFailure<FormFailure> {
	return fail(status, { message, errors: extra.errors ?? {}, values: extra.values ?? {} });
}

/** Reads a form into plain strings; a field sent twice or as a file reads as missing. */
export function formFields(form: FormData): Record<string, string | undefined> {
	const fields: Record<string, string | undefined> = {};
	const seen = new Set<string>();
	for (const [key, value] of form) {
		fields[key] = typeof value === 'string' && !seen.has(key) ? value : undefined;
		seen.add(key);
	}
	return fields;
}

function echoable(fields: Record<string, string | undefined>): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of Object.entries(fields)) {
		if (value !== undefined && !/password/i.test(key)) values[key] = value.slice(0, 500);
	}
	return values;
}

/** PostgreSQL cannot store a NUL character in text, and no one types one: such input is refused. */
export function hasNulCharacter(text: string): boolean {
	return text.includes('\0');
}

/**
 * Bidirectional embeddings, overrides and isolates (U+202A-E, U+2066-9) make text display in
 * another order than it was typed: a student's answer or a class name could read differently in a
 * teacher's report or a CSV file. Ordinary right-to-left writing needs none of them.
 */
const TEXT_DIRECTION_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

export function hasTextDirectionControl(text: string): boolean {
	return TEXT_DIRECTION_CONTROL.test(text);
}

export const TEXT_DIRECTION_MESSAGE =
	'Remove the hidden text-direction character (such as U+202E): it makes text display in a different order from how it was typed.';

export type FormRead =
	| { form: FormData; problem?: never; field?: never }
	| { form?: never; problem: string; field: string | null };

/**
 * The posted form, or what is wrong with it: it cannot be read, or a field holds a NUL character
 * or a text-direction control. Passwords are left as typed: they are never shown.
 */
export async function readFormData(request: Request): Promise<FormRead> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return { problem: 'The form could not be read. Please try again.', field: null };
	}
	for (const [key, value] of form) {
		if (hasNulCharacter(key) || (typeof value === 'string' && hasNulCharacter(value))) {
			return { problem: 'The form could not be read. Please try again.', field: null };
		}
		if (
			typeof value === 'string' &&
			!/password/i.test(key) &&
			TEXT_DIRECTION_CONTROL.test(key + value)
		) {
			return { problem: TEXT_DIRECTION_MESSAGE, field: key };
		}
	}
	return { form };
}

/**
 * Parses a form post against a schema: the data, or a 400 failure with a message per field.
 */
export async function parseForm<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<
	{ data: z.output<S>; failure?: never } | { data?: never; failure: ActionFailure<FormFailure> }
> {
	const { form, problem, field } = await readFormData(request);
	if (!form) {
		// No page has a field named __proto__, and SvelteKit cannot send such a key back (a 500).
		const named = field && field !== '__proto__' ? { errors: { [field]: problem } } : {};
		return { failure: rejectForm(400, problem, named) };
	}
	const fields = formFields(form);
	const result = schema.safeParse(fields);
	if (result.success) return { data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		errors[String(issue.path[0] ?? 'form')] ??= issue.message;
	}
	return {
		failure: rejectForm(400, 'Please correct the highlighted fields.', {
			errors,
			values: echoable(fields)
		})
	};
}
