import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN_STATE, ORIGIN, expectAccessible, newVisitor, signIn, uniqueName } from './helpers';
import {
	MODULE,
	answerByMouse,
	perfectRun,
	perfectSort,
	weakPreCheck,
	type Plan
} from './lesson-plan';

async function firstSignIn(browser: Browser, username: string, password: string): Promise<Page> {
	const page = await newVisitor(browser);
	await signIn(page, username, password);
	await expect(page).toHaveURL(/\/account\?reason=reset$/);
	await page.getByLabel('Current password').fill(password);
	await page.getByLabel('New password', { exact: true }).fill('my new password');
	await page.getByLabel('New password again').fill('my new password');
	await page.getByRole('button', { name: 'Change password' }).click();
	// A forced change goes on to the user's own pages.
	await expect(page).toHaveURL(/\/(learn|teach)$/);
	return page;
}

async function workThrough(page: Page, plan: Plan[]) {
	for (const step of plan) {
		await page.goto(`${MODULE}/${step.step}`);
		for (const answer of step.answers) await answerByMouse(page, answer);
	}
}

test('a teacher runs a class: roster, assignment, results, reviews and export', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const teacher = await newVisitor(browser, ADMIN_STATE);
	await teacher.goto('/teach');
	const className = uniqueName('Period 3 ');
	await teacher.getByLabel('Class name').fill(className);
	await teacher.getByRole('button', { name: 'Create class' }).click();
	// Creating a class opens it, with the code students join with.
	await expect(teacher).toHaveURL(/\/teach\/classes\/[0-9a-f-]{36}\?created$/);
	await expect(teacher.getByText(/with the class code [A-Z0-9]{6}/)).toBeVisible();
	await expectAccessible(teacher);
	const classUrl = teacher.url();

	await teacher
		.getByLabel('Names, one per line')
		.fill(
			['Asha Rao', 'Ben Ode', '', 'Asha Rao', '=HYPERLINK("http://evil")', '<b>Bold</b> Kid'].join(
				'\n'
			)
		);
	await teacher.getByRole('button', { name: 'Create accounts' }).click();
	await expect(teacher.getByRole('heading', { name: 'Accounts created: 4' })).toBeVisible();
	await expect(teacher.getByText('Line 4: “Asha Rao”: listed twice')).toBeVisible();
	const cards = await teacher.locator('.login-cards li').evaluateAll((items) =>
		items.map((li) => ({
			name: li.querySelector('.card-name')!.textContent!.trim(),
			username: li.querySelectorAll('code')[0]!.textContent!.trim(),
			password: li.querySelectorAll('code')[1]!.textContent!.trim()
		}))
	);
	expect(cards.map((c) => c.name)).toEqual([
		'Asha Rao',
		'Ben Ode',
		'=HYPERLINK("http://evil")',
		'<b>Bold</b> Kid'
	]);
	await expectAccessible(teacher);

	await teacher.getByLabel('Due (optional)').fill('2099-06-30T15:00');
	await teacher.locator('#moduleId').selectOption('tajik-border');
	await teacher.getByRole('button', { name: 'Assign' }).click();
	await expect(teacher.getByText('The lesson is assigned.')).toBeVisible();
	await teacher.getByRole('link', { name: /Myth or reality/ }).click();
	await expect(teacher).toHaveURL(/\/teach\/assignments\/[0-9a-f-]{36}$/);
	const resultsUrl = teacher.url();
	const assignmentId = resultsUrl.split('/').pop()!;

	// Asha answers everything right. Ben misses the whole pre-check, one source question,
	// and sorts every claim as unsupported.
	const asha = await firstSignIn(browser, cards[0]!.username, cards[0]!.password);
	await asha.goto('/learn');
	await expect(asha.getByText('not started')).toBeVisible();
	await workThrough(asha, perfectRun);

	const benPlan: Plan[] = structuredClone(perfectRun);
	benPlan[0]!.answers = structuredClone(weakPreCheck);
	benPlan[1]!.answers[0] = { id: 'who-credit', pick: ['government'], confidence: 'high' };
	benPlan[2]!.answers[1] = {
		id: 'evidence-sort',
		sort: Object.fromEntries(Object.keys(perfectSort).map((claim) => [claim, 'unsourced'])),
		confidence: 'high'
	};
	const ben = await firstSignIn(browser, cards[1]!.username, cards[1]!.password);
	await workThrough(ben, benPlan);

	await teacher.goto(resultsUrl);
	await expectAccessible(teacher);
	await expect(teacher.locator('.figures')).toContainText('2 of 4 students finished');
	await expect(teacher.locator('.figures')).toContainText('94% class average');
	await expect(teacher.locator('.figures')).toContainText(
		'+46 points from pre-check (54%) to post-check (100%)'
	);
	// Ben's pre-check: three items wrong and a sort that flags every claim, a third right
	// (balanced accuracy), so 1/12. Nobody has taken the delayed check.
	await expect(teacher.locator('.figures')).toContainText('delayed check: nobody has taken it yet');
	const benRow = teacher.getByRole('row', { name: /Ben Ode/ });
	await expect(benRow.getByRole('cell').nth(1)).toHaveText('88%');
	await expect(teacher.getByRole('link', { name: '<b>Bold</b> Kid' })).toBeVisible();
	await expect(teacher.locator('.results b')).toHaveCount(0);
	await expect(teacher.getByText('Q4 50% right first time · 2 answered')).toBeVisible();
	await teacher.getByText(/^Q5 \(single\)/).click();
	await expect(
		teacher.getByText(
			'Most frequent wrong answer: “The text is an official statement by Tajikistan’s government.” (1)'
		)
	).toBeVisible();
	// Ben flagged every claim at the start and sorted perfectly at the end.
	const benChecks = teacher.locator('table.checks tbody tr', { hasText: 'Ben Ode' });
	// Version 2 has a delayed check, which nobody has taken: its columns show, empty.
	await expect(benChecks.locator('td')).toHaveText([
		/%$/,
		'100%',
		'–',
		'0.00',
		'−1.15',
		'0.42',
		/^−1\.1[78]$/,
		'2.30',
		'0.00',
		'–',
		'–'
	]);
	const classChange = teacher.locator('table.checks tfoot tr', { hasText: 'Change from' });
	await expect(classChange.locator('td').nth(7)).toHaveText('+1.15');
	await teacher.getByText(/^Q9 \(mark\)/).click();
	await teacher.getByRole('button', { name: 'Show the marks on the article' }).first().click();
	await expect(teacher.locator('.heat-sentence.target').first()).toContainText('[2]');

	await teacher.getByRole('link', { name: 'Ben Ode' }).click();
	await expect(teacher.getByRole('heading', { name: 'Ben Ode' })).toBeVisible();
	await expect(
		teacher.getByText(
			'Pre-check to post-check: d′ +2.30, c +1.15; got better at telling them apart, and no longer leans sceptical.'
		)
	).toBeVisible();
	await expectAccessible(teacher);
	await teacher.goto('/teach/modules/tajik-border/guide');
	await expectAccessible(teacher);
	await teacher.goto(resultsUrl);

	// Written answers, one question for the whole class in a row.
	await teacher.getByRole('link', { name: 'Review written answers' }).click();
	await expectAccessible(teacher);
	const ashaAnswer = teacher.locator('article', { hasText: 'Asha Rao' });
	// Each level's description is on the page, not only in a hover title touch screens never show.
	await expect(
		ashaAnswer.getByText('One useful search, or two that are vague.', { exact: true })
	).toBeVisible();
	await expect(teacher.locator('article').first()).toContainText('Asha Rao');
	for (const criterion of ['searches', 'independence', 'change-mind']) {
		await ashaAnswer.locator(`label[for$="-${criterion}-2"]`).click();
	}
	await ashaAnswer
		.getByLabel('Comment for the student')
		.fill('Clear plan, with independent sources.');
	await ashaAnswer.getByRole('button', { name: 'Save review' }).click();
	await expect(
		teacher.locator('article', { hasText: 'Asha Rao' }).getByText('Reviewed · 100%')
	).toBeVisible();
	// A reviewed answer keeps its place instead of jumping to the end of the list.
	await expect(teacher.locator('article').first()).toContainText('Asha Rao');

	// Saving a review stays on the question being reviewed, not the first one.
	await teacher.getByRole('link', { name: /Your conclusion/ }).click();
	await expect(teacher).toHaveURL(/review\?question=conclusion$/);
	const ashaConclusion = teacher.locator('article', { hasText: 'Asha Rao' });
	for (const criterion of ['claim', 'evidence', 'sourcing', 'fairness']) {
		await ashaConclusion.locator(`label[for$="-${criterion}-2"]`).click();
	}
	await ashaConclusion.getByRole('button', { name: 'Save review' }).click();
	await expect(ashaConclusion.getByText('Reviewed · 100%')).toBeVisible();
	await expect(teacher).toHaveURL(/review\?question=conclusion#saved-/);

	const csv = await teacher.request.get(`/teach/assignments/${assignmentId}/export/grid.csv`);
	expect(csv.headers()['content-type']).toContain('text/csv');
	const body = await csv.text();
	expect(body.charCodeAt(0)).toBe(0xfeff);
	expect(body).toContain(`"'=HYPERLINK(""http://evil"")"`);
	expect(body).toContain('Ben Ode');
	const attempts = await teacher.request.get(
		`/teach/assignments/${assignmentId}/export/attempts.csv`
	);
	expect(await attempts.text()).toContain('Clear plan, with independent sources.');

	// The student sees the review on the question and on the summary.
	await asha.goto(`${MODULE}/what-do-other-sources-say`);
	await expect(asha.locator('#q-lateral-plan')).toContainText("Your teacher's review: 100%");
	await asha.goto(`${MODULE}/summary`);
	await expect(
		asha.getByText('Your teacher wrote: Clear plan, with independent sources.')
	).toBeVisible();
	await asha.goto('/learn');
	await expect(asha.getByText('done', { exact: true })).toBeVisible();

	// Another teacher reaches none of it: every page, export and action answers 404 and changes nothing.
	const admin = await newVisitor(browser, ADMIN_STATE);
	await admin.goto('/admin/teachers');
	const otherName = uniqueName('other');
	await admin.getByLabel('Name', { exact: true }).fill('Other Teacher');
	await admin.getByLabel('Username').fill(otherName);
	await admin.getByLabel('First password').fill('first password');
	await admin.getByRole('button', { name: 'Create teacher account' }).click();
	await expect(admin.getByText(/Account created for Other Teacher/)).toBeVisible();
	const other = await firstSignIn(browser, otherName, 'first password');
	const classId = classUrl.split('/').pop()!;
	await teacher.goto(resultsUrl);
	const studentId = await teacher
		.getByRole('link', { name: 'Asha Rao' })
		.getAttribute('href')
		.then((href) => href!.split('/').pop()!);
	const pages = [
		`/teach/classes/${classId}`,
		`/teach/assignments/${assignmentId}`,
		`/teach/assignments/${assignmentId}/review`,
		`/teach/assignments/${assignmentId}/students/${studentId}`,
		`/teach/assignments/${assignmentId}/export/grid.csv`,
		`/teach/assignments/${assignmentId}/export/attempts.csv`
	];
	for (const path of pages) {
		expect((await other.request.get(path)).status(), path).toBe(404);
	}
	const attemptId = await teacher.request
		.get(`/teach/assignments/${assignmentId}/review/__data.json`)
		.then((r) => r.text())
		.then((text) => text.match(/"([0-9a-f-]{36})"/)![1]!);
	const actions: [string, Record<string, string>][] = [
		[`/teach/classes/${classId}?/newCode`, {}],
		[`/teach/classes/${classId}?/disableCode`, {}],
		[`/teach/classes/${classId}?/bulkAdd`, { names: 'Intruder' }],
		[`/teach/classes/${classId}?/resetPassword`, { studentId, confirm: 'reset' }],
		[`/teach/classes/${classId}?/removeStudent`, { studentId, confirm: 'remove' }],
		[`/teach/classes/${classId}?/deleteStudent`, { studentId, confirm: 'delete' }],
		[`/teach/classes/${classId}?/assign`, { moduleId: 'tajik-border' }],
		[`/teach/classes/${classId}?/editAssignment`, { assignmentId, opensAt: '', dueAt: '' }],
		[`/teach/classes/${classId}?/unassign`, { assignmentId }],
		[
			`/teach/assignments/${assignmentId}/review?/review`,
			{ attemptId, 'level-claim': '0', comment: 'x' }
		],
		[
			`/teach/assignments/${assignmentId}/students/${studentId}?/override`,
			{ attemptId, score: '0', reason: 'mine now' }
		]
	];
	for (const [path, form] of actions) {
		const response = await other.request.post(path, {
			form,
			headers: { origin: ORIGIN, accept: 'application/json', 'x-sveltekit-action': 'true' }
		});
		const text = await response.text();
		expect(response.status() === 404 || text.includes('"status":404'), `${path}: ${text}`).toBe(
			true
		);
	}
	await teacher.goto(classUrl);
	await expect(teacher.getByRole('heading', { name: 'Students (4)' })).toBeVisible();
	await teacher.goto(resultsUrl);
	await expect(teacher.locator('.figures')).toContainText('94% class average');
});
