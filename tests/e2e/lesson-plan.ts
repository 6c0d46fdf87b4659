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

export const perfectSort = {
	ratified: 'fact',
	'shohiyon-said': 'fact',
	bases: 'fact',
	chessboard: 'opinion',
	corrupt: 'opinion',
	smugglers: 'unsupported',
	'not-single': 'unsupported',
	excuse: 'unsupported'
};
export const PLAN_TEXT =
	'I would search for Hizb ut Tahrir in an encyclopedia and in established news organisations to learn who is behind the article. I would then search independent news and research groups that record border incidents, and if they reported clashes with militants I would stop trusting the article.';
export const CONCLUSION_TEXT =
	'A reader should not trust the claim that the threat is imaginary on this article alone. It was written for the Central Media Office of Hizb ut Tahrir, so it argues a point of view. It is fair to doubt the official, who shows no data, but the article also gives no record for its claim that not a single clash has been recorded, and it uses loaded words such as regime.';

export const perfectRun: Plan[] = [
	{
		step: 'pre-check',
		answers: [
			{ id: 'pre-credit-line', pick: ['organisation'], confidence: 'medium' },
			{ id: 'pre-named-source', pick: ['shohiyon'], confidence: 'high' },
			{ id: 'pre-loaded-words', pick: ['corrupt'], confidence: 'high' }
		]
	},
	{
		step: 'who-is-behind-it',
		answers: [
			{ id: 'who-credit', pick: ['farsi'], confidence: 'high' },
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
			{ id: 'evidence-unnamed', pick: ['s7', 's9', 's18'] },
			{ id: 'evidence-sort', sort: perfectSort, confidence: 'medium' },
			{ id: 'evidence-official', pick: ['fair-doubt'], confidence: 'high' }
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
			{ id: 'post-verdict', pick: ['check'], confidence: 'high' },
			{ id: 'post-sweeping', pick: ['all-incidents'], confidence: 'high' },
			{ id: 'post-motive', pick: ['wants'], confidence: 'high' }
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
