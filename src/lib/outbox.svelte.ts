import { deserialize } from '$app/forms';

/**
 * Answers and drafts that could not reach the server, kept in this browser (localStorage, per
 * user) and sent in order when the connection returns. An answer carries the submission id the
 * server made for it, so sending it again after a lost response never counts it twice.
 */
export type OutboxItem = {
	/** The submission id for an answer; one key per question for a draft, so the newest wins. */
	key: string;
	kind: 'answer' | 'draft';
	questionId: string;
	/** The form action, e.g. `/learn/tajik-border/who?/answer`. */
	action: string;
	fields: [string, string][];
	queuedAt: number;
};

export type OutboxState = 'idle' | 'sending' | 'offline' | 'signed-out';

type Delivery =
	| { outcome: 'delivered' }
	| { outcome: 'refused'; message: string }
	| { outcome: 'offline' | 'signed-out' };

const RETRY_MS = 10_000;

async function deliver(item: OutboxItem): Promise<Delivery> {
	let response: Response;
	try {
		response = await fetch(item.action, {
			method: 'POST',
			headers: {
				accept: 'application/json',
				'x-sveltekit-action': 'true',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: new URLSearchParams(item.fields),
			cache: 'no-store',
			// The route guard redirects when the session has ended; following it would look like success.
			redirect: 'manual'
		});
	} catch {
		return { outcome: 'offline' };
	}
	if (response.type === 'opaqueredirect') return { outcome: 'signed-out' };
	if (response.status >= 500) return { outcome: 'offline' };
	let result;
	try {
		result = deserialize(await response.text());
	} catch {
		return response.ok
			? { outcome: 'offline' }
			: { outcome: 'refused', message: `The server refused it (${response.status}).` };
	}
	if (result.type === 'success' || result.type === 'redirect') return { outcome: 'delivered' };
	if (result.type === 'failure') {
		const message = (result.data as { message?: unknown } | undefined)?.message;
		return { outcome: 'refused', message: String(message ?? 'The server refused it.') };
	}
	return {
		outcome: 'refused',
		message: String((result.error as { message?: unknown } | undefined)?.message ?? 'Refused.')
	};
}

function isItem(value: unknown): value is OutboxItem {
	const item = value as OutboxItem;
	return (
		typeof item?.key === 'string' &&
		(item.kind === 'answer' || item.kind === 'draft') &&
		typeof item.questionId === 'string' &&
		typeof item.action === 'string' &&
		item.action.startsWith('/') &&
		Array.isArray(item.fields)
	);
}

export class Outbox {
	items = $state<OutboxItem[]>([]);
	state = $state<OutboxState>('idle');
	/** Whether this browser keeps the queue across a reload (private modes may refuse). */
	persistent = $state(true);
	/** Why the server refused a queued answer, by question, to show beside it. */
	refusals = $state<Record<string, string>>({});
	#storageKey: string;
	#sending = false;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#onDelivered = new Set<() => void>();

	constructor(storageKey: string) {
		this.#storageKey = storageKey;
		this.items = this.#read() ?? [];
		// Another tab of the same student may queue or send too; storage is the one list.
		addEventListener('storage', (event) => {
			if (event.key === storageKey) this.items = this.#read() ?? this.items;
		});
	}

	waiting(kind: OutboxItem['kind'], questionId: string): boolean {
		return this.items.some((item) => item.kind === kind && item.questionId === questionId);
	}

	/** Queues a post and tries to send it at once. An answer replaces its question's queued draft. */
	add(item: Omit<OutboxItem, 'queuedAt'>) {
		// The waiting answer is what counts; a later draft of it would only come back as a prefill.
		if (item.kind === 'draft' && this.waiting('answer', item.questionId)) return;
		const { [item.questionId]: _, ...otherRefusals } = this.refusals;
		this.refusals = otherRefusals;
		this.#update((items) => [
			...items.filter(
				(queued) =>
					queued.key !== item.key &&
					!(
						item.kind === 'answer' &&
						queued.kind === 'draft' &&
						queued.questionId === item.questionId
					)
			),
			{ ...item, queuedAt: Date.now() }
		]);
		void this.flush();
	}

	/** Calls back after queued answers arrive, so the page can show their feedback. */
	onDelivered(callback: () => void): () => void {
		this.#onDelivered.add(callback);
		return () => this.#onDelivered.delete(callback);
	}

	async flush(): Promise<void> {
		clearTimeout(this.#retry);
		if (this.#sending || this.items.length === 0) return;
		this.#sending = true;
		this.state = 'sending';
		let answersDelivered = false;
		try {
			// Oldest first; an answer queued while this runs is sent in the same pass.
			const tried = new Set<string>();
			const nextItem = () => this.items.find((queued) => !tried.has(queued.key));
			for (let item = nextItem(); item; item = nextItem()) {
				tried.add(item.key);
				const delivery = await deliver(item);
				if (delivery.outcome === 'offline' || delivery.outcome === 'signed-out') {
					this.state = delivery.outcome;
					this.#retry = setTimeout(() => void this.flush(), RETRY_MS);
					return;
				}
				const sent = item.key;
				this.#update((items) => items.filter((queued) => queued.key !== sent));
				if (delivery.outcome === 'refused') {
					this.refusals = { ...this.refusals, [item.questionId]: delivery.message };
				}
				if (item.kind === 'answer') answersDelivered = true;
			}
			this.state = 'idle';
		} finally {
			this.#sending = false;
			if (answersDelivered) for (const callback of this.#onDelivered) callback();
		}
	}

	#read(): OutboxItem[] | null {
		try {
			const stored: unknown = JSON.parse(localStorage.getItem(this.#storageKey) ?? '[]');
			return Array.isArray(stored) ? stored.filter(isItem) : [];
		} catch {
			return null;
		}
	}

	#update(change: (items: OutboxItem[]) => OutboxItem[]) {
		const next = change(this.#read() ?? this.items);
		this.items = next;
		try {
			if (next.length) localStorage.setItem(this.#storageKey, JSON.stringify(next));
			else localStorage.removeItem(this.#storageKey);
			this.persistent = true;
		} catch {
			this.persistent = false;
		}
	}
}

let current: Outbox | undefined;
let currentUser: string | undefined;

/** The one outbox of the signed-in user in this tab; call only in the browser. */
export function outboxFor(userId: string): Outbox {
	if (!current || currentUser !== userId) {
		current = new Outbox(`byline:outbox:${userId}`);
		currentUser = userId;
	}
	return current;
}

/** A form's fields as strings; files are never part of an answer. */
export function fieldsOf(form: FormData): [string, string][] {
	return [...form].filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}
