import type { Actions, PageServerLoad } from './$types';

// How many paragraphs the page has: set once for the run by the bench, which measures the page.
const PARAGRAPHS = Number(process.env.FLOOR_PARAGRAPHS ?? 60);
const QUESTION_EVERY = 4;

const WORDS = (
	'the a of source claim reader article photo date author site evidence search page who ' +
	'what when where why report quote caption original account post shared checked earlier ' +
	'later border village officials said according witness video map record agency local ' +
	'news story trace lateral reading context headline published changed missing version'
).split(' ');

function sentenceWords(seed: number, count: number) {
	let state = seed;
	const words = [];
	for (let i = 0; i < count; i++) {
		state = (state * 9301 + 49297) % 233280;
		words.push(WORDS[state % WORDS.length]);
	}
	return words;
}

function paragraph(index: number) {
	const sentences = [];
	for (let s = 0; s < 2; s++) {
		const words = sentenceWords(index * 31 + s + 1, 9 + ((index + s) % 4));
		const text = words.join(' ');
		sentences.push(text[0].toUpperCase() + text.slice(1) + '.');
	}
	return sentences.join(' ');
}

type Question = {
	id: string;
	prompt: string;
	kind: 'radio' | 'checkbox';
	options: { value: string; label: string }[];
};

// Plain data built once: the floor does no database work and no I/O per request.
const paragraphs = Array.from({ length: PARAGRAPHS }, (_, i) => paragraph(i));
const questions: Question[] = Array.from(
	{ length: Math.floor(PARAGRAPHS / QUESTION_EVERY) },
	(_, q) => ({
		id: `q${q + 1}`,
		prompt: `Question ${q + 1}: ${sentenceWords(q + 7, 8).join(' ')}?`,
		kind: q % 2 === 0 ? 'radio' : 'checkbox',
		options: Array.from({ length: 4 }, (_, o) => ({
			value: `q${q + 1}-o${o + 1}`,
			label: sentenceWords(q * 4 + o + 3, 5).join(' ')
		}))
	})
);

export const load: PageServerLoad = () => ({
	title: 'Who is behind it?',
	paragraphs,
	questions,
	questionEvery: QUESTION_EVERY
});

export const actions: Actions = {
	default: async ({ request }) => ({ answered: [...(await request.formData()).keys()].length })
};
