import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
	CONCLUSION_TEXT,
	MODULE,
	answerByMouse,
	perfectRun,
	perfectSort,
	weakPreCheck,
	type Plan
} from './lesson-plan';
import { expectAccessible, newVisitor, openClass, signIn, signOut, signUpStudent } from './helpers';

const key: unknown = parse(readFileSync('lessons/tajik-border/v2.yaml', 'utf8'));

/** Every feedback, explanation and model answer in an answer key, wherever it sits. */
function secretTexts(value: unknown): string[] {
	if (Array.isArray(value)) return value.flatMap(secretTexts);
	if (!value || typeof value !== 'object') return [];
	return Object.entries(value).flatMap(([field, inner]) =>
		typeof inner === 'string'
			? /^(feedback|otherFeedback|explanation|modelAnswer)$/.test(field)
				? [inner]
				: []
			: secretTexts(inner)
	);
}

async function tabTo(page: Page, selector: string) {
	for (let presses = 0; presses < 400; presses++) {
		if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${selector}`);
}

/** Tabs into a radio group at its first radio, then moves with the arrow keys, as people do. */
async function chooseRadioByKeyboard(page: Page, section: Locator, name: string, value: string) {
	const ids = await section
		.locator(`input[type="radio"][name="${name}"]`)
		.evaluateAll((inputs) => inputs.map((input) => input.id));
	const index = ids.findIndex((id) => id.endsWith(`-${value}`));
	await tabTo(page, `#${ids[0]}`);
	if (index === 0) await page.keyboard.press('Space');
	for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
	await expect(section.locator(`#${ids[index]}`)).toBeChecked();
}

/**
 * Marks sentences as a keyboard user does: the article is one Tab stop, the arrow keys move from
 * sentence to sentence and Space marks one.
 */
async function markByKeyboard(page: Page, section: Locator, sentenceIds: string[]) {
	const ids = await section
		.locator('input[name="sentence"]')
		.evaluateAll((inputs) => inputs.map((input) => input.id));
	await tabTo(page, `#${ids[0]}`);
	let at = 0;
	for (const sentenceId of sentenceIds) {
		const index = ids.findIndex((id) => id.endsWith(`-${sentenceId}`));
		for (; at < index; at++) await page.keyboard.press('ArrowDown');
		for (; at > index; at--) await page.keyboard.press('ArrowUp');
		await page.keyboard.press('Space');
		await expect(section.locator(`#${ids[index]}`)).toBeChecked();
	}
	// Leaving the article takes one Tab, whichever sentence has the focus.
	await page.keyboard.press('Tab');
	await expect(section.locator('input[name="sentence"]:focus')).toHaveCount(0);
}

async function answerByKeyboard(page: Page, answer: Plan['answers'][number]) {
	const section = page.locator(`#q-${answer.id}`);
	await expect(section.locator('form')).toBeVisible();
	const options = section.locator('input[name="option"]');
	const type = (await options.count()) > 0 ? await options.first().getAttribute('type') : null;
	if ((await section.locator('input[name="sentence"]').count()) > 0) {
		await markByKeyboard(page, section, answer.pick ?? []);
	}
	for (const value of type === null ? [] : (answer.pick ?? [])) {
		if (type === 'radio') {
			await chooseRadioByKeyboard(page, section, 'option', value);
		} else {
			await tabTo(page, `#q-${answer.id}-${value}`);
			await page.keyboard.press('Space');
		}
	}
	for (const [claim, category] of Object.entries(answer.sort ?? {})) {
		await chooseRadioByKeyboard(page, section, `claim-${claim}`, category);
	}
	if (answer.write) {
		await tabTo(page, `#q-${answer.id}-text`);
		await page.keyboard.type(answer.write);
	}
	if (answer.confidence)
		await chooseRadioByKeyboard(page, section, 'confidence', answer.confidence);
	await tabTo(page, `#q-${answer.id} .actions button:not([formaction])`);
	await page.keyboard.press('Enter');
	await expect(section.locator(`#q-${answer.id}-feedback`)).toBeFocused();
}

test('a student works through the whole module by mouse, resumes after a reload and a new login, and sees the summary', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const code = await openClass(browser, 'Media literacy A');
	const page = await newVisitor(browser);
	const student = await signUpStudent(page, code, 'Mouse Student');
	await page.getByRole('link', { name: /Myth or reality/ }).click();
	await expect(page.getByRole('heading', { name: 'Content note' })).toBeVisible();
	await expectAccessible(page);
	await page.getByRole('link', { name: 'Start the lesson' }).click();

	for (const [index, step] of perfectRun.entries()) {
		await expect(page).toHaveURL(new RegExp(`${MODULE}/${step.step}`));
		await expectAccessible(page);
		for (const answer of step.answers) await answerByMouse(page, answer);
		if (step.step === 'what-is-the-evidence') {
			// Reload mid-way: every answer and its feedback is still there.
			await page.reload();
			for (const answer of step.answers) {
				await expect(page.locator(`#q-${answer.id}-feedback`)).toBeVisible();
			}
			await expectAccessible(page);
		}
		if (step.step === 'language-and-framing') {
			// A new login resumes at the step the student last opened.
			await signOut(page);
			await signIn(page, student.username, student.password);
			await expect(page).toHaveURL(/\/learn$/);
			await page.goto(MODULE);
			await page.getByRole('link', { name: 'Continue: Language and framing' }).click();
			await expect(page.locator('#q-framing-headline-feedback')).toBeVisible();
		}
		const next = perfectRun[index + 1];
		if (next) await page.getByRole('link', { name: new RegExp(`→`) }).click();
	}
	await page.getByRole('link', { name: 'See your summary →' }).click();
	await expect(page.getByRole('heading', { name: 'Your summary' })).toBeVisible();
	await expect(page.getByText('You have answered every question in this lesson.')).toBeVisible();
	await expect(
		page.getByText('At the start you scored 100%; at the end, 100% (+0 points).')
	).toBeVisible();
	// Each sort read for sensitivity and bias, side by side: no delayed check is open yet.
	const readings = page.locator('.readings > li');
	await expect(readings.locator('h3')).toHaveText(['At the start', 'In the lesson', 'At the end']);
	await expect(readings.nth(0)).toContainText(
		'You caught 3 of 3 claims with no source and kept 3 of 3 sourced facts: you tell them apart well and lean neither way.'
	);
	await expect(readings.nth(1)).toContainText(
		'You caught 5 of 5 claims with no source and kept 2 of 2'
	);
	await expect(readings.nth(1)).toContainText('2.35: you tell them apart well');
	await expect(
		page.getByText(
			'From the start to the end of the lesson, you told them apart about as well as before, and still lean neither way.'
		)
	).toBeVisible();
	await expect(page.getByText('submitted; waiting for your teacher’s review.')).toHaveCount(2);
	await expectAccessible(page);
});

