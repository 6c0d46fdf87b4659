import { checkDraft, type KeyDraft } from './checks';

/** An element id made from a field name: `options[0].text` → `q-options-0-text`. */
export const fieldId = (prefix: string, name: string) =>
	`${prefix}-${name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+$/, '')}`;

/**
 * What one editor holds while the teacher types: the key (a copy of the one the page gave, made
 * again whenever the page gives another) and which fields they have changed. A field the teacher
 * has changed shows the live check's message; one they have not shows the server's.
 */
export class EditorState<K extends KeyDraft> {
	key = $state() as K;
	touched = $state<Record<string, true>>({});
	/** Set when a row is removed in place: the server's messages no longer line up with the rows. */
	stale = $state(false);
	enhanced = $state(false);

	constructor(key: K) {
		this.key = $state.snapshot(key) as K;
	}

	touch(event: Event) {
		const name = (event.target as HTMLInputElement | null)?.name;
		if (name && !this.touched[name]) this.touched[name] = true;
	}

	#isTouched(field: string) {
		return Object.keys(this.touched).some(
			(t) => t === field || t.startsWith(`${field}[`) || t.startsWith(`${field}.`)
		);
	}

	live(sentences: { text: string }[]) {
		return this.enhanced ? checkDraft(this.key, sentences) : {};
	}

	message(field: string, errors: Record<string, string>, live: Record<string, string>) {
		if (field === 'question') return errors[field];
		if (this.enhanced && (this.stale || this.#isTouched(field))) return live[field];
		return errors[field];
	}
}
