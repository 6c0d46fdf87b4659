export type PublicSortQuestion = {
	type: 'sort';
	categories: { id: string; label: string; description: string }[];
	claims: { id: string; text: string }[];
	confidence: boolean;
};

export type SortAnswer = { type: 'sort'; placements: Record<string, string> };

export type SortResult = {
	type: 'sort';
	claims: { id: string; chosen: string | null; correct: string; feedback: string }[];
	/** Per category: the share of its claims the student put there (recall). */
	recall: Record<string, number>;
};

/** Everything the browser sees of the type, for the unions in $lib/lesson. */
export type SortShapes = { public: PublicSortQuestion; answer: SortAnswer; detail: SortResult };