test('a student completes the module by keyboard alone, retries a question, and gains from pre to post', async ({
	browser
}) => {
	test.setTimeout(360_000);
	const code = await openClass(browser, 'Media literacy B');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Keyboard Student');
	await page.goto(`${MODULE}/pre-check`);

	const keyboardRun: Plan[] = structuredClone(perfectRun);
	// Wrong at the start, right at the end; one evidence sort that doubts everything.
	keyboardRun[0]!.answers = structuredClone(weakPreCheck);
	keyboardRun[2]!.answers[1] = {
		id: 'evidence-sort',
		sort: Object.fromEntries(Object.keys(perfectSort).map((claim) => [claim, 'unsourced'])),
		confidence: 'high'
	};

	for (const [index, step] of keyboardRun.entries()) {
		await expect(page).toHaveURL(new RegExp(`${MODULE}/${step.step}`));
		for (const answer of step.answers) await answerByKeyboard(page, answer);
		if (step.step === 'who-is-behind-it') {
			// Try again, by keyboard: the retry is kept, and the first attempt still counts.
			await tabTo(page, '#q-who-date a.button');
			await page.keyboard.press('Enter');
			await answerByKeyboard(page, { id: 'who-date', pick: ['october'], confidence: 'low' });
			await expect(page.locator('#q-who-date-feedback')).toContainText('attempt 2');
			await expect(page.locator('#q-who-date')).toContainText(
				'Your first attempt counts for your score: 100%.'
			);
		}
		await tabTo(
			page,
			index + 1 < keyboardRun.length ? 'a[rel="next"]' : '.pager a.button:not(.secondary)'
		);
		await page.keyboard.press('Enter');
	}
	await expect(page.getByRole('heading', { name: 'Your summary' })).toBeVisible();
	await expect(
		// Every pre-check item wrong, and a sort that flags every claim: a third of it right.
		page.getByText('At the start you scored 8%; at the end, 100% (+92 points).')
	).toBeVisible();
	// Flagging every claim catches them all and keeps none: that is not telling them apart.
	const readings = page.locator('.readings > li');
	await expect(readings.nth(0)).toContainText(
		'You caught 3 of 3 claims with no source and kept 0 of 3 sourced facts: you can’t yet tell them apart and lean sceptical.'
	);
	await expect(readings.nth(0)).toContainText('−1.15: you lean sceptical');
	await expect(readings.nth(1)).toContainText('kept 0 of 2 sourced facts');
	await expect(
		page.getByText(
			'From the start to the end of the lesson, you got better at telling them apart, and no longer lean sceptical.'
		)
	).toBeVisible();
	await expectAccessible(page);
});

