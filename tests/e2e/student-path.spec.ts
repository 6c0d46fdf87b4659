import { expect, test, type Browser, type Page } from '@playwright/test';
import {
	ADMIN_STATE,
	expectAccessible,
	newVisitor,
	openClass,
	signIn,
	signUpStudent,
	uniqueName
} from './helpers';
import { MODULE, PLAN_TEXT, answerByMouse } from './lesson-plan';

const NARROW = { width: 360, height: 800 };
const WIDE = { width: 1280, height: 900 };

async function expectAccessibleAtBothWidths(page: Page) {
	for (const size of [NARROW, WIDE]) {
		await page.setViewportSize(size);
		await expectAccessible(page);
		// Nothing wider than the screen: no sideways scrolling at 360 px.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			size.width
		);
	}
}

/** A class of the administrator's with the lesson assigned: its page and the assignment's. */
async function classWithLesson(browser: Browser) {
	const teacher = await newVisitor(browser, ADMIN_STATE);
	await teacher.goto('/teach');
	const className = uniqueName('Path ');
	await teacher.getByLabel('Class name').fill(className);
	await teacher.getByRole('button', { name: 'Create class' }).click();
	// Creating a class opens it, its code in the message.
	const created = teacher.getByText(/with the class code [A-Z0-9]{6}/);
	await expect(created).toBeVisible();
	const code = (await created.textContent())!.match(/class code ([A-Z0-9]{6})/)![1]!;
	await expect(teacher).toHaveURL(/\/teach\/classes\//);
	await teacher.locator('#moduleId').selectOption('tajik-border');
	await teacher.getByRole('button', { name: 'Assign' }).click();
	await expect(teacher.getByText('The lesson is assigned.')).toBeVisible();
	const assignmentUrl = await teacher
		.getByRole('link', { name: /Myth or reality/ })
		.getAttribute('href');
	return { teacher, code, classUrl: teacher.url(), assignmentUrl: assignmentUrl! };
}

async function changePassword(page: Page, current: string, next: string) {
	await page.getByLabel('Current password').fill(current);
	await page.getByLabel('New password', { exact: true }).fill(next);
	await page.getByLabel('New password again').fill(next);
	await page.getByRole('button', { name: 'Change password' }).click();
}

test('a new student is welcomed, not told of a reset, and goes on to My lessons; after a reset they are told it was one', async ({
	browser
}) => {
	const { teacher, classUrl } = await classWithLesson(browser);
	await teacher.getByLabel('Names, one per line').fill('Lina Park');
	await teacher.getByRole('button', { name: 'Create accounts' }).click();
	const card = teacher.locator('.login-cards li').first();
	const username = (await card.locator('code').nth(0).textContent())!.trim();
	const firstPassword = (await card.locator('code').nth(1).textContent())!.trim();

	const student = await newVisitor(browser);
	await signIn(student, username, firstPassword);
	await expect(student).toHaveURL(/\/account/);
	await expect(student.getByText('choose a password of your own to continue')).toBeVisible();
	await expect(student.getByText('reset by your teacher')).toHaveCount(0);
	await expectAccessibleAtBothWidths(student);
	await changePassword(student, firstPassword, 'lina own password');
	await expect(student).toHaveURL(/\/learn$/);
	await expect(student.getByRole('heading', { name: 'My lessons' })).toBeVisible();
	await student.context().close();

	await teacher.goto(classUrl);
	const lina = teacher.locator('tbody tr', { hasText: 'Lina Park' });
	await lina.locator('summary', { hasText: 'Reset password' }).click();
	await lina.getByRole('checkbox', { name: /Give Lina Park a new first password/ }).check();
	await lina.getByRole('button', { name: 'Reset password for Lina Park' }).click();
	const handedOver = teacher.getByText(/New first password for Lina Park/);
	await expect(handedOver).toBeVisible();
	const resetPassword = (await handedOver.locator('code').textContent())!.trim();
	await teacher.context().close();

	// Without JavaScript too: the change is a plain form post that redirects.
	const context = await browser.newContext({ javaScriptEnabled: false });
	const again = await context.newPage();
	await signIn(again, username, resetPassword);
	await expect(again.getByText('Your password was reset by your teacher.')).toBeVisible();
	await changePassword(again, resetPassword, 'lina newer password');
	await expect(again).toHaveURL(/\/learn$/);
	await context.close();
});

test('a voluntary password change stays on the account page and says it is done', async ({
	browser,
	page
}) => {
	const code = await openClass(browser, uniqueName('Voluntary '));
	const student = await signUpStudent(page, code, 'Omar Voluntary');
	await page.goto('/account');
	await changePassword(page, student.password, 'another password');
	await expect(page.getByText('Your password is changed.')).toBeVisible();
	await expect(page).toHaveURL(/\/account/);
});

test('an answer with nothing chosen is refused with every missing field named at once', async ({
	browser,
	page
}) => {
	const code = await openClass(browser, uniqueName('Round trip '));
	const student = await signUpStudent(page, code, 'Ivy Roundtrip');
	await page.goto(`${MODULE}/who-is-behind-it`);
	const credit = page.locator('#q-who-credit');
	await credit.getByRole('button', { name: 'Check answer' }).click();
	const alert = credit.getByRole('alert');
	await expect(alert).toContainText('Choose an answer.');
	await expect(alert).toContainText('Say how sure you are before checking your answer.');

	const context = await browser.newContext({ javaScriptEnabled: false });
	const plain = await context.newPage();
	await signIn(plain, student.username, student.password);
	await plain.goto(`${MODULE}/who-is-behind-it`);
	await plain.locator('#q-who-credit').getByRole('button', { name: 'Check answer' }).click();
	const refused = plain.locator('#q-who-credit');
	await expect(refused).toContainText('Choose an answer.');
	await expect(refused).toContainText('Say how sure you are before checking your answer.');
	await context.close();
});

test('the summary shows answers waiting for review and too few confidence answers; My lessons flags the review until it is seen', async ({
	browser,
	page
}) => {
	test.setTimeout(90_000);
	const { teacher, code, assignmentUrl } = await classWithLesson(browser);
	await signUpStudent(page, code, 'Ada Pending');
	await page.goto(`${MODULE}/what-do-other-sources-say`);
	await answerByMouse(page, { id: 'lateral-first', pick: ['who'], confidence: 'high' });
	await answerByMouse(page, {
		id: 'lateral-independent',
		pick: ['news', 'research'],
		confidence: 'low'
	});
	await answerByMouse(page, { id: 'lateral-plan', write: PLAN_TEXT });

	await page.goto(`${MODULE}/summary`);
	const part = page.getByRole('row', { name: /What do other sources say/ });
	await expect(part).toContainText('3 of 3');
	await expect(part).toContainText('100% so far');
	await expect(part).toContainText('1 answer waits for review');
	await expect(
		page.getByText('1 written answer waits for your teacher’s review', { exact: false })
	).toBeVisible();
	await expect(page.getByText(/This score leaves out the check at the start/)).toBeVisible();
	// One answer at each of two levels: too few to judge, where one lucky guess used to decide it.
	await expect(page.getByText(/Too few answers to tell yet/)).toBeVisible();
	await expect(page.getByRole('row', { name: /Guessing/ })).toContainText('too few to tell');
	await expect(page.getByText(/Your confidence (did not )?match/)).toHaveCount(0);
	await expectAccessibleAtBothWidths(page);

	await page.goto('/learn');
	await expect(page.getByRole('link', { name: /New feedback from your teacher/ })).toHaveCount(0);

	await teacher.goto(`${assignmentUrl}/review?question=lateral-plan`);
	await expectAccessibleAtBothWidths(teacher);
	const answer = teacher.locator('article', { hasText: 'Ada Pending' });
	for (const criterion of ['searches', 'independence', 'change-mind']) {
		await answer.locator(`label[for$="-${criterion}-1"]`).click();
	}
	await answer.getByLabel('Comment for the student').fill('Name the searches you would run.');
	await answer.getByRole('button', { name: 'Save review' }).click();
	await expect(answer.getByText('Reviewed · 50%')).toBeVisible();
	await teacher.context().close();

	await page.goto('/learn');
	const signal = page.getByRole('link', { name: /New feedback from your teacher/ });
	await expect(signal).toBeVisible();
	await expectAccessibleAtBothWidths(page);
	await signal.click();
	await expect(page.getByRole('heading', { name: 'Your summary' })).toBeVisible();
	await expect(
		page.getByText('Your teacher wrote: Name the searches you would run.')
	).toBeVisible();
	await expect(part).not.toContainText('waits for review');
	// The page records that it was seen once it is shown.
	await page.waitForLoadState('networkidle');
	await page.goto('/learn');
	await expect(page.getByRole('heading', { name: 'My lessons' })).toBeVisible();
	await expect(signal).toHaveCount(0);
});
