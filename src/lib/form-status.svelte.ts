import type { SubmitFunction } from '@sveltejs/kit';

/** Tracks one enhanced form's submission, so its button can say it is busy. */
export class FormStatus {
	pending = $state(false);

	enhance: SubmitFunction = () => {
		this.pending = true;
		return async ({ update }) => {
			await update();
			this.pending = false;
		};
	};
}
