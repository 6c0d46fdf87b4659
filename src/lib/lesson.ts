// Shapes shared by server and browser. Nothing here is secret: keys live in lessons/*/key.server.ts.

export type Confidence = 'low' | 'medium' | 'high';
export const CONFIDENCE_LEVELS: { id: Confidence; label: string }[] = [
	{ id: 'low', label: 'Guessing' },
	{ id: 'medium', label: 'Fairly sure' },
	{ id: 'high', label: 'Certain' }
];

export type Sentence = { id: string; text: string };
export type PublicArticle = {
	headline: Sentence;
	paragraphs: { sentences: Sentence[] }[];
	byline: string;
};

export type PublicOption = { id: string; text: string };
export type RubricCriterion = {
	id: string;
	label: string;
	levels: { score: number; label: string; description: string }[];
};

/** A question as the student sees it before answering: no key, no feedback. */
export type PublicQuestion = { id: string; prompt: string; once: boolean } & (
	| { type: 'single' | 'multiple'; options: PublicOption[]; confidence: boolean }
	| { type: 'mark'; confidence: false }
	| {
			type: 'sort';
			categories: { id: string; label: string; description: string }[];
			claims: { id: string; text: string }[];
			confidence: boolean;
	  }
	| {
			type: 'written';
			guidance: string | null;
			minWords: number;
			/** Shown before answering: success criteria, used for self-assessment. */
			rubric: RubricCriterion[];
			confidence: false;
	  }
);

export type Answer =
	| { type: 'single' | 'multiple'; options: string[] }
	| { type: 'mark'; sentences: string[] }
	| { type: 'sort'; placements: Record<string, string> }
	| { type: 'written'; text: string; selfAssessment: Record<string, number> };

export type ChoiceResult = {
	type: 'single' | 'multiple';
	options: { id: string; chosen: boolean; correct: boolean; feedback: string }[];
};
export type MarkResult = {
	type: 'mark';
	hits: number;
	falseMarks: number;
	targets: number;
	sentences: {
		id: string;
		marked: boolean;
		role: 'target' | 'optional' | 'other';
		feedback: string | null;
	}[];
};
export type SortResult = {
	type: 'sort';
	claims: { id: string; chosen: string | null; correct: string; feedback: string }[];
	/** Per category: the share of its claims the student put there (recall). */
	recall: Record<string, number>;
};
export type WrittenResult = {
	type: 'written';
	modelAnswer: string;
};

export type Grading = {
	/** 0..1, or null where a teacher scores (written answers). */
	score: number | null;
	correct: boolean;
	explanation: string;
	detail: ChoiceResult | MarkResult | SortResult | WrittenResult;
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
	check: 'pre' | 'post' | null;
};
