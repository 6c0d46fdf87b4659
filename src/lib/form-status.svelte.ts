import { tick } from 'svelte';
import type { SubmitFunction } from '@sveltejs/kit';

/** Tracks one enhanced form's submission, so its button can say it is busy. */
export class FormStatus {
	pending = $state(false);

	enhance: SubmitFunction = ({ formElement }) => {
		this.pending = true;
		return async ({ update, result }) => {
			await update();
			this.pending = false;
			// The busy button was disabled, which drops keyboard focus; put it where the fix is.
			if (result.type === 'failure') {
				await tick();
				const invalid = formElement.querySelector<HTMLElement>('[aria-invalid="true"]');
				(invalid ?? formElement.querySelector<HTMLElement>('button'))?.focus();
			}
		};
	};
}
