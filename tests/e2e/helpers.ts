import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';

export const ADMIN = { username: 'head.teacher', password: 'admin password 1', name: 'Ada Head' };
export const ADMIN_STATE = 'test-results/.admin-state.json';

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
	await page.getByRole('button', { name: 'Sign in' }).click();
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
