// Shapes the browser sees of single- and multiple-choice questions (multiple shares them).

export type ChoiceType = 'single' | 'multiple';

export type PublicOption = { id: string; text: string };

export type PublicChoiceQuestion<T extends ChoiceType = ChoiceType> = {
	type: T;
	options: PublicOption[];
	confidence: boolean;
};

export type ChoiceAnswer<T extends ChoiceType = ChoiceType> = { type: T; options: string[] };

export type ChoiceResult<T extends ChoiceType = ChoiceType> = {
	type: T;
	options: { id: string; chosen: boolean; correct: boolean; feedback: string }[];
};

/** Everything the browser sees of the type, for the unions in $lib/lesson. */
export type ChoiceShapes<T extends ChoiceType> = {
	public: PublicChoiceQuestion<T>;
	answer: ChoiceAnswer<T>;
	detail: ChoiceResult<T>;
};
