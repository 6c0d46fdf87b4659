import { expect, test, type Page } from '@playwright/test';
import { ADMIN_STATE, expectAccessible, newVisitor } from './helpers';
import { ROSTER, seedClass } from './results-seed';

test.describe.configure({ mode: 'serial' });

let resultsUrl: string;
let className: string;
let teacher: Page;

test.beforeAll(async ({ browser }) => {
	test.setTimeout(300_000);
	({ teacher, resultsUrl, className } = await seedClass(browser));
});
test.afterAll(() => teacher.context().close());

const rowOf = (page: Page, name: string) =>
	page.locator('table.grid tbody tr', { has: page.getByRole('link', { name, exact: true }) });

test('the grid gives each student a whole, sticky name, a status, late and review flags', async () => {
	await teacher.setViewportSize({ width: 1280, height: 900 });
	await teacher.goto(resultsUrl);
	await expectAccessible(teacher);

	await expect(rowOf(teacher, 'Zoë Ångström').locator('td.state')).toHaveText(
		/Done\s+Late\s+2 to review/
	);
	// Version 2 has eight steps; the delayed check is not in a student's path until it opens.
	await expect(rowOf(teacher, 'Ben Ode').locator('td.state')).toHaveText(/At step 3 of 7\s+Late/);
	await expect(rowOf(teacher, 'Kai Müller').locator('td.state')).toHaveText(/Not started\s+Late/);
	// Grouped by step: the pre-check column holds Ben's score there (three of four right).
	await expect(rowOf(teacher, 'Ben Ode').locator('td.cell').first()).toHaveText('75%');

	// The longest name sits on one line, and the grid fits the page at 1280.
	const longest = teacher.getByRole('link', { name: 'Maximilian Oberhausen-Wittgenstein' });
	const box = (await longest.boundingBox())!;
	expect(box.height).toBeLessThan(30);
	const fits = await teacher
		.locator('.grid-wrap')
		.evaluate((el) => el.scrollWidth <= el.clientWidth);
	expect(fits).toBe(true);

	// With a step open on a narrower screen the grid scrolls, and names stay in view.
	await teacher.setViewportSize({ width: 800, height: 900 });
	await teacher.goto(`${resultsUrl}?step=who-is-behind-it`);
	const wrap = teacher.locator('.grid-wrap');
	await wrap.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
	const wrapBox = (await wrap.boundingBox())!;
	const nameBox = (await longest.boundingBox())!;
	expect(nameBox.x).toBeGreaterThanOrEqual(wrapBox.x);
	expect(nameBox.x + nameBox.width).toBeLessThan(wrapBox.x + wrapBox.width);
	await expect(teacher.locator('table.grid thead')).toContainText('Q7');
});

test('filters, sorting and the step detail work without JavaScript and by keyboard', async ({
	browser
}) => {
	const page = await browser
		.newContext({ storageState: ADMIN_STATE, javaScriptEnabled: false })
		.then((c) => c.newPage());
	await page.goto(resultsUrl);
	const filters = page.getByRole('navigation', { name: 'Show students' });
	await expect(filters.getByRole('link', { name: 'Not started (12)' })).toBeVisible();
	await expect(filters.getByRole('link', { name: 'Late (14)' })).toBeVisible();
	await filters.getByRole('link', { name: 'Answers to review (1)' }).click();
	await expect(page).toHaveURL(/\?show=review$/);
	await expect(page.locator('table.grid tbody tr')).toHaveCount(1);
	await expect(rowOf(page, 'Zoë Ångström')).toBeVisible();

	await filters.getByRole('link', { name: 'In progress (1)' }).click();
	await expect(page.locator('table.grid tbody tr')).toHaveCount(1);
	await expect(rowOf(page, 'Ben Ode')).toBeVisible();

	await filters.getByRole('link', { name: 'Everyone (14)' }).click();
	await page.getByRole('link', { name: 'Status', exact: true }).click();
	await expect(page).toHaveURL(/\?sort=status$/);
	const names = page.locator('table.grid tbody th.name a');
	await expect(names.first()).toHaveText('Zoë Ångström');
	await expect(names.nth(1)).toHaveText('Ben Ode');
	await expect(page.locator('th[aria-sort="descending"]')).toContainText('Status');

	// The pre-check column opens on its questions, by keyboard, and closes again.
	await page.getByRole('link', { name: /Pre-check/ }).focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/step=pre-check/);
	await expect(page.getByRole('link', { name: /Pre-check/ })).toHaveAttribute(
		'aria-expanded',
		'true'
	);
	await expect(page.locator('table.grid thead')).toContainText('Q1Q2Q3Q4');
	await expect(rowOf(page, 'Ben Ode').locator('td.q').nth(1)).toHaveText('0%');

	const refused = await page.request.get(`${resultsUrl}?sort=nonsense`);
	expect(refused.status()).toBe(400);
	await page.context().close();
});

