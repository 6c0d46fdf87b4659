import { expect, type Browser, type Page } from '@playwright/test';
import { ADMIN_STATE, newVisitor, signIn, uniqueName } from './helpers';
import { MODULE, answerByMouse, perfectRun, type Plan } from './lesson-plan';

/** Names as a real class has them: long, accented, hyphenated. */
export const ROSTER = [
	'Zoë Ångström',
	'Maximilian Oberhausen-Wittgenstein',
	'Ben Ode',
	'Asha Rao',
	'Nguyễn Thị Minh Khai',
	'Olúwaseun Adébáyọ̀',
	'Siobhán Ní Bhriain',
	'Kai Müller',
	'Priya Venkataraman',
	'Tomás García López',
	'Yusuf Abdirahman',
	'Léa Dubois',
	'Mateo Rossi',
	'Hana Kobayashi'
];

export async function firstSignIn(browser: Browser, username: string, password: string) {
	const page = await newVisitor(browser);
	await signIn(page, username, password);
	await page.getByLabel('Current password').fill(password);
	await page.getByLabel('New password', { exact: true }).fill('my new password');
	await page.getByLabel('New password again').fill('my new password');
	await page.getByRole('button', { name: 'Change password' }).click();
	// A forced change goes on to the student's lessons.
	await expect(page).toHaveURL(/\/learn$/);
	return page;
}

async function workThrough(page: Page, plan: Plan[]) {
	for (const step of plan) {
		await page.goto(`${MODULE}/${step.step}`);
		for (const answer of step.answers) await answerByMouse(page, answer);
	}
}

/**
 * A class of 14 with the lesson due yesterday: Zoë finished (two written answers to review), Ben
 * is at step 3 with one wrong pre-check answer, the rest have not started. Returns the teacher's page and the results address.
 */
export async function seedClass(browser: Browser) {
	const teacher = await newVisitor(browser, ADMIN_STATE);
	const className = uniqueName('Results ');
	await teacher.goto('/teach');
	await teacher.getByLabel('Class name').fill(className);
	await teacher.getByRole('button', { name: 'Create class' }).click();
	await teacher.goto('/teach');
	await teacher.getByRole('link', { name: className, exact: true }).click();
	await expect(teacher).toHaveURL(/\/teach\/classes\//);
	const classUrl = teacher.url();
	await teacher.getByLabel('Names, one per line').fill(ROSTER.join('\n'));
	await teacher.getByRole('button', { name: 'Create accounts' }).click();
	await expect(teacher.getByRole('heading', { name: /^Accounts created/ })).toBeVisible();
	const cards = await teacher.locator('.login-cards li').evaluateAll((items) =>
		items.map((li) => ({
			name: li.querySelector('.card-name')!.textContent!.trim(),
			username: li.querySelectorAll('code')[0]!.textContent!.trim(),
			password: li.querySelectorAll('code')[1]!.textContent!.trim()
		}))
	);
	const yesterday = new Date(Date.now() - 24 * 3_600_000);
	const local = new Date(yesterday.getTime() - yesterday.getTimezoneOffset() * 60_000);
	await teacher.getByLabel('Due (optional)').fill(local.toISOString().slice(0, 16));
	await teacher.locator('#moduleId').selectOption('tajik-border');
	await teacher.getByRole('button', { name: 'Assign' }).click();
	await teacher.getByRole('link', { name: /Myth or reality/ }).click();
	await expect(teacher).toHaveURL(/\/teach\/assignments\/[0-9a-f-]{36}$/);
	const resultsUrl = teacher.url();

	const card = (name: string) => cards.find((c) => c.name === name)!;
	const zoe = await firstSignIn(
		browser,
		card('Zoë Ångström').username,
		card('Zoë Ångström').password
	);
	await workThrough(zoe, perfectRun);
	await zoe.context().close();
	const ben = await firstSignIn(browser, card('Ben Ode').username, card('Ben Ode').password);
	// Ben picks the quoted wrong option, which item analysis names.
	const benPlan: Plan[] = structuredClone(perfectRun.slice(0, 2));
	benPlan[0]!.answers[1] = { id: 'pre-named-source', pick: ['experts'], confidence: 'high' };
	await workThrough(ben, benPlan);
	// The page tells the server it was opened once it is shown: wait for that before leaving.
	await Promise.all([
		ben.waitForResponse((r) => r.url().includes('?/visit')),
		ben.goto(`${MODULE}/${perfectRun[2]!.step}`)
	]);
	await ben.context().close();
	return { teacher, classUrl, className, resultsUrl };
}
