import { expect, type Page } from '@playwright/test';

export const MODULE = '/learn/tajik-border';

export type Plan = {
	step: string;
	answers: {
		id: string;
		/** Options or sentence ids to pick, a claim→category map, or the text to write. */
		pick?: string[];
		sort?: Record<string, string>;
		write?: string;
		confidence?: 'low' | 'medium' | 'high';
	}[];
};

/** The lesson's sort, all right: new assignments get version 2 of the module, which this plan answers. */
export const perfectSort = {
	'shohiyon-said': 'sourced',
	'data-received': 'sourced',
	ratified: 'unsourced',
	'syria-dates': 'unsourced',
	bases: 'unsourced',
	'all-incidents': 'unsourced',
	'not-single': 'unsourced',
	excuse: 'judgement',
	'actually-wants': 'judgement',
	corrupt: 'judgement',
	chessboard: 'judgement'
};
export const perfectPreSort = {
	lifeline: 'judgement',
	residents: 'unsourced',
	carter: 'sourced',
	'no-other-bus': 'unsourced',
	survey: 'sourced',
	'everyone-knows': 'unsourced',
	accounts: 'sourced',
	depot: 'judgement'
};
export const perfectPostSort = {
	'share-register': 'sourced',
	'ridge-height': 'unsourced',
	view: 'judgement',
	'planning-report': 'sourced',
	'common-knowledge': 'unsourced',
	smartest: 'judgement',
	fenwood: 'sourced',
	'every-town': 'unsourced'
};
/** The pre-check answered as a student new to the skills might: every item wrong, every claim “no source”. */
export const weakPreCheck: Plan['answers'] = [
	{ id: 'pre-credit', pick: ['news'], confidence: 'high' },
	{ id: 'pre-named-source', pick: ['experts'], confidence: 'high' },
	{ id: 'pre-motive', pick: ['minutes'], confidence: 'low' },
	{
		id: 'pre-sort',
		sort: Object.fromEntries(Object.keys(perfectPreSort).map((claim) => [claim, 'unsourced'])),
		confidence: 'medium'
	}
];
export const PLAN_TEXT =
	'I would search for Hizb ut Tahrir in an encyclopedia and in established news organisations to learn who is behind the article. I would then search independent news and research groups that record border incidents, and if they reported clashes with militants I would stop trusting the article.';
export const CONCLUSION_TEXT =
	'A reader should not trust the claim that the threat is imaginary on this article alone. It was written for the Central Media Office of Hizb ut Tahrir, so it argues a point of view. It is fair to doubt the official, who shows no data, but the article also gives no record for its claim that not a single clash has been recorded, and it uses loaded words such as regime.';

export const perfectRun: Plan[] = [
	{
		step: 'pre-check',
		answers: [
			{ id: 'pre-credit', pick: ['campaign'], confidence: 'medium' },
			{ id: 'pre-named-source', pick: ['survey'], confidence: 'high' },
			{ id: 'pre-motive', pick: ['depot'], confidence: 'high' },
			{ id: 'pre-sort', sort: perfectPreSort, confidence: 'medium' }
		]
	},
	{
		step: 'who-is-behind-it',
		answers: [
			{ id: 'who-credit', pick: ['organisation'], confidence: 'high' },
			{ id: 'who-genre', pick: ['advocacy'], confidence: 'high' },
			{
				id: 'who-purpose',
				pick: ['imaginary', 'russia-excuse', 'regime-fear'],
				confidence: 'medium'
			},
			{ id: 'who-date', pick: ['indirect'], confidence: 'medium' }
		]
	},
	{
		step: 'what-is-the-evidence',
		answers: [
			{ id: 'evidence-unnamed', pick: ['s7', 's9', 's14', 's18'] },
			{ id: 'evidence-sort', sort: perfectSort, confidence: 'medium' },
			{ id: 'evidence-official', pick: ['fair-doubt'], confidence: 'high' },
			{ id: 'evidence-syria', pick: ['check'], confidence: 'medium' }
		]
	},
	{
		step: 'language-and-framing',
		answers: [
			{ id: 'framing-loaded', pick: ['s17', 's18', 's22', 's23'] },
			{ id: 'framing-motive', pick: ['motive'], confidence: 'high' },
			{ id: 'framing-choice', pick: ['careful'], confidence: 'medium' },
			{ id: 'framing-headline', pick: ['rhetorical'], confidence: 'high' }
		]
	},
	{
		step: 'what-do-other-sources-say',
		answers: [
			{ id: 'lateral-first', pick: ['who'], confidence: 'high' },
			{ id: 'lateral-independent', pick: ['news', 'research'], confidence: 'medium' },
			{ id: 'lateral-plan', write: PLAN_TEXT }
		]
	},
	{ step: 'your-conclusion', answers: [{ id: 'conclusion', write: CONCLUSION_TEXT }] },
	{
		step: 'post-check',
		answers: [
			{ id: 'post-credit', pick: ['campaign'], confidence: 'high' },
			{ id: 'post-named-source', pick: ['planning-report'], confidence: 'high' },
			{ id: 'post-motive', pick: ['view'], confidence: 'high' },
			{ id: 'post-sort', sort: perfectPostSort, confidence: 'high' }
		]
	}
];

/** Sentence ids become input ids of the form q-<question>-<sentence>; options and claims likewise. */
export async function answerByMouse(page: Page, answer: Plan['answers'][number]) {
	const section = page.locator(`#q-${answer.id}`);
	for (const value of answer.pick ?? []) {
		await section.locator(`label[for="q-${answer.id}-${value}"]`).click();
	}
	for (const [claim, category] of Object.entries(answer.sort ?? {})) {
		await section.locator(`label[for="q-${answer.id}-${claim}-${category}"]`).click();
	}
	if (answer.write) await section.getByLabel('Your answer').fill(answer.write);
	if (answer.confidence)
		await section.locator(`label[for="q-${answer.id}-${answer.confidence}"]`).click();
	await section.getByRole('button', { name: /Check answer|Submit answer/ }).click();
	await expect(section.locator(`#q-${answer.id}-feedback`)).toBeVisible();
}
