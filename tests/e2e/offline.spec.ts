import { expect, test, type Page } from '@playwright/test';
import { MODULE } from './lesson-plan';
import { expectAccessible, newVisitor, openClass, signUpStudent } from './helpers';

const STEP = `${MODULE}/who-is-behind-it`;

async function pick(page: Page, questionId: string, ...values: string[]) {
	for (const value of values) {
		await page.locator(`label[for="q-${questionId}-${value}"]`).click();
	}
}

/** The student's stored answers to one question, as their own data download lists them. */
async function storedAnswers(page: Page, questionId: string) {
	const response = await page.request.get('/account/data');
	expect(response.status()).toBe(200);
	const data = (await response.json()) as { answers: { question: string }[] };
	return data.answers.filter((answer) => answer.question === questionId);
}

test('answers given offline wait in the browser, say so, and are sent once the connection returns', async ({
	browser
}) => {
	const code = await openClass(browser, 'Offline class');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Rural Student');
	await page.goto(STEP);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

	await page.context().setOffline(true);
	const credit = page.locator('#q-who-credit');
	await pick(page, 'who-credit', 'organisation', 'high');
	await credit.getByRole('button', { name: 'Check answer' }).click();
	await expect(credit.getByText('Your answer is saved in this browser and waiting')).toBeVisible();
	await expect(credit.getByRole('button', { name: 'Waiting to send…' })).toBeDisabled();

	// A half-done answer to another question is autosaved into the same queue.
	const purpose = page.locator('#q-who-purpose');
	await pick(page, 'who-purpose', 'imaginary');
	await expect(purpose.getByRole('status')).toHaveText(
		'Saved in this browser; it will be sent when the connection is back.'
	);
	const banner = page.getByRole('status').filter({ hasText: 'Waiting for the connection.' });
	await expect(banner).toContainText(
		'1 answer and 1 unfinished answer are kept in this browser and will be sent as soon as the connection is back.'
	);
	await expectAccessible(page);

	await page.context().setOffline(false);
	await expect(credit.locator('#q-who-credit-feedback')).toHaveText(/Correct/);
	await expect(banner).toHaveCount(0);
	await expect(page.getByText('Everything that was waiting has been sent.')).toBeVisible();
	await expect(purpose.getByRole('status')).toHaveText('Saved. You can come back to this later.');
	expect(await storedAnswers(page, 'who-credit')).toHaveLength(1);

	await page.reload();
	await expect(page.locator('#q-who-purpose-imaginary')).toBeChecked();
	await expect(credit.locator('#q-who-credit-feedback')).toHaveText(/Correct/);
});

test('an answer whose reply was lost is sent again and still counts once', async ({ browser }) => {
	const code = await openClass(browser, 'Flaky class');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Flaky Student');
	await page.goto(STEP);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

	// The server stores the answer, but the reply never reaches the browser.
	let lostReplies = 0;
	await page.route(
		(url) => url.pathname === STEP && url.search === '?/answer',
		async (route) => {
			if (lostReplies > 0) return route.continue();
			lostReplies += 1;
			await route.fetch();
			await route.abort('connectionreset');
		}
	);
	const genre = page.locator('#q-who-genre');
	await pick(page, 'who-genre', 'advocacy', 'high');
	await genre.getByRole('button', { name: 'Check answer' }).click();

	await expect(genre.locator('#q-who-genre-feedback')).toHaveText(/Correct/);
	expect(lostReplies).toBe(1);
	const stored = await storedAnswers(page, 'who-genre');
	expect(stored).toEqual([expect.objectContaining({ attempt: 1 })]);
	await expect(genre.getByText('attempt 2')).toHaveCount(0);
});

test('answers queued before the page was closed are sent from the next page opened', async ({
	browser
}) => {
	const code = await openClass(browser, 'Closed-tab class');
	const page = await newVisitor(browser);
	await signUpStudent(page, code, 'Closing Student');
	await page.goto(STEP);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	const context = page.context();

	await context.setOffline(true);
	await pick(page, 'who-date', 'indirect', 'medium');
	await page.locator('#q-who-date').getByRole('button', { name: 'Check answer' }).click();
	await expect(page.getByText('Your answer is saved in this browser and waiting')).toBeVisible();
	await page.close();

	await context.setOffline(false);
	const later = await context.newPage();
	const sent = later.waitForRequest(
		(request) => request.method() === 'POST' && request.url().endsWith('?/answer')
	);
	await later.goto('/learn');
	await sent;
	await expect(later.getByText('Waiting for the connection.')).toHaveCount(0);
	await expect.poll(() => storedAnswers(later, 'who-date')).toHaveLength(1);
	await later.goto(STEP);
	await expect(later.locator('#q-who-date-feedback')).toBeVisible();
});
