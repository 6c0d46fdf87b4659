import type { Answer, Grading, PublicArticle, PublicQuestion, TeacherReview } from '$lib/lesson';

export type QuestionTypeName = PublicQuestion['type'];

// Looked up by key rather than with Extract<…, T>, so that props for 'single' | 'multiple' accept
// props for 'single': TypeScript cannot see that through a conditional type.
type ByType<U extends { type: string }> = { [T in U['type']]: Extract<U, { type: T }> };
type Questions = ByType<PublicQuestion>;
type Answers = ByType<Answer>;
type Details = ByType<Grading['detail']>;

/** What every type's Input gets; each uses what it needs. */
export type InputProps<T extends QuestionTypeName = QuestionTypeName> = {
	question: Questions[T];
	/** The saved draft, of whatever type it was saved as. */
	draft: Answer | null;
	/** Shown only on steps that need it; null elsewhere. */
	article: PublicArticle | null;
	/** Prefix of every field id, unique on the page. */
	idPrefix: string;
};

/** What every type's Result gets: the latest attempt, graded, at a question of its type. */
export type ResultProps<T extends QuestionTypeName = QuestionTypeName> = {
	question: Questions[T];
	answer: Answers[T];
	result: Details[T];
	article: PublicArticle | null;
	/** The teacher's review of the first attempt: the one that counts. */
	review: TeacherReview | null;
};
