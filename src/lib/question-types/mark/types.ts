export type PublicMarkQuestion = { type: 'mark'; confidence: false };

export type MarkAnswer = { type: 'mark'; sentences: string[] };

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

/** Everything the browser sees of the type, for the unions in $lib/lesson. */
export type MarkShapes = { public: PublicMarkQuestion; answer: MarkAnswer; detail: MarkResult };
