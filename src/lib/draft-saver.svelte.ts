import { deserialize } from '$app/forms';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/** Saves a form's half-done answer shortly after each change, through the page's draft action. */
export class DraftSaver {
	status = $state<SaveStatus>('idle');
	#timer: ReturnType<typeof setTimeout> | undefined;
	#action: string;

	constructor(action = '?/draft') {
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

	async save(form: HTMLFormElement) {
		clearTimeout(this.#timer);
		this.status = 'saving';
		try {
			const response = await fetch(this.#action, {
				method: 'POST',
				body: new FormData(form),
				headers: { 'x-sveltekit-action': 'true' }
			});
			const result = deserialize(await response.text());
			this.status = result.type === 'success' ? 'saved' : 'failed';
		} catch {
			this.status = 'failed';
		}
	}
}
