import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { ADMIN_STATE, expectAccessible, newVisitor, signUpStudent, uniqueName } from './helpers';
import { MODULE, answerByMouse, type Plan } from './lesson-plan';

// The delayed check of the shipped version 2, which new assignments get, answered rightly from its key.
type Key = {
	steps: { slug: string; title: string; kind: string; blocks: { question?: string }[] }[];
	questions: {
		id: string;
		type: string;
		options?: { id: string; correct: boolean }[];
		claims?: { id: string; category: string }[];
	}[];
};
const key = parse(readFileSync('lessons/tajik-border/v2.yaml', 'utf8')) as Key;
const delayed = key.steps.find((step) => step.kind === 'delayed-check')!;
const delayedPlan: Plan['answers'] = delayed.blocks
	.flatMap((block) => (block.question ? [block.question] : []))
	.map((id) => {
		const question = key.questions.find((q) => q.id === id)!;
		return question.type === 'sort'
			? {
					id,
					sort: Object.fromEntries(question.claims!.map((c) => [c.id, c.category])),
					confidence: 'medium' as const
				}
			: {
					id,
					pick: question.options!.filter((o) => o.correct).map((o) => o.id),
					confidence: 'high' as const
				};
	});

const CLOSED_MESSAGE = 'Your teacher will open this check a few days after the lesson.';

async function expectClosedToStudent(student: Page) {
	const response = await student.goto(`${MODULE}/${delayed.slug}`);
	expect(response?.status()).toBe(403);
	await expect(student.getByText(CLOSED_MESSAGE)).toBeVisible();
}

test('a teacher opens the delayed check days after the lesson; until then students cannot reach it, then they take it from their lessons page', async ({
	browser
}) => {
	const teacher = await newVisitor(browser, ADMIN_STATE);
	await teacher.goto('/teach');
	await teacher.getByLabel('Class name').fill(uniqueName('Delayed '));
	await teacher.getByRole('button', { name: 'Create class' }).click();
	const created = teacher.getByText(/with the class code [A-Z0-9]{6}/);
	await expect(created).toBeVisible();
	const code = (await created.textContent())!.match(/class code ([A-Z0-9]{6})/)![1]!;
	await teacher.locator('#moduleId').selectOption('tajik-border');
	await teacher.getByRole('button', { name: 'Assign' }).click();
	await expect(teacher.getByText('The lesson is assigned.')).toBeVisible();
	const classUrl = teacher.url();
	await expect(
		teacher.getByText('Delayed check not opened yet — open it a week or more after the lesson.')
	).toBeVisible();
	await expectAccessible(teacher);

	// Not opened: no step, no link, and its address is refused with the reason.
	const student = await newVisitor(browser);
	await signUpStudent(student, code, 'Dee Layed');
	await expect(student.getByText('A check a few days later')).toHaveCount(0);
	await student.goto(MODULE);
	const stepList = student.getByRole('navigation', { name: 'Lesson steps' });
	await expect(stepList.getByRole('link', { name: /Check what you learned/ })).toBeVisible();
	await expect(stepList.getByRole('link', { name: new RegExp(delayed.title) })).toHaveCount(0);
	await student.goto(`${MODULE}/post-check`);
	await expect(
		student
			.getByRole('navigation', { name: 'Steps' })
			.getByRole('link', { name: /See your summary/ })
	).toBeVisible();
	await expectClosedToStudent(student);

	// A date left out is refused by the date form, with its reason; nothing opens.
	await teacher.locator('summary', { hasText: 'Open it from a date' }).click();
	await teacher.getByRole('button', { name: /Open from this date/ }).click();
	await expect(teacher.getByText('Enter the date to open the check from.')).toBeVisible();
	await expect(teacher.getByText(/Delayed check not opened yet/)).toBeVisible();

	// From a date to come: still closed to the student.
	await teacher.getByLabel('Opens to students on').fill('2099-06-30T15:00');
	await teacher.getByRole('button', { name: /Open from this date/ }).click();
	await expect(
		teacher.getByText('The delayed check will open on the date you chose.')
	).toBeVisible();
	await expect(teacher.getByText(/Delayed check: opens .*2099/)).toBeVisible();
	await expectClosedToStudent(student);

	await teacher.getByRole('button', { name: /Open the delayed check now/ }).click();
	await expect(teacher.getByText(/Delayed check open since/)).toBeVisible();
	await expectAccessible(teacher);

	// Open: My lessons links straight to it, and it is the last step of the path.
	await student.goto('/learn');
	await student.getByRole('link', { name: /A check a few days later is open/ }).click();
	await expect(student).toHaveURL(new RegExp(`${MODULE}/${delayed.slug}$`));
	await expect(student.getByRole('heading', { level: 1, name: delayed.title })).toBeVisible();
	await expect(
		student.getByRole('navigation', { name: 'Lesson steps' }).getByRole('link', {
			name: new RegExp(delayed.title)
		})
	).toBeVisible();
	await expectAccessible(student);
	for (const answer of delayedPlan) await answerByMouse(student, answer);
	await student.goto('/learn');
	await expect(student.getByText('A check a few days later: done')).toBeVisible();
	await expect(student.getByRole('link', { name: /A check a few days later is open/ })).toHaveCount(
		0
	);
	await expectAccessible(student);

	// Closed again: gone from the path, the answers kept for the teacher.
	await teacher.goto(classUrl);
	await teacher.getByRole('button', { name: /Close the delayed check/ }).click();
	await expect(teacher.getByText(/Delayed check not opened yet/)).toBeVisible();
	await expectClosedToStudent(student);

	// A teacher's preview always has every step.
	await teacher.goto(`/teach/modules/tajik-border/preview/${delayed.slug}`);
	await expect(teacher.getByRole('heading', { level: 1, name: delayed.title })).toBeVisible();
	await teacher.context().close();
	await student.context().close();
});

test('the delayed check opens and closes without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ storageState: ADMIN_STATE, javaScriptEnabled: false });
	const teacher = await context.newPage();
	await teacher.goto('/teach');
	await teacher.getByLabel('Class name').fill(uniqueName('Delayed no JS '));
	await teacher.getByRole('button', { name: 'Create class' }).click();
	await teacher.locator('#moduleId').selectOption('tajik-border');
	await teacher.getByRole('button', { name: 'Assign' }).click();
	await expect(teacher.getByText('The lesson is assigned.')).toBeVisible();
	await teacher.getByRole('button', { name: /Open the delayed check now/ }).click();
	await expect(teacher.getByText(/Delayed check open since/)).toBeVisible();
	await teacher.getByRole('button', { name: /Close the delayed check/ }).click();
	await expect(teacher.getByText(/Delayed check not opened yet/)).toBeVisible();
	await context.close();
});
