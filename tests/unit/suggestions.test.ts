import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitArticle } from '$lib/server/article-import';
import {
	SUGGESTION_KINDS,
	suggestSentences,
	suggestionSources,
	type SuggestionKind
} from '$lib/server/suggestions';

/** The suggestions of one kind for an article of one sentence, as [phrase, reason]. */
function found(sentence: string, kind: SuggestionKind): [string, string][] {
	return suggestSentences([['A headline'], [sentence]])
		.filter((s) => s.kind === kind)
		.map((s) => [s.phrase, s.reason]);
}

describe('suggestSentences', () => {
	it('points at vague attribution', () => {
		expect(found('Observers say the talks failed.', 'vague-attribution')).toEqual([
			['Observers', 'Who exactly are “Observers”? A source that is not named cannot be checked.']
		]);
		expect(found('According to experts, it will rain.', 'vague-attribution')).toEqual([
			[
				'According to',
				'According to whom, and how do they know? Check that the source is named and can be found.'
			]
		]);
		expect(found('It is believed that the dam is weak.', 'vague-attribution')).toEqual([
			['It is believed', 'Believed by whom? The sentence hides who holds the view.']
		]);
		expect(found('Critics say the plan is late.', 'vague-attribution')[0]?.[0]).toBe('Critics say');
	});

	it('points at loaded words', () => {
		expect(found('The minister slammed the report.', 'loaded-word')).toEqual([
			[
				'slammed',
				'“slammed” is a word chosen to make the reader feel something: what plain word would report the same fact?'
			]
		]);
		expect(found('The so-called reform passed.', 'loaded-word')[0]?.[0]).toBe('so-called');
	});

	it('points at sweeping words', () => {
		expect(found('Not a single school was closed.', 'sweeping')).toEqual([
			['Not a single', '“Not a single” admits no exception: is it true without one?']
		]);
		expect(found('Everyone agrees and nobody objects.', 'sweeping')[0]?.[0]).toBe('Everyone');
		expect(found('The bridge was completely destroyed.', 'sweeping')[0]?.[0]).toBe('completely');
		expect(found('They never pay, as all of them know.', 'sweeping')[0]?.[0]).toBe('never');
	});

	it('points at guesses about motives', () => {
		expect(found('He actually wants a war.', 'motive')).toEqual([
			[
				'actually wants',
				'“actually wants” states a purpose or a motive: how could the writer know what someone intends?'
			]
		]);
		expect(found('They closed the road in order to hide the damage.', 'motive')[0]?.[0]).toBe(
			'in order to'
		);
	});

	it('points at checkable specifics: numbers, percentages, dates, years, named bodies, quotations', () => {
		expect(found('Prices rose 12 percent last year.', 'checkable')).toEqual([
			[
				'12 percent',
				'“12 percent”: a percentage of what, measured by whom? It can be checked at its source.'
			]
		]);
		expect(found('About 2,700 homes lost power.', 'checkable')[0]?.[0]).toBe('2,700');
		expect(found('It rained on March 3, 2021 again.', 'checkable')[0]?.[0]).toBe('March 3, 2021');
		expect(found('The dam was built in 1962.', 'checkable')[0]).toEqual([
			'1962',
			'“1962”: a year can be checked against other reports.'
		]);
		expect(found('A report by the Ministry of Health disagrees.', 'checkable')[0]?.[0]).toBe(
			'Ministry of Health'
		);
		expect(found('The Parliament voted on it.', 'checkable')[0]?.[0]).toBe('Parliament');
		expect(found('“We will stay,” she said.', 'checkable')).toEqual([
			['“We will stay,”', 'A quotation can be traced: who said it, where and when?']
		]);
		// A nickname in quotes is not a quotation.
		expect(found('John "Jack" Kelly spoke.', 'checkable')).toEqual([]);
	});

	it('points at a headline that asks a question, and only at the headline', () => {
		const suggestions = suggestSentences([['Is the border closed?'], ['Who knows?']]);
		expect(suggestions.filter((s) => s.kind === 'question-headline')).toEqual([
			{
				paragraph: 0,
				sentence: 0,
				kind: 'question-headline',
				phrase: 'Is the border closed?',
				reason: 'A headline that asks a question can suggest an answer the article does not show.'
			}
		]);
		expect(
			suggestSentences([['The border is closed.'], ['Is it?']]).filter(
				(s) => s.kind === 'question-headline'
			)
		).toEqual([]);
	});

	it('points at either-or framing', () => {
		expect(found('Either we build the dam or the valley floods.', 'either-or')).toEqual([
			[
				'Either we build the dam or',
				'“Either we build the dam or” offers two options as if there were no others: are there really only two?'
			]
		]);
		expect(found('There is no other way out.', 'either-or')[0]?.[0]).toBe('There is no other');
		expect(found('We have only two roads.', 'either-or')[0]?.[0]).toBe('only two');
	});

	it('matches whole words only', () => {
		const article = [
			['Overall, the wallet was small.'],
			['Nevertheless, mobile expertise helped the ballot.'],
			['Neither road flooded, for storage was full.'],
			['The all-out effort never-ending.']
		];
		expect(
			suggestSentences(article)
				.filter((s) => s.kind !== 'checkable')
				.map((s) => s.phrase)
		).toEqual([]);
	});

	it('matches across typographic quotes, spaces and case, and reports the words as printed', () => {
		expect(found('Sources\u00A0SAY the plan failed.', 'vague-attribution')[0]?.[0]).toBe(
			'Sources\u00A0SAY'
		);
		expect(found('EVERYONE agrees.', 'sweeping')[0]?.[0]).toBe('EVERYONE');
		expect(found('It is\u200B believed so.', 'vague-attribution')[0]?.[0]).toBe(
			'It is\u200B believed'
		);
		expect(found('“Either go or stay,” she said.', 'either-or')[0]?.[0]).toBe('Either go or');
	});

	it('gives one suggestion per kind a sentence, at the earliest words, in the article’s order', () => {
		const suggestions = suggestSentences([
			['Experts say all is lost?'],
			['Critics say 40 percent of observers never vote.']
		]);
		expect(suggestions.map((s) => [s.paragraph, s.sentence, s.kind, s.phrase])).toEqual([
			[0, 0, 'vague-attribution', 'Experts say'],
			[0, 0, 'sweeping', 'all'],
			[0, 0, 'question-headline', 'Experts say all is lost?'],
			[1, 0, 'vague-attribution', 'Critics say'],
			[1, 0, 'sweeping', 'never'],
			[1, 0, 'checkable', '40 percent']
		]);
	});

	it('gives the fixture a stable list that a teacher can follow', () => {
		const paragraphs = splitArticle(
			readFileSync('tests/fixtures/articles/noaa-stormready-2000.txt', 'utf8')
		);
		const suggestions = suggestSentences(paragraphs);
		expect(suggestions.map((s) => [s.paragraph, s.sentence, s.kind, s.phrase])).toEqual([
			// "Just two months into the year 2000, already 18 Americans …": the first specific.
			[1, 0, 'checkable', '2000'],
			// "Since 1998, nearly 2,700 tornadoes have killed almost 200 people …"
			[1, 2, 'checkable', '1998'],
			// "… a new national program designed to give communities a fighting chance …"
			[1, 3, 'motive', 'designed to'],
			[1, 3, 'checkable', 'National Oceanic and Atmospheric Administration'],
			// "… said John J. "Jack" Kelly Jr., director of NOAA's National Weather Service."
			// (the nickname in quotes is not taken for a quotation)
			[2, 0, 'checkable', "NOAA's National Weather Service"],
			// "… the local National Weather Service Office, state and local emergency managers …"
			[3, 0, 'checkable', 'National Weather Service Office'],
			[4, 0, 'checkable', 'National Weather Service Forecast Office'],
			// "Kelly said the National Weather Service's goal is to make 20 communities StormReady …"
			[4, 1, 'checkable', 'National Weather Service'],
			// The agency's own director praising its programme: "such great promise".
			[5, 0, 'loaded-word', 'great'],
			[
				5,
				0,
				'checkable',
				'"The local program works so well and holds such great promise for other communities, we think it will catch on across the country,"'
			],
			// The quotation runs over two more sentences.
			[
				5,
				1,
				'checkable',
				'"StormReady addresses the need for a new level of community awareness to protect life and property from extreme weather.'
			],
			[
				5,
				2,
				'checkable',
				'Through vital partnerships, we will save lives with the StormReady program."'
			]
		]);
		expect(suggestSentences(paragraphs)).toEqual(suggestions);
		for (const s of suggestions) expect(paragraphs[s.paragraph]![s.sentence]).toContain(s.phrase);
	});

	it('says where every word list comes from', () => {
		for (const kind of SUGGESTION_KINDS) expect(suggestionSources[kind].length).toBeGreaterThan(40);
		expect(suggestionSources['vague-attribution']).toContain('SIFT');
		expect(suggestionSources['question-headline']).toContain('Betteridge');
		expect(suggestionSources.sweeping).toMatch(/curated for Byline/i);
	});
});
