import { expect, test } from '@playwright/test';
import { ADMIN, ADMIN_STATE, ORIGIN, expectAccessible } from './helpers';

test('a new installation is set up once, by its first administrator', async ({ page, browser }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/setup$/);
	await expect(page.getByRole('heading', { name: 'Set up this school' })).toBeVisible();
	await expectAccessible(page);

	await page.getByLabel('School name').fill('Riverside High');
	await page.getByLabel('Your name').fill(ADMIN.name);
	await page.getByLabel('Username').fill(ADMIN.username);
	await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
	await page.getByLabel('Password again').fill('something else entirely');
	await page.getByRole('button', { name: 'Create the administrator account' }).click();
	await expect(page.getByText('The two passwords differ.')).toBeVisible();
	await expect(page.getByLabel('Username')).toHaveValue(ADMIN.username);
	await expectAccessible(page);

	await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
	await page.getByLabel('Password again').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Create the administrator account' }).click();
	await expect(page).toHaveURL(/\/teach$/);
	await expect(page.getByRole('heading', { name: 'Your classes' })).toBeVisible();
	await expect(page.getByText('Riverside High')).toBeVisible();
	await page.context().storageState({ path: ADMIN_STATE });

	// The set-up page is gone for everyone once an account exists.
	const stranger = await browser.newPage();
	await stranger.goto('/setup');
	await expect(stranger).toHaveURL(/\/login$/);
	const response = await stranger.request.post('/setup', {
		form: {
			schoolName: 'Take-over School',
			displayName: 'Mallory',
			username: 'mallory',
			password: 'mallory password',
			confirmPassword: 'mallory password'
		},
		headers: { origin: ORIGIN, accept: 'text/html' }
	});
	expect(response.status()).toBe(409);
	expect(await response.text()).toContain('already set up');
	await stranger.close();
});
