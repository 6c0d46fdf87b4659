export type RubricCriterion = {
	id: string;
	label: string;
	levels: { score: number; label: string; description: string }[];
};

export type PublicWrittenQuestion = {
	type: 'written';
	guidance: string | null;
	minWords: number;
	/** Shown before answering: success criteria, used for self-assessment. */
	rubric: RubricCriterion[];
	confidence: false;
};

export type WrittenAnswer = {
	type: 'written';
	text: string;
	selfAssessment: Record<string, number>;
};

export type WrittenResult = {
	type: 'written';
	modelAnswer: string;
};

/** Everything the browser sees of the type, for the unions in $lib/lesson. */
export type WrittenShapes = {
	public: PublicWrittenQuestion;
	answer: WrittenAnswer;
	detail: WrittenResult;
};
