import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { ADMIN_STATE, expectAccessible, newVisitor } from './helpers';
import { storeModuleVersion } from './server-db';

// The shipped module has no glossary and may not change, so these tests store a copy of it that
// has one, under another id, and preview it as a teacher: the same page a student's step is.

const MODULE_ID = 'glossary-check';
const STEP = `/teach/modules/${MODULE_ID}/preview`;
const GLOSSARY = [
	{ term: 'Lower House', definition: 'One of the two chambers of a parliament.' },
	{ term: 'House', definition: 'A chamber of a parliament.' },
	{ term: 'militants', definition: 'People who fight, often armed, for a political cause.' },
	{ term: 'regime', definition: 'A government, said of one thought to rule unfairly. <b>x</b>' },
	{ term: 'lateral reading', definition: 'Checking a text by what other sources say about it.' }
];

let remove = () => {};
test.beforeAll(() => {
	const file = 'lessons/tajik-border/v1.yaml';
	const shipped = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
	remove = storeModuleVersion({
		...shipped,
		id: MODULE_ID,
		title: 'Glossary check',
		glossary: GLOSSARY
	});
});
test.afterAll(() => remove());

const panel = (page: Page) => page.locator('.article-panel');
const note = (page: Page, term: string) =>
	panel(page).locator('.term-note', { hasText: GLOSSARY.find((g) => g.term === term)!.definition });

/** Tabs from the article's toggle to the button, as a keyboard user gets there. */
async function tabTo(page: Page, target: ReturnType<Page['locator']>) {
	await page.locator('#article-panel-title').focus();
	for (let i = 0; i < 6; i++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((el) => el === document.activeElement)) return;
	}
	await expect(target).toBeFocused();
}

test('a glossary term opens its definition from the keyboard where it first appears, and Escape closes it', async ({
	browser
}) => {
	const page = await newVisitor(browser, ADMIN_STATE);
	await page.goto(`${STEP}/who-is-behind-it`);
	const article = panel(page).locator('article');

	// First appearances only, the headline's included; a longer term wins over one inside it.
	const terms = article.locator('button.term');
	await expect(terms).toHaveText(['Militants', 'Lower House', 'regime']);
	const militants = article.getByRole('button', { name: 'Militants' });
	await expect(militants).toHaveAttribute('type', 'button');
	await expect(militants).toHaveAccessibleDescription(/People who fight, often armed/);
	const box = (await militants.boundingBox())!;
	expect(box.height).toBeGreaterThanOrEqual(24);

	await tabTo(page, militants);
	await expect(note(page, 'militants')).toBeHidden();
	await page.keyboard.press('Enter');
	await expect(note(page, 'militants')).toBeVisible();
	await expect(note(page, 'militants')).toHaveText(
		'militants: People who fight, often armed, for a political cause.'
	);
	await expectAccessible(page);
	await page.keyboard.press('Escape');
	await expect(note(page, 'militants')).toBeHidden();
	await expect(militants).toBeFocused();

	// A definition is text, whatever it holds.
	await article.getByRole('button', { name: 'regime' }).click();
	await expect(note(page, 'regime')).toContainText('rule unfairly. <b>x</b>');
	await page.keyboard.press('Escape');

	// Every term listed under the article, the unused one too: there without popovers, and on paper.
	const list = panel(page).getByRole('region', { name: 'Words to know' });
	await expect(list.locator('dt')).toHaveText(GLOSSARY.map((g) => g.term));
	await expect(list.locator('dd').first()).toHaveText(GLOSSARY[0]!.definition);

	// Paragraph numbers: seen in the margin, heard once as "Paragraph 4", not as part of a sentence.
	const fourth = article.locator('p.paragraph').nth(3);
	await expect(fourth.locator('.paragraph-number')).toHaveText('4');
	await expect(fourth.locator('.paragraph-number')).toHaveAttribute('aria-hidden', 'true');
	expect(await fourth.ariaSnapshot()).toMatch(/^- paragraph: "Paragraph 4: It is also worth/);
	await page.emulateMedia({ media: 'print' });
	await expect(fourth.locator('.paragraph-number')).toBeVisible();
	await expect(list).toBeVisible();
	await page.context().close();
});

test('in a marking question the sentences hold no buttons, and the words are listed below', async ({
	browser
}) => {
	const page = await newVisitor(browser, ADMIN_STATE);
	await page.goto(`${STEP}/what-is-the-evidence`);
	const question = page.locator('#q-evidence-unnamed');
	await expect(question.locator('.sentence-toggle').first()).toBeVisible();
	await expect(question.locator('button.term, [popover]')).toHaveCount(0);
	await expect(question.locator('.paragraph-number').first()).toHaveText('1');
	const list = page.getByRole('region', { name: 'Words to know' });
	await expect(list.getByText('A chamber of a parliament.')).toBeVisible();
	await expectAccessible(page);
	await page.context().close();
});

test('a term opens and closes without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ storageState: ADMIN_STATE, javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`${STEP}/who-is-behind-it`);
	const button = panel(page).getByRole('button', { name: 'Lower House' });
	await button.focus();
	await page.keyboard.press('Enter');
	await expect(note(page, 'Lower House')).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(note(page, 'Lower House')).toBeHidden();
	await button.click();
	await expect(note(page, 'Lower House')).toBeVisible();
	await page.mouse.click(5, 5);
	await expect(note(page, 'Lower House')).toBeHidden();
	await context.close();
});

test('on a phone, Escape closes the definition first and the article after it', async ({
	browser
}) => {
	const page = await newVisitor(browser, ADMIN_STATE);
	await page.setViewportSize({ width: 360, height: 740 });
	await page.goto(`${STEP}/who-is-behind-it`);
	const toggle = page.locator('#article-panel-title');
	await expect(toggle).toContainText('Open it over the question');
	await toggle.click();
	const headline = page.getByRole('heading', { level: 2, name: /Myth or Reality\?/ });
	await expect(headline).toBeInViewport();

	const militants = panel(page).getByRole('button', { name: 'Militants' });
	await tabTo(page, militants);
	await page.keyboard.press('Enter');
	await expect(note(page, 'militants')).toBeInViewport();
	const shown = (await note(page, 'militants').boundingBox())!;
	expect(shown.x).toBeGreaterThanOrEqual(0);
	expect(shown.x + shown.width).toBeLessThanOrEqual(360);
	await expectAccessible(page);

	await page.keyboard.press('Escape');
	await expect(note(page, 'militants')).toBeHidden();
	await expect(headline).toBeInViewport();
	const number = panel(page).locator('.paragraph-number').first();
	const margin = (await number.boundingBox())!;
	expect(margin.x).toBeGreaterThanOrEqual(0);
	await page.keyboard.press('Escape');
	await expect(headline).toBeHidden();
	await page.context().close();
});
