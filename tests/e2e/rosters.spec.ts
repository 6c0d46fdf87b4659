import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN_STATE, expectAccessible, uniqueName } from './helpers';

// Assigning and rosters on a class page: what a teacher could lose to one click.

async function newClassPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
	const context = await browser.newContext({ storageState: ADMIN_STATE, javaScriptEnabled });
	const page = await context.newPage();
	await page.goto('/teach');
	const name = uniqueName('Rosters ');
	await page.getByLabel('Class name').fill(name);
	// Creating a class opens it.
	await page.getByRole('button', { name: 'Create class' }).click();
	await expect(page).toHaveURL(/\/teach\/classes\//);
	return page;
}

async function bulkAdd(page: Page, names: string[]) {
	await page.getByLabel('Names, one per line').fill(names.join('\n'));
	await page.getByRole('button', { name: 'Create accounts' }).click();
}

async function expectAccessibleAtBothWidths(page: Page) {
	await page.setViewportSize({ width: 1280, height: 800 });
	await expectAccessible(page);
	await page.setViewportSize({ width: 360, height: 740 });
	await expectAccessible(page);
	await page.setViewportSize({ width: 1280, height: 800 });
}

test('assigning a lesson again keeps its dates; they change only in its own form', async ({
	browser
}) => {
	const teacher = await newClassPage(browser);
	await teacher.getByLabel('Due (optional)').fill('2099-11-30T15:00');
	await teacher.getByRole('button', { name: 'Assign', exact: true }).click();
	await expect(teacher.getByText('The lesson is assigned.')).toBeVisible();
	const assignment = teacher.locator('.assignments li');
	await expect(assignment).toContainText('Due Nov 30, 2099');

	// The second click with empty fields, which used to wipe the due date.
	await teacher.getByRole('button', { name: 'Assign', exact: true }).click();
	await expect(
		teacher.getByText(/“.+” is already assigned; change its dates below\./)
	).toBeVisible();
	await expect(assignment).toContainText('Due Nov 30, 2099');
	await expect(assignment).not.toContainText('No due date');
	await teacher.reload();
	await expect(assignment).toContainText('Due Nov 30, 2099');

	await assignment.getByText('Change dates').click();
	const due = assignment.getByLabel('Due (optional)');
	await expect(due).toHaveValue('2099-11-30T15:00');
	await expect(assignment.getByLabel('Opens (optional)')).toHaveValue('');
	await expectAccessibleAtBothWidths(teacher);

	// A due date before the opening date is refused beside the field, and nothing changes.
	await assignment.getByLabel('Opens (optional)').fill('2099-12-05T08:00');
	await due.fill('2099-12-01T09:00');
	await assignment.getByRole('button', { name: /Save dates/ }).click();
	await expect(assignment.getByText('The due date must come after the open date.')).toBeVisible();
	await teacher.reload();
	await expect(assignment).toContainText('Due Nov 30, 2099');

	await assignment.getByText('Change dates').click();
	await assignment.getByLabel('Due (optional)').fill('2099-12-01T09:00');
	await assignment.getByRole('button', { name: /Save dates/ }).click();
	await expect(teacher.getByText('The assignment’s dates are changed.')).toBeVisible();
	await expect(assignment).toContainText('Due Dec 1, 2099');
	await teacher.reload();
	await expect(assignment).toContainText('Due Dec 1, 2099');
	await assignment.getByText('Change dates').click();
	await expect(assignment.getByLabel('Due (optional)')).toHaveValue('2099-12-01T09:00');
	await teacher.context().close();
});