test('a 360 px screen gets a list of students instead of the grid', async () => {
	await teacher.setViewportSize({ width: 360, height: 800 });
	await teacher.goto(resultsUrl);
	await expect(teacher.locator('table.grid')).toBeHidden();
	const list = teacher.locator('ul.student-list');
	await expect(list).toBeVisible();
	await expect(list.locator('li')).toHaveCount(ROSTER.length);
	await expect(list.locator('li', { hasText: 'Zoë Ångström' })).toContainText(
		/Done\s+Late\s+2 to review/
	);
	const overflow = await teacher.evaluate(
		() => document.documentElement.scrollWidth > window.innerWidth
	);
	expect(overflow).toBe(false);
	await expectAccessible(teacher);
	// The list sorts too; ties on the score go by name.
	await teacher
		.getByRole('navigation', { name: 'Sort students' })
		.getByRole('link', { name: 'Score' })
		.click();
	await expect(teacher).toHaveURL(/\?sort=score$/);
	await expect(list.locator('li .name')).toHaveText([
		'Ben Ode',
		'Zoë Ångström',
		...ROSTER.filter((n) => n !== 'Ben Ode' && n !== 'Zoë Ångström').sort((a, b) =>
			a.localeCompare(b)
		)
	]);
	await teacher.setViewportSize({ width: 1280, height: 900 });
});

test('printing shows the whole grid on a landscape page, without controls', async () => {
	await teacher.setViewportSize({ width: 1050, height: 740 });
	await teacher.emulateMedia({ media: 'print' });
	await teacher.goto(resultsUrl);
	for (const control of [
		teacher.getByRole('link', { name: 'Review written answers' }),
		teacher.getByRole('link', { name: 'Download grid (CSV)' }),
		teacher.getByRole('navigation', { name: 'Show students' }),
		teacher.getByRole('button', { name: 'Sign out' })
	]) {
		await expect(control).toBeHidden();
	}
	await expect(teacher.locator('table.grid')).toBeVisible();
	await expect(teacher.locator('ul.student-list')).toBeHidden();
	const fits = await teacher
		.locator('.grid-wrap')
		.evaluate((el) => el.scrollWidth <= el.clientWidth);
	expect(fits).toBe(true);
	await expect(teacher.locator('table.grid thead')).toContainText('Post-check');
	await teacher.emulateMedia({ media: 'screen' });
	await teacher.setViewportSize({ width: 1280, height: 900 });
});

test('item analysis counts written answers waiting for review and quotes a wrong answer once', async () => {
	await teacher.goto(resultsUrl);
	await expect(
		teacher.getByText('0 reviewed, average – · 1 waiting for review').first()
	).toBeVisible();
	await teacher.getByText(/^Q2 \(single\)/).click();
	const wrong = teacher.getByText(/^Most frequent wrong answer:/);
	await expect(wrong).toHaveText(/^Most frequent wrong answer: “Transport experts say .*” \(1\)$/);
	await expect(wrong).not.toContainText('““');
});

test('late work is flagged in the grid CSV, the attempts CSV and the district export', async () => {
	const grid = await (await teacher.request.get(`${resultsUrl}/export/grid.csv`)).text();
	const gridLines = grid.split('\r\n');
	expect(gridLines[0]).toMatch(/,Status,Late$/);
	expect(gridLines.find((l) => l.startsWith('Zoë Ångström,'))).toMatch(/,Done,yes$/);
	expect(gridLines.find((l) => l.startsWith('Kai Müller,'))).toMatch(/,Not started,yes$/);

	const attempts = await (await teacher.request.get(`${resultsUrl}/export/attempts.csv`)).text();
	const attemptLines = attempts.split('\r\n');
	expect(attemptLines[0]).toMatch(/,Override reason,Late$/);
	expect(attemptLines.find((l) => l.startsWith('Ben Ode,'))).toMatch(/,yes$/);

	const district = await (await teacher.request.get('/admin/export/district.csv')).text();
	const districtLines = district.split('\r\n');
	expect(districtLines[0]).toMatch(/,Last activity \(UTC\),Late$/);
	expect(
		districtLines.find((l) => l.startsWith(`${className},`) && l.includes(',Ben Ode,'))
	).toMatch(/,In progress,.*,yes$/);
});

test("the teacher's home counts each assignment's students and answers to review", async () => {
	await teacher.goto('/teach');
	const section = teacher.getByRole('region', { name: className });
	const row = section.getByRole('row', { name: /Myth or reality/ });
	await expect(row.getByRole('cell')).toHaveText([/Past due/, '1', '1', '12', '2 answers']);
	await row.getByRole('link', { name: '2 answers' }).click();
	await expect(teacher).toHaveURL(/\/review$/);
	for (const width of [1280, 360]) {
		await teacher.setViewportSize({ width, height: 900 });
		await teacher.goto('/teach');
		await expectAccessible(teacher);
		await teacher.screenshot({
			path: `test-results/screens/dashboard-${width}.png`,
			fullPage: true
		});
	}
	await teacher.setViewportSize({ width: 1280, height: 900 });
});
