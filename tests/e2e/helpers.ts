import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

export const ADMIN = { username: 'head.teacher', password: 'admin password 1', name: 'Ada Head' };
export const ADMIN_STATE = 'test-results/.admin-state.json';
/** The app under test, as the browser names it: form posts must come from this origin. */
export const ORIGIN = `http://localhost:${process.env.E2E_PORT ?? 4173}`;

/** WCAG 2.2 AA as axe checks it: no violations at all. */
export async function expectAccessible(page: Page) {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
	).toEqual([]);
}

let counter = 0;
/** A username no other test in this run uses. */
export function uniqueName(prefix: string) {
	counter += 1;
	return `${prefix}${Date.now().toString(36)}${counter}`;
}

export async function signIn(page: Page, username: string, password: string) {
	await page.goto('/login');
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	const posted = page.waitForResponse(
		(response) =>
			new URL(response.url()).pathname === '/login' && response.request().method() === 'POST'
	);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await posted;
}

export async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
}

/** A page in its own browser context: its own cookies, and what axe needs to run. */
export async function newVisitor(browser: Browser, storageState?: string): Promise<Page> {
	const context = await browser.newContext(storageState ? { storageState } : {});
	return context.newPage();
}

/** Opens a class as the administrator (who also teaches), assigns the lesson, returns its code. */
export async function openClass(browser: Browser, name: string): Promise<string> {
	const teacher = await newVisitor(browser, ADMIN_STATE);
	await teacher.goto('/teach');
	await teacher.getByLabel('Class name').fill(name);
	await teacher.getByRole('button', { name: 'Create class' }).click();
	// Creating a class opens it, its code in the message.
	const created = teacher.getByText(/with the class code [A-Z0-9]{6}/);
	await expect(created).toBeVisible();
	const code = (await created.textContent())!.match(/class code ([A-Z0-9]{6})/)![1]!;
	// Other specs publish lessons too: pick the shipped one by id, not by its place in the list.
	await teacher.locator('#moduleId').selectOption('tajik-border');
	await teacher.getByRole('button', { name: 'Assign' }).click();
	await expect(teacher.getByText('The lesson is assigned.')).toBeVisible();
	await teacher.context().close();
	return code;
}

/** Signs a new student up with a class code; the page is left signed in on /learn. */
export async function signUpStudent(page: Page, joinCode: string, displayName: string) {
	const username = uniqueName('s');
	await page.goto('/signup');
	await page.getByLabel('Class code').fill(joinCode);
	await page.getByLabel('Your name').fill(displayName);
	await page.getByLabel('Choose a username').fill(username);
	await page.getByLabel('Choose a password').fill('student password');
	await page.getByLabel('Password again').fill('student password');
	await page.getByRole('button', { name: 'Create my account' }).click();
	await expect(page).toHaveURL(/\/learn$/);
	return { username, password: 'student password' };
}