for (const javaScriptEnabled of [true, false]) {
	test(`a name the class already has is reported, not made a second account, and can be added on purpose (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser
	}) => {
		const teacher = await newClassPage(browser, javaScriptEnabled);
		const maria = uniqueName('Maria Garcia');
		await bulkAdd(teacher, [maria, 'Алия Борисова']);
		await expect(teacher.getByRole('heading', { name: 'Accounts created: 2' })).toBeVisible();
		await expect(teacher.locator('.login-cards')).toContainText('aliya.borisova');
		await teacher.goto(new URL(teacher.url()).pathname);
		await expect(teacher.getByRole('heading', { name: 'Students (2)' })).toBeVisible();

		await bulkAdd(teacher, [maria.toLowerCase(), 'Ben Ode', 'Ben Ode']);
		await expect(teacher.getByRole('heading', { name: 'Accounts created: 1' })).toBeVisible();
		await expect(
			teacher.getByText(`Line 1: “${maria.toLowerCase()}”: already in this class`)
		).toBeVisible();
		await expect(teacher.getByText('Line 3: “Ben Ode”: listed twice')).toBeVisible();
		await expect(teacher.getByRole('heading', { name: 'Students (3)' })).toBeVisible();
		// axe runs in the page: only with JavaScript on.
		if (javaScriptEnabled) await expectAccessibleAtBothWidths(teacher);

		// The two names come back in a form of their own: these are different students.
		await expect(teacher.getByLabel('Names to add as new students')).toHaveValue(
			`${maria.toLowerCase()}\nBen Ode`
		);
		await teacher.getByRole('button', { name: 'Add them as new students' }).click();
		await expect(teacher.getByRole('heading', { name: 'Accounts created: 2' })).toBeVisible();
		await expect(teacher.getByRole('heading', { name: 'Students (5)' })).toBeVisible();
		const usernames = await teacher.locator('table code').allTextContents();
		expect(new Set(usernames).size).toBe(5);

		// The box on the main form does the same for a list pasted knowing it.
		await teacher.getByLabel('Names, one per line').fill(maria);
		await teacher.getByLabel(/Add a name already in the class/).check();
		await teacher.getByRole('button', { name: 'Create accounts' }).click();
		await expect(teacher.getByRole('heading', { name: 'Accounts created: 1' })).toBeVisible();
		await expect(teacher.getByRole('heading', { name: 'Students (6)' })).toBeVisible();
		await teacher.context().close();
	});
}

for (const javaScriptEnabled of [true, false]) {
	test(`reset password and remove from class ask for a confirmation first (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser
	}) => {
		const teacher = await newClassPage(browser, javaScriptEnabled);
		await bulkAdd(teacher, ['Kim Park', 'Lee Chan']);
		await expect(teacher.getByRole('heading', { name: 'Accounts created: 2' })).toBeVisible();
		await teacher.goto(new URL(teacher.url()).pathname);
		const kim = teacher.locator('tbody tr', { hasText: 'Kim Park' });
		await expect(kim.getByRole('button', { name: /Reset password/ })).toBeHidden();

		await kim.locator('summary', { hasText: 'Reset password' }).click();
		const resetButton = kim.getByRole('button', { name: 'Reset password for Kim Park' });
		// Without the tick the browser does not send the form.
		await resetButton.click();
		await expect(teacher.getByText(/New first password for/)).toBeHidden();
		await kim.getByRole('checkbox', { name: /Give Kim Park a new first password/ }).check();
		await resetButton.click();
		await expect(teacher.getByText(/New first password for Kim Park: /)).toBeVisible();

		const lee = teacher.locator('tbody tr', { hasText: 'Lee Chan' });
		await lee.locator('summary', { hasText: 'Remove from class' }).click();
		const removeButton = lee.getByRole('button', { name: 'Remove from class Lee Chan' });
		await removeButton.click();
		await expect(teacher.getByRole('heading', { name: 'Students (2)' })).toBeVisible();
		if (javaScriptEnabled) await expectAccessibleAtBothWidths(teacher);
		await lee.getByRole('checkbox', { name: /Take Lee Chan out of this class/ }).check();
		await removeButton.click();
		await expect(
			teacher.getByText('The student was removed from this class. Their work is kept.')
		).toBeVisible();
		await expect(teacher.getByRole('heading', { name: 'Students (1)' })).toBeVisible();
		await expect(teacher.locator('tbody tr', { hasText: 'Lee Chan' })).toHaveCount(0);
		await teacher.context().close();
	});
}

test('at 360 px a long unbroken name wraps inside its login card and the page does not scroll sideways', async ({
	browser
}) => {
	const teacher = await newClassPage(browser);
	await teacher.setViewportSize({ width: 360, height: 740 });
	const long = `${'Wolfeschlegelsteinhausenbergerdorff'.repeat(2)}${uniqueName('x')}`.slice(0, 80);
	await bulkAdd(teacher, [long, long, 'Short Name']);
	await expect(teacher.getByRole('heading', { name: 'Accounts created: 2' })).toBeVisible();
	await expect(teacher.getByText(/^Line 2: “.+”: listed twice$/)).toBeVisible();
	const pageWidth = await teacher.evaluate(() => document.documentElement.scrollWidth);
	expect(pageWidth).toBeLessThanOrEqual(360);
	for (const selector of ['.login-cards li', '.bulk-result li']) {
		const overflowing = await teacher
			.locator(selector)
			.evaluateAll((items) => items.filter((li) => li.scrollWidth > li.clientWidth).length);
		expect(overflowing, selector).toBe(0);
	}
	await expectAccessible(teacher);
	await teacher.context().close();
});
