import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
	ADMIN,
	ADMIN_STATE,
	expectAccessible,
	newVisitor,
	openClass,
	signIn,
	signOut,
	signUpStudent,
	uniqueName
} from './helpers';

test('an administrator adds a teacher, who sets a password, opens a class and a student joins it', async ({
	browser
}) => {
	const admin = await newVisitor(browser, ADMIN_STATE);
	await admin.goto('/admin/teachers');
	await expectAccessible(admin);
	const teacherName = uniqueName('teacher');
	await admin.getByLabel('Name', { exact: true }).fill('Tomás Ortega');
	await admin.getByLabel('Username').fill(teacherName);
	await admin.getByLabel('First password').fill('first password');
	await admin.getByRole('button', { name: 'Create teacher account' }).click();
	await expect(
		admin.getByText(`Account created for Tomás Ortega (username ${teacherName})`)
	).toBeVisible();
	await expect(admin.getByRole('cell', { name: teacherName })).toBeVisible();
	await admin.close();

	const teacher = await newVisitor(browser);
	await signIn(teacher, teacherName, 'first password');
	await expect(teacher).toHaveURL(/\/account\?reason=reset$/);
	// A new account is told it is new, not that someone reset its password.
	await expect(teacher.getByText('choose a password of your own to continue')).toBeVisible();
	await expect(teacher.getByText('reset by your teacher')).toHaveCount(0);
	await expectAccessible(teacher);
	// Until the password is changed, other pages send the teacher back here.
	await teacher.goto('/teach');
	await expect(teacher).toHaveURL(/\/account/);
	await teacher.getByLabel('Current password').fill('first password');
	await teacher.getByLabel('New password', { exact: true }).fill('my own password');
	await teacher.getByLabel('New password again').fill('my own password');
	await teacher.getByRole('button', { name: 'Change password' }).click();
	await expect(teacher).toHaveURL(/\/teach$/);
	await expectAccessible(teacher);
	await teacher.getByLabel('Class name').fill('Year 10 English');
	await teacher.getByLabel('Section or term (optional)').fill('Autumn');
	await teacher.getByRole('button', { name: 'Create class' }).click();
	await expect(teacher).toHaveURL(/\/teach\/classes\/[0-9a-f-]{36}\?created$/);
	await expect(teacher.getByRole('heading', { level: 1 })).toContainText('Year 10 English');
	const created = teacher.getByText(/with the class code [A-Z0-9]{6}/);
	await expect(created).toBeVisible();
	const joinCode = (await created.textContent())!.match(/class code ([A-Z0-9]{6})/)![1]!;

	const student = await newVisitor(browser);
	await student.goto('/signup');
	await expectAccessible(student);
	const studentName = uniqueName('pupil');
	await student.getByLabel('Class code').fill('WRONG1');
	await student.getByLabel('Your name').fill('Noor Haddad');
	await student.getByLabel('Choose a username').fill(studentName);
	await student.getByLabel('Choose a password').fill('student password');
	await student.getByLabel('Password again').fill('student password');
	await student.getByRole('button', { name: 'Create my account' }).click();
	await expect(student.getByText('No class has this code')).toBeVisible();
	await expectAccessible(student);

	await student.getByLabel('Class code').fill(joinCode.toLowerCase());
	await student.getByLabel('Choose a password').fill('student password');
	await student.getByLabel('Password again').fill('student password');
	await student.getByRole('button', { name: 'Create my account' }).click();
	await expect(student).toHaveURL(/\/learn$/);
	await expect(student.getByText('Year 10 English')).toBeVisible();
	await expectAccessible(student);

	// A student cannot open teacher pages.
	const forbidden = await student.goto('/teach');
	expect(forbidden?.status()).toBe(403);
	await expect(
		student.getByRole('heading', { name: 'Your account cannot open this page.' })
	).toBeVisible();

	await student.goto('/learn');
	await signOut(student);
	await student.goto('/learn');
	await expect(student).toHaveURL(/\/login\?next=%2Flearn$/);
	await student.getByLabel('Username').fill(studentName.toUpperCase());
	await student.getByLabel('Password').fill('student password');
	await student.getByRole('button', { name: 'Sign in' }).click();
	await expect(student).toHaveURL(/\/learn$/);
});

test('a wrong password is refused with a clear message', async ({ page }) => {
	await signIn(page, ADMIN.username, 'not the password');
	await expect(page.getByRole('alert')).toHaveText(
		'That username and password do not match an account.'
	);
	await expect(page.getByLabel('Username')).toHaveValue(ADMIN.username);
	await expectAccessible(page);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/teach$/);
	await page.goto('/logout');
	await expectAccessible(page);
	await page.getByRole('main').getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login$/);
});

test('repeated failures for one username are slowed, then refused', async ({ page }) => {
	const target = uniqueName('target');
	for (let i = 0; i < 5; i++) {
		await signIn(page, target, `guess number ${i}`);
		await expect(page.getByRole('alert')).toContainText('do not match an account');
	}
	await signIn(page, target, 'one more guess');
	await expect(page.getByRole('alert')).toContainText(
		/Too many failed sign-ins for this username\. Wait 5 minutes/
	);
	await expect(page).toHaveURL(/\/login$/);
	await expectAccessible(page);
});

test('works without JavaScript: sign-in and sign-out are plain form posts', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'nobody-at-all', 'whatever password');
	await expect(page.getByRole('alert')).toContainText('do not match an account');
	await signIn(page, ADMIN.username, ADMIN.password);
	await expect(page).toHaveURL(/\/teach$/);
	await signOut(page);
	await page.goto('/teach');
	await expect(page).toHaveURL(/\/login\?next=%2Fteach$/);
	await context.close();
});

test('a student downloads their data, then deletes their account and everything in it', async ({
	browser,
	page
}) => {
	const code = await openClass(browser, uniqueName('Privacy '));
	const student = await signUpStudent(page, code, 'Dara Privacy');
	await page.goto('/account');
	await expectAccessible(page);

	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download my data' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(
		new RegExp(`^byline-${student.username}-.*\\.json$`)
	);
	const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
	expect(exported.account).toMatchObject({
		username: student.username,
		displayName: 'Dara Privacy'
	});
	expect(exported.classesJoined).toHaveLength(1);

	const deletion = page.getByRole('form', { name: 'Delete your account' });
	await deletion.getByLabel('Your password').fill('not my password');
	await deletion.getByLabel('I understand that this deletes my data for good.').check();
	await deletion.getByRole('button', { name: 'Delete my account' }).click();
	await expect(deletion.getByText('That is not your password.')).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: 'Please correct' })).toHaveCount(1);

	await deletion.getByLabel('Your password').fill(student.password);
	await deletion.getByLabel('I understand that this deletes my data for good.').check();
	await deletion.getByRole('button', { name: 'Delete my account' }).click();
	await expect(page).toHaveURL(/\/login\?deleted=1$/);
	await expect(
		page.getByText('Your account and everything stored with it have been deleted.')
	).toBeVisible();

	await signIn(page, student.username, student.password);
	await expect(page.getByRole('alert')).toContainText('do not match an account');
});