test('no answer key, feedback or model answer reaches a student before they answer', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const code = await openClass(browser, 'Secrecy check');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Curious Student');
	const bodies: string[] = [];
	page.on('response', async (response) => {
		const type = response.headers()['content-type'] ?? '';
		if (/javascript|json|html|css/.test(type)) bodies.push(await response.text().catch(() => ''));
	});
	await page.goto(MODULE);
	for (const step of perfectRun) {
		await page.goto(`${MODULE}/${step.step}`);
		// The data a client-side navigation would fetch, too.
		const data = await page.request.get(`${MODULE}/${step.step}/__data.json`);
		bodies.push(await data.text());
	}
	await page.goto(`${MODULE}/summary`);
	await page.waitForLoadState('networkidle');

	const secrets = secretTexts(key);
	expect(secrets.length).toBeGreaterThan(100);
	const everything = bodies
		.join('\n')
		.replace(/\\"/g, '"')
		.replace(/\\u2019/g, '’');
	expect(bodies.length).toBeGreaterThan(10);
	const found = (text: string, secret: string) => text.includes(secret.slice(0, 60));
	expect(secrets.filter((secret) => found(everything, secret))).toEqual([]);

	// The same search does find feedback once the student has answered: the check above can fail.
	await page.goto(`${MODULE}/who-is-behind-it`);
	await answerByMouse(page, { id: 'who-credit', pick: ['independent'], confidence: 'low' });
	const answered = await (await page.request.get(`${MODULE}/who-is-behind-it/__data.json`)).text();
	const creditFeedback = 'The line gives Umar Farsi no job or employer.';
	expect(found(answered.replace(/\\"/g, '"'), creditFeedback)).toBe(true);
});

test('every question type works without JavaScript, and refusals are explained', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const code = await openClass(browser, 'No script class');
	const setup = await newVisitor(browser);
	const student = await signUpStudent(setup, code, 'Plain Student');
	await setup.context().close();
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, student.username, student.password);

	await page.goto(`${MODULE}/who-is-behind-it`);
	const credit = page.locator('#q-who-credit');
	await credit.locator('label[for="q-who-credit-organisation"]').click();
	await credit.getByRole('button', { name: 'Check answer' }).click();
	await expect(page.locator('#q-who-credit')).toContainText(
		'Say how sure you are before checking your answer.'
	);
	await page.locator('label[for="q-who-credit-organisation"]').click();
	await page.locator('label[for="q-who-credit-high"]').click();
	await page.locator('#q-who-credit').getByRole('button', { name: 'Check answer' }).click();
	await expect(page.locator('#q-who-credit-feedback')).toContainText('Correct');

	await page.goto(`${MODULE}/what-is-the-evidence`);
	for (const sentence of ['s7', 's9', 's2']) {
		await page.locator(`label[for="q-evidence-unnamed-${sentence}"]`).click();
	}
	await page.locator('#q-evidence-unnamed').getByRole('button', { name: 'Check answer' }).click();
	await expect(page.locator('#q-evidence-unnamed-feedback')).toContainText('Partly right (25%)');
	await expect(page.locator('#q-evidence-unnamed')).toContainText(
		'You found 2 of 4, and marked 1 sentence that did not fit'
	);

	const sort = page.locator('#q-evidence-sort');
	for (const [claim, category] of Object.entries(perfectSort)) {
		await sort.locator(`label[for="q-evidence-sort-${claim}-${category}"]`).click();
	}
	await sort.locator('label[for="q-evidence-sort-medium"]').click();
	await sort.getByRole('button', { name: 'Check answer' }).click();
	await expect(page.locator('#q-evidence-sort-feedback')).toContainText('Correct');

	await page.goto(`${MODULE}/your-conclusion`);
	await page.getByLabel('Your answer').fill('A first thought that I will finish later.');
	await page.getByRole('button', { name: 'Save for later' }).click();
	await page.goto(`${MODULE}/your-conclusion`);
	await expect(page.getByLabel('Your answer')).toHaveValue(
		'A first thought that I will finish later.'
	);
	await page.getByLabel('Your answer').fill(CONCLUSION_TEXT);
	await page.getByRole('button', { name: 'Submit answer' }).click();
	await expect(page.locator('#q-conclusion-feedback')).toHaveText('Submitted');
	await expect(page.locator('#q-conclusion')).toContainText('A model answer to compare with yours');
	await context.close();
});

test('answers are saved as they are typed, and survive a reload', async ({ browser }) => {
	const code = await openClass(browser, 'Autosave class');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Draft Student');
	await page.goto(`${MODULE}/your-conclusion`);
	await page.getByLabel('Your answer').fill('The article argues that the threat is imaginary, but');
	await expect(page.locator('#q-conclusion').getByRole('status')).toHaveText(
		'Saved. You can come back to this later.'
	);
	await page.reload();
	await expect(page.getByLabel('Your answer')).toHaveValue(
		'The article argues that the threat is imaginary, but'
	);
	await expect(page.locator('#q-conclusion').getByRole('status')).toHaveText(
		'Your unfinished answer was restored.'
	);
});

test('hovering a step link does not move where the student resumes; opening the step does', async ({
	browser
}) => {
	const code = await openClass(browser, 'Resume class');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Hover Student');
	const resumeLink = async () => {
		await page.goto(MODULE);
		return page.getByRole('link', { name: /^Continue: / });
	};
	await page.goto(`${MODULE}/who-is-behind-it`);
	await page.waitForLoadState('networkidle');
	await expect(await resumeLink()).toHaveText('Continue: Who is behind it?');

	await page.goto(`${MODULE}/who-is-behind-it`);
	const preloaded = page.waitForResponse((r) => r.url().includes('/your-conclusion/__data.json'));
	await page
		.getByRole('link', { name: /Your conclusion/ })
		.first()
		.hover();
	await preloaded;
	await expect(await resumeLink()).toHaveText('Continue: Who is behind it?');

	await page.goto(`${MODULE}/who-is-behind-it`);
	await page
		.getByRole('link', { name: /Your conclusion/ })
		.first()
		.click();
	await expect(page).toHaveURL(new RegExp(`${MODULE}/your-conclusion$`));
	await page.waitForLoadState('networkidle');
	await expect(await resumeLink()).toHaveText('Continue: Your conclusion');
});

test('a keyboard user reaches the questions in a few keys, and a marking question is one Tab stop', async ({
	browser
}) => {
	const code = await openClass(browser, 'Keys class');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Keys Student');
	await page.goto(`${MODULE}/who-is-behind-it`);

	let presses = 0;
	const skip = page.getByRole('link', { name: 'Skip to the questions' });
	while (!(await skip.evaluate((link) => link === document.activeElement))) {
		await page.keyboard.press('Tab');
		presses += 1;
		expect(presses, 'the skip link comes before the step list and the article').toBeLessThan(10);
	}
	await expect(skip).toBeVisible();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	await expect(page.locator('#q-who-credit input[type="radio"]').first()).toBeFocused();

	// The whole article is one stop in a marking question: Tab from its first sentence leaves it.
	await page.goto(`${MODULE}/what-is-the-evidence`);
	const sentences = page.locator('#q-evidence-unnamed input[name="sentence"]');
	const inArticle = page.locator('#q-evidence-unnamed input[name="sentence"]:focus');
	await sentences.first().focus();
	await page.keyboard.press('Tab');
	await expect(inArticle).toHaveCount(0);
	await page.keyboard.press('Shift+Tab');
	await expect(sentences.first()).toBeFocused();
	await page.keyboard.press('ArrowDown');
	await expect(sentences.nth(1)).toBeFocused();
	await page.keyboard.press('End');
	await expect(sentences.last()).toBeFocused();
	await page.keyboard.press('Space');
	await expect(sentences.last()).toBeChecked();
	await page.keyboard.press('Shift+Tab');
	await expect(inArticle).toHaveCount(0);
	await page.keyboard.press('Tab');
	await expect(sentences.last()).toBeFocused();
	await expectAccessible(page);
});

test('on a phone the article opens over the question and closes again without losing the place', async ({
	browser
}) => {
	const code = await openClass(browser, 'Phone class');
	const page = await newVisitor(browser);
	await page.setViewportSize({ width: 360, height: 740 });
	await signUpStudent(page, code, 'Phone Student');
	await page.goto(`${MODULE}/who-is-behind-it`);

	const toggle = page.locator('#article-panel-title');
	const headline = page.getByRole('heading', { level: 2, name: /Myth or Reality\?/ });
	await expect(toggle).toContainText('Open it over the question');
	await expect(headline).toBeHidden();
	// The first question is near the top, not below the whole article.
	const question = page.locator('#q-who-credit');
	await question.scrollIntoViewIfNeeded();
	const top = await question.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
	expect(top).toBeLessThan(2000);

	const scrolled = await page.evaluate(() => window.scrollY);
	await toggle.click();
	await expect(headline).toBeInViewport();
	expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
	await expectAccessible(page);
	await page.keyboard.press('Escape');
	await expect(headline).toBeHidden();
	await expect(question).toBeInViewport();
	expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
});

test('a student sets larger text, wide lines and read-aloud on their account, and lessons follow', async ({
	browser
}) => {
	const code = await openClass(browser, 'Reading class');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Reading Student');

	await page.goto('/account');
	const settings = page.locator('form.reading-settings');
	await settings.getByLabel('Larger', { exact: true }).check();
	await settings.getByLabel('Wide', { exact: true }).check();
	await settings.getByLabel('Show them', { exact: true }).check();
	await settings.getByRole('button', { name: 'Save reading settings' }).click();
	await expect(page.getByText('Your reading settings are saved.')).toBeVisible();
	await expectAccessible(page);

	await page.goto(`${MODULE}/who-is-behind-it`);
	const root = page.locator('html');
	await expect(root).toHaveAttribute('data-text-size', 'larger');
	await expect(root).toHaveAttribute('data-line-spacing', 'wide');
	expect(await root.evaluate((el) => getComputedStyle(el).fontSize)).toBe('20px');
	const lineHeight = await page
		.locator('.article-text p')
		.first()
		.evaluate(
			(el) =>
				parseFloat(getComputedStyle(el).lineHeight) / parseFloat(getComputedStyle(el).fontSize)
		);
	expect(lineHeight).toBeCloseTo(2, 1);

	// Read-aloud uses only voices on this device; where there is none it says so, once.
	const localVoices = await page.evaluate(
		() =>
			new Promise<number>((resolve) => {
				const count = () => speechSynthesis.getVoices().filter((v) => v.localService).length;
				if (count() > 0) return resolve(count());
				speechSynthesis.addEventListener('voiceschanged', () => resolve(count()), { once: true });
				setTimeout(() => resolve(count()), 1500);
			})
	);
	if (localVoices > 0) {
		await expect(page.getByRole('button', { name: 'Read the article aloud' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Read this question aloud' })).toHaveCount(4);
	} else {
		await expect(page.getByText('Read-aloud needs a voice installed on this device')).toHaveCount(
			1
		);
	}
	await expectAccessible(page);

	// Back to standard: the page's root loses the settings without a reload.
	await page.goto('/account');
	await settings.getByLabel('Standard').first().check();
	await settings.getByLabel('Do not show them').check();
	await settings.getByRole('button', { name: 'Save reading settings' }).click();
	await expect(page.getByText('Your reading settings are saved.')).toBeVisible();
	await expect(root).not.toHaveAttribute('data-text-size', /./);
	await expect(root).toHaveAttribute('data-line-spacing', 'wide');
});
