// Shapes shared by server and browser. Nothing here is secret: keys stay on the server.
// Each question type's own shapes live in its folder under question-types/.
import type { ChoiceShapes } from './question-types/single/types';
import type { MarkShapes } from './question-types/mark/types';
import type { SortShapes } from './question-types/sort/types';
import type { WrittenShapes } from './question-types/written/types';

/** Every question type's shapes: one member a type. */
type QuestionShapes =
	ChoiceShapes<'single'> | ChoiceShapes<'multiple'> | MarkShapes | SortShapes | WrittenShapes;

export type Confidence = 'low' | 'medium' | 'high';
export const CONFIDENCE_LEVELS: { id: Confidence; label: string }[] = [
	{ id: 'low', label: 'Guessing' },
	{ id: 'medium', label: 'Fairly sure' },
	{ id: 'high', label: 'Certain' }
];

/** Answers a confidence level needs before its average says anything about the student. */
export const CONFIDENCE_MIN_ANSWERS = 3;

export type Sentence = { id: string; text: string };
export type PublicArticle = {
	headline: Sentence;
	paragraphs: { sentences: Sentence[] }[];
	byline: string;
};

/** A piece of a sentence: plain text, or the words that glossary entry `term` (its index) explains. */
export type GlossedPart = string | { term: number; text: string };

/** A module's glossary, and the sentences where its terms first appear, already cut (as text). */
export type ArticleGlossary = {
	entries: { term: string; definition: string }[];
	/** Only the sentences that hold a term's first appearance, by sentence id. */
	sentences: Record<string, GlossedPart[]>;
};

/** A question as the student sees it before answering: no key, no feedback. */
export type PublicQuestion = {
	id: string;
	prompt: string;
	once: boolean;
} & QuestionShapes['public'];

export type Answer = QuestionShapes['answer'];

export type Grading = {
	/** 0..1, or null where a teacher scores (written answers). */
	score: number | null;
	correct: boolean;
	explanation: string;
	detail: QuestionShapes['detail'];
};

export type AttemptView = {
	attemptNo: number;
	answer: Answer;
	confidence: Confidence | null;
	createdAt: number;
	grading: Grading;
	/** A teacher's review of a written answer, once given. */
	review: TeacherReview | null;
};

export type TeacherReview = { rubric: Record<string, number>; comment: string; score: number };

export type QuestionState = {
	question: PublicQuestion;
	/** The first attempt and the latest: those the page shows. */
	attempts: AttemptView[];
	draft: Answer | null;
	/** One-answer questions, once answered. */
	locked: boolean;
	/** A fresh id for the next submission, so a repeated post is recognised. */
	submissionId: string;
};

export type StepLink = {
	slug: string;
	title: string;
	number: number;
	check: CheckForm | null;
};

/** The pre-check, the post-check and the delayed check: parallel forms of one skills check. */
export type CheckForm = 'pre' | 'post' | 'delayed';

/** A step's prose, rendered on the server, or the place of a question. */
export type StepBlock = { markdownHtml: string } | { questionId: string };

/** Everything a lesson step's page shows, to a student or to a teacher previewing it. */
export type LessonStepData = {
	module: { id: string; title: string; sourceNote: string };
	steps: StepLink[];
	step: {
		slug: string;
		title: string;
		number: number;
		article: 'beside' | 'none';
		blocks: StepBlock[];
	};
	/** The article, or the short passage of the step's own when it has one. */
	article: PublicArticle | null;
	/** Set when `article` is a check's own passage: what that passage is. */
	passageNote: string | null;
	/** Given wherever the article is (not a check's passage). */
	glossary: ArticleGlossary | null;
	questions: Record<string, QuestionState>;
	answeredCount: number;
	questionCount: number;
	retry: string | null;
};
