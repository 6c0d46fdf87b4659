import { describe, expect, it } from 'vitest';
import { countSyllables, readingLevel } from '$lib/server/reading-level';

describe('countSyllables', () => {
	it('counts syllables by the rule of thumb it documents', () => {
		const counts = {
			cat: 1,
			the: 1,
			make: 1,
			whale: 1,
			table: 2,
			little: 2,
			jumped: 1,
			wanted: 2,
			lives: 1,
			boxes: 2,
			changes: 2,
			coming: 2,
			today: 2,
			yellow: 2,
			beautiful: 3,
			tornadoes: 3,
			communities: 4,
			devastated: 4,
			'clear-cut': 2,
			"NOAA's": 1,
			'2,700': 4,
			'18': 2
		};
		for (const [word, syllables] of Object.entries(counts)) {
			expect([word, countSyllables(word)]).toEqual([word, syllables]);
		}
	});
});

describe('readingLevel', () => {
	it('gives the Flesch-Kincaid grade of a hand-counted text', () => {
		// Sentence 1: The(1) cat(1) sat(1) on(1) the(1) mat(1): 6 words, 6 syllables.
		// Sentence 2: A(1) storm(1) is(1) coming(2) to(1) town(1) today(2): 7 words, 9 syllables.
		// Sentence 3: Residents(3) left(1) immediately(5): 3 words, 9 syllables.
		// 16 words, 24 syllables, 3 sentences:
		// 0.39 × 16/3 + 11.8 × 24/16 − 15.59 = 2.08 + 17.7 − 15.59 = 4.19.
		const level = readingLevel([
			['The cat sat on the mat.', 'A storm is coming to town today.'],
			['Residents left immediately.']
		]);
		expect(level).toEqual({
			words: 16,
			sentences: 3,
			wordsPerSentence: 5.3,
			syllablesPerWord: 1.5,
			grade: 4.2,
			longestSentence: 7
		});
	});

	it('never gives a grade below 0, and zeros for an empty article', () => {
		// 0.39 × 2 + 11.8 × 1 − 15.59 = −3.01
		expect(readingLevel([['I go.', 'We ran.']]).grade).toBe(0);
		expect(readingLevel([])).toEqual({
			words: 0,
			sentences: 0,
			wordsPerSentence: 0,
			syllablesPerWord: 0,
			grade: 0,
			longestSentence: 0
		});
	});
});
