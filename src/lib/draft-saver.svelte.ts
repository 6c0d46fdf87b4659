import { deserialize } from '$app/forms';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'queued' | 'failed';

/**
 * Saves a form's half-done answer shortly after each change, through the page's draft action.
 * When the server cannot be reached, the draft goes to `whenUnreachable` (the outbox) instead.
 */
export class DraftSaver {
	status = $state<SaveStatus>('idle');
	#timer: ReturnType<typeof setTimeout> | undefined;
	#action: string;
	#whenUnreachable: (form: FormData) => void;

	constructor(whenUnreachable: (form: FormData) => void, action = '?/draft') {
		this.#whenUnreachable = whenUnreachable;
		this.#action = action;
	}

	schedule(form: HTMLFormElement, delayMs = 700) {
		clearTimeout(this.#timer);
		this.status = 'pending';
		this.#timer = setTimeout(() => void this.save(form), delayMs);
	}

	cancel() {
		clearTimeout(this.#timer);
	}

	/** Hands a draft that could not be sent to the outbox. */
	queue(form: FormData) {
		this.#whenUnreachable(form);
		this.status = 'queued';
	}

	async save(form: HTMLFormElement) {
		clearTimeout(this.#timer);
		const body = new FormData(form);
		if (!navigator.onLine) return this.queue(body);
		this.status = 'saving';
		try {
			const response = await fetch(this.#action, {
				method: 'POST',
				body,
				headers: { 'x-sveltekit-action': 'true' }
			});
			if (response.status >= 500) return this.queue(body);
			const result = deserialize(await response.text());
			this.status = result.type === 'success' ? 'saved' : 'failed';
		} catch {
			this.queue(body);
		}
	}
}
