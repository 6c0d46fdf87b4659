import { getContext, setContext } from 'svelte';
import type { PublicArticle, QuestionState } from '$lib/lesson';

export type LessonContext = {
	readonly questions: Record<string, QuestionState>;
	readonly article: PublicArticle | null;
	/** The question the student asked to try again, from ?retry= so it works without JavaScript. */
	readonly retry: string | null;
	/** A refused answer, as the server returned it (for pages posted without JavaScript). */
	readonly failure: { questionId: string; message: string } | null;
};

const KEY = Symbol('lesson-step');

export function setLessonContext(context: LessonContext) {
	setContext(KEY, context);
}

export function getLessonContext(): LessonContext {
	return getContext<LessonContext>(KEY);
}
