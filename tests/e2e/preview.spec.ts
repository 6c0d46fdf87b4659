import { expect, test } from '@playwright/test';
import { ADMIN_STATE, expectAccessible, newVisitor } from './helpers';
import { digestServerDb } from './server-db';

test('a teacher previews the lesson as a student sees it, answers and feedback included, and nothing is recorded', async ({
	browser
}) => {
	const teacher = await newVisitor(browser, ADMIN_STATE);
	await teacher.goto('/teach');
	await teacher.locator('a[href="/teach/modules/tajik-border/preview"]').click();
	await expect(teacher).toHaveURL(/\/teach\/modules\/tajik-border\/preview\/pre-check$/);
	await expect(teacher.getByText('nothing is recorded')).toBeVisible();
	await expect(teacher.getByRole('heading', { level: 1, name: 'Before you start' })).toBeVisible();
	await expectAccessible(teacher);

	await teacher
		.getByRole('link', { name: /Who is behind it\?/ })
		.first()
		.click();
	await expect(teacher).toHaveURL(/\/preview\/who-is-behind-it$/);
	const before = digestServerDb();

	// Both missing fields named at once, as a student is told.
	const card = teacher.locator('#q-who-credit');
	await card.getByRole('button', { name: 'Check answer' }).click();
	await expect(card.getByRole('alert')).toContainText('Choose an answer.');

	await card
		.getByLabel('The text speaks for an organisation, so expect that organisation’s view.')
		.check();
	await card.getByLabel('Certain').check();
	await card.getByRole('button', { name: 'Check answer' }).click();
	await expect(card.getByText('presents that organisation’s point of view')).toBeVisible();

	const genre = teacher.locator('#q-who-genre');
	await genre
		.getByLabel('A news report: it sets out events and leaves judgement to the reader.')
		.check();
	await genre.getByLabel('Guessing').check();
	await genre.getByRole('button', { name: 'Check answer' }).click();
	await expect(genre.getByText('Only the first two paragraphs report events.')).toBeVisible();
	// The first answer's feedback stays while the second is checked.
	await expect(card.getByText('presents that organisation’s point of view')).toBeVisible();
	await expectAccessible(teacher);

	expect(digestServerDb(), 'a preview writes nothing').toEqual(before);

	// A student's pages stay closed to a teacher; the preview is theirs.
	const closed = await teacher.request.get('/learn/tajik-border/who-is-behind-it', {
		maxRedirects: 0
	});
	expect(closed.status()).toBe(403);
	await teacher.context().close();
});

test('the preview works without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ storageState: ADMIN_STATE, javaScriptEnabled: false });
	const teacher = await context.newPage();
	await teacher.goto('/teach/modules/tajik-border/preview/who-is-behind-it');
	const before = digestServerDb();
	const card = teacher.locator('#q-who-credit');
	await card.getByLabel('The text is an official statement by Tajikistan’s government.').check();
	await card.getByLabel('Fairly sure').check();
	await card.getByRole('button', { name: 'Check answer' }).click();
	await expect(teacher.locator('#q-who-credit')).toContainText(
		'The credit line names Hizb ut Tahrir’s media office, not a government.'
	);
	expect(digestServerDb()).toEqual(before);
	await context.close();
});
