export type ReadingLevel = {
	words: number;
	sentences: number;
	wordsPerSentence: number;
	syllablesPerWord: number;
	/** Flesch-Kincaid grade level, to one decimal, never below 0. */
	grade: number;
	/** Words in the longest sentence. */
	longestSentence: number;
};

const WORD = /[\p{L}\p{N}]+(?:['’.,-][\p{L}\p{N}]+)*/gu;

function wordsOf(sentence: string): string[] {
	return sentence.match(WORD) ?? [];
}

/**
 * Syllables in a word, by the usual English rule of thumb: a number counts one syllable a digit
 * (roughly as it is read); a word of three letters or fewer has one; otherwise a silent final
 * "e" (not "-le" after a consonant) and "-es"/"-ed" endings that are not sounded (not after t or
 * d, nor "-es" after a vowel, s, x, z, c, g, ch or sh) are dropped, a leading "y" is a consonant, and each run of
 * vowels (a, e, i, o, u, y) is one syllable; every word has at least one. It is wrong on some
 * words ("area" counts two), which is why it feeds an estimate and not a verdict.
 */
export function countSyllables(word: string): number {
	const digits = word.replace(/\D/g, '');
	if (digits.length > 0 && !/\p{L}/u.test(word)) return digits.length;
	let w = word
		.toLowerCase()
		.normalize('NFD')
		.replace(/[^a-z]/g, '');
	if (w.length === 0) return 0;
	if (w.length <= 3) return 1;
	w = w
		.replace(/(?<![td])ed$/, '')
		.replace(/(?<![sxzcg]|ch|sh|[aeiouy])es$/, '')
		.replace(/(?<![^aeiouy]l)e$/, '')
		.replace(/^y/, '');
	return Math.max(1, w.match(/[aeiouy]+/g)?.length ?? 0);
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * The reading level of an article's sentences by the Flesch-Kincaid grade formula,
 * 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
 */
export function readingLevel(paragraphs: string[][]): ReadingLevel {
	const sentences = paragraphs
		.flat()
		.map(wordsOf)
		.filter((words) => words.length > 0);
	const words = sentences.reduce((n, s) => n + s.length, 0);
	if (words === 0) {
		return {
			words: 0,
			sentences: 0,
			wordsPerSentence: 0,
			syllablesPerWord: 0,
			grade: 0,
			longestSentence: 0
		};
	}
	const syllables = sentences.flat().reduce((n, w) => n + countSyllables(w), 0);
	const wordsPerSentence = words / sentences.length;
	const syllablesPerWord = syllables / words;
	const grade = 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59;
	return {
		words,
		sentences: sentences.length,
		wordsPerSentence: round(wordsPerSentence, 1),
		syllablesPerWord: round(syllablesPerWord, 2),
		grade: Math.max(0, round(grade, 1)),
		longestSentence: sentences.reduce((longest, s) => Math.max(longest, s.length), 0)
	};
}
