import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ADMIN_STATE, expectAccessible, newVisitor, signUpStudent, uniqueName } from './helpers';
import { digestModuleRows } from './server-db';
import {
	S,
	STUDENT_CONCLUSION,
	conclusion,
	evidenceSort,
	framingLoaded,
	lateralFirst,
	namedSource,
	namedSourceV2Option,
	postSource,
	preSource,
	whoDate,
	whoPublisher,
	type Choice
} from './noaa-lesson';

// Issue 12, done when: a lesson built through the editor pages from a real public-domain article
// (a NOAA news release, 2000), with all five question types, previewed, published, assigned,
// completed by a student and seen in the results; a second version changes a key and the first
// student's score does not move.

// A step that cannot be done fails in seconds, not at the end of the long test's timeout.
test.use({ actionTimeout: 15_000 });

const FIXTURE = 'tests/fixtures/articles/noaa-stormready-2000';
const source = JSON.parse(readFileSync(`${FIXTURE}.json`, 'utf8')) as {
	headline: string;
	agency: string;
	publisher: string;
	publishedOn: string;
	url: string;
};
const TITLE = source.headline;
/** The release's paragraphs as the .txt holds them, the headline (its first line) left out. */
const PARAGRAPHS = readFileSync(`${FIXTURE}.txt`, 'utf8')
	.split(/\n\s*\n/)
	.map((p) => p.replace(/\s+/g, ' ').trim())
	.filter(Boolean)
	.slice(1);

type Upload = { file: string } | { text: string } | { png: true };

/** Fills the new-lesson form with the fixture's source and the article; does not submit. */
async function fillNewLesson(page: Page, upload: Upload) {
	await page.goto('/teach/modules/new');
	if ('file' in upload) await page.getByLabel('Upload a file').setInputFiles(upload.file);
	else if ('text' in upload) await page.getByLabel('Or paste its text').fill(upload.text);
	else {
		await page.getByLabel('Upload a file').setInputFiles({
			name: 'article.docx',
			mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			buffer: Buffer.from([
				0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52
			])
		});
	}
	await page.getByLabel('Headline').fill(source.headline);
	// The release names no person; the organisation wrote it.
	await page.getByLabel('Author').fill('National Oceanic and Atmospheric Administration');
	await page.getByLabel('Publisher').fill(source.publisher);
	await page.getByLabel('Date published').fill(source.publishedOn);
	await page.getByLabel('Address (URL)').fill(source.url);
	await page.getByLabel('My school may use this text for teaching').check();
}

/** Starts a lesson from the fixture; returns the new module's id, the page on the text check. */
async function startLesson(page: Page, upload: Upload): Promise<string> {
	await fillNewLesson(page, upload);
	await page.getByRole('button', { name: 'Start the lesson' }).click();
	await expect(page).toHaveURL(/\/teach\/modules\/[^/]+\/edit\/article\?created=1$/);
	return new URL(page.url()).pathname.split('/')[3]!;
}

/** Each paragraph of the text-check page, its sentences joined back together. */
async function shownParagraphs(page: Page): Promise<string[]> {
	return page
		.locator('section.paragraph')
		.evaluateAll((sections) =>
			sections.map((s) =>
				[...s.querySelectorAll('.sentence')].map((p) => p.textContent!.trim()).join(' ')
			)
		);
}

/** Saves the question editor's form and expects the server to find nothing to fix. */
async function saveQuestion(page: Page) {
	await page.getByRole('button', { name: 'Save question' }).click();
	await expect(
		page.getByText(/^Saved\. Nothing to fix in this question\.$|^Saved in the draft, with/)
	).toBeVisible();
	expect(await page.locator('.field-error, .notice.error').allTextContents()).toEqual([]);
	await expect(page.getByText('Saved. Nothing to fix in this question.')).toBeVisible();
}

async function openQuestion(page: Page, moduleId: string, questionId: string) {
	await page.goto(`/teach/modules/${moduleId}/edit/questions/${questionId}`);
	await expect(page.getByRole('heading', { name: 'Edit a question' })).toBeVisible();
}

async function writeChoice(page: Page, choice: Choice) {
	if (choice.prompt) await page.getByLabel('Question', { exact: true }).fill(choice.prompt);
	for (const [i, option] of choice.options.entries()) {
		const n = i + 1;
		await page.getByLabel(`Option ${n}: text`, { exact: true }).fill(option.text);
		await page.getByLabel(`Option ${n} is a right answer`).setChecked(option.correct);
		await page.getByLabel(`Option ${n}: feedback`, { exact: true }).fill(option.feedback);
	}
	await page.getByLabel('Rationale').fill(choice.explanation);
	await saveQuestion(page);
}

type QuotedRows = { quote: string; feedback: string }[];
/** Fills a marking question's list, adding rows as needed (the first may exist already). */
async function writeQuoted(page: Page, row: string, add: string, rows: QuotedRows) {
	for (const [i, entry] of rows.entries()) {
		const quote = page.getByLabel(`${row} ${i + 1}: quote`, { exact: true });
		if ((await quote.count()) === 0) await page.getByRole('button', { name: add }).click();
		await quote.fill(entry.quote);
		await page.getByLabel(`${row} ${i + 1}: feedback`, { exact: true }).fill(entry.feedback);
	}
}

type Answer = {
	id: string;
	options?: string[];
	marks?: string[];
	sort?: [string, string][];
	write?: string;
};

/** Answers one question card by mouse, as a student does, and waits for its feedback. */
async function answer(page: Page, a: Answer) {
	const card = page.locator(`#q-${a.id}`);
	for (const text of a.options ?? []) await card.locator('label.option', { hasText: text }).click();
	for (const sentence of a.marks ?? [])
		await card.locator('label.sentence-toggle', { hasText: sentence }).click();
	for (const [quote, category] of a.sort ?? [])
		await card
			.locator('fieldset.claim', { hasText: quote })
			.locator('label.pill', { hasText: category })
			.click();
	if (a.write) await card.getByLabel('Your answer').fill(a.write);
	const confidence = card.locator(`label[for="q-${a.id}-medium"]`);
	if ((await confidence.count()) > 0) await confidence.click();
	await card.getByRole('button', { name: /Check answer|Submit answer/ }).click();
	await expect(card.locator(`#q-${a.id}-feedback`)).toBeVisible();
}

const right = (choice: Choice) => choice.options.filter((o) => o.correct).map((o) => o.text);

/** The whole lesson, answered by its version 1 key, step by step. */
function perfectRun(namedSourceId: string): { step: string; answers: Answer[] }[] {
	return [
		{ step: 'pre-check', answers: [{ id: preSource.id, options: right(preSource) }] },
		{
			step: 'who-is-behind-it',
			answers: [
				{ id: whoPublisher.id, options: right(whoPublisher) },
				{ id: whoDate.id, options: right(whoDate) }
			]
		},
		{
			step: 'what-is-the-evidence',
			answers: [
				{
					id: evidenceSort.id,
					sort: evidenceSort.claims.map((c) => [c.quote, c.category] as [string, string])
				},
				{ id: namedSourceId, options: right(namedSource) }
			]
		},
		{
			step: 'language-and-framing',
			answers: [{ id: framingLoaded.id, marks: framingLoaded.targets.map((t) => t.quote) }]
		},
		{
			step: 'what-do-other-sources-say',
			answers: [{ id: lateralFirst.id, options: right(lateralFirst) }]
		},
		{ step: 'your-conclusion', answers: [{ id: conclusion.id, write: STUDENT_CONCLUSION }] },
		{ step: 'post-check', answers: [{ id: postSource.id, options: right(postSource) }] }
	];
}

async function completeLesson(page: Page, moduleId: string, namedSourceId: string) {
	await page.goto(`/learn/${moduleId}`);
	await page.getByRole('link', { name: 'Start the lesson' }).click();
	const run = perfectRun(namedSourceId);
	for (const [index, step] of run.entries()) {
		await expect(page).toHaveURL(new RegExp(`/learn/${moduleId}/${step.step}$`));
		for (const a of step.answers) await answer(page, a);
		if (index + 1 < run.length) await page.locator('a[rel="next"]').click();
	}
	await page.getByRole('link', { name: 'See your summary →' }).click();
	await expect(page.getByText('You have answered every question in this lesson.')).toBeVisible();
}

async function scoreOf(page: Page, resultsUrl: string, student: string): Promise<string> {
	await page.goto(resultsUrl);
	const row = page
		.getByRole('table', { name: 'Students' })
		.getByRole('row', { name: new RegExp(student) });
	await expect(row).toBeVisible();
	return (await row.getByRole('cell').nth(1).textContent())!.trim();
}

async function newTeacherPage(browser: Browser) {
	return newVisitor(browser, ADMIN_STATE);
}

test('a teacher turns the NOAA release into a lesson of all five question types, previews, publishes and assigns it; a student completes it; version 2 changes a key and the first score stays', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const teacher = await newTeacherPage(browser);

	// 1. Bring the article, with its source.
	const moduleId = await startLesson(teacher, { file: `${FIXTURE}.txt` });
	await expect(
		teacher.getByText('The lesson is started. Check how Byline split the text')
	).toBeVisible();
	expect(await shownParagraphs(teacher)).toEqual(PARAGRAPHS);

	// 2. Check the text: the splitter parts Kelly's closing quotation in two; the teacher joins it.
	const lastParagraph = teacher.locator('section.paragraph').nth(4);
	await expect(lastParagraph.locator('.sentence')).toHaveText([
		S.promise,
		S.addresses,
		S.partnerships
	]);
	await teacher
		.getByRole('button', { name: 'Join with the next sentence (paragraph 5, sentence 2)' })
		.click();
	await expect(lastParagraph.locator('.sentence')).toHaveText([
		S.promise,
		`${S.addresses} ${S.partnerships}`
	]);
	const level = teacher.locator('section[aria-labelledby="level-heading"]');
	await expect(level).toContainText('256 words in 11 sentences');
	await expect(level).toContainText(/Estimated grade \d+(\.\d)?/);

	// A suggestion, accepted as a sentence to mark in the loaded-words question.
	const great = teacher.locator('.suggestions > li', { hasText: 'Loaded word' }).filter({
		has: teacher.locator('mark', { hasText: /^great$/ })
	});
	await expect(great).toContainText('is a word chosen to make the reader feel something');
	await great.getByLabel('Add it as a sentence to mark in').selectOption(framingLoaded.id);
	await great.getByRole('button', { name: 'Add' }).click();
	await expect(great).toContainText(`Already a sentence to mark in: ${framingLoaded.id}.`);

	// 3. The skeleton: remove what this article gives nothing to key, add a multiple choice instead.
	const edit = `/teach/modules/${moduleId}/edit`;
	await teacher.goto(edit);
	for (const id of ['evidence-unnamed', 'framing-motive', 'lateral-search']) {
		await teacher
			.locator('details', { has: teacher.locator(`#confirm-${id}`) })
			.locator('summary')
			.click();
		await teacher.locator(`#confirm-${id}`).check();
		await teacher
			.locator('form', { has: teacher.locator(`#confirm-${id}`) })
			.getByRole('button', { name: 'Remove question' })
			.click();
		await expect(teacher.locator(`#confirm-${id}`)).toHaveCount(0);
	}
	const evidenceStep = teacher.locator('section.step', {
		has: teacher.getByRole('heading', { name: /What is the evidence\?/ })
	});
	await evidenceStep.getByLabel(/Add a question to/).selectOption('multiple');
	await evidenceStep.getByRole('button', { name: 'Add' }).click();
	await expect(teacher).toHaveURL(/\/edit\/questions\/[^/]+$/);
	const namedSourceId = teacher.url().split('/').pop()!;

	// 4. Write every question through its editor.
	await writeChoice(teacher, namedSource);
	for (const choice of [preSource, whoPublisher, whoDate, lateralFirst, postSource]) {
		await openQuestion(teacher, moduleId, choice.id);
		await writeChoice(teacher, choice);
	}

	await openQuestion(teacher, moduleId, framingLoaded.id);
	await teacher.getByLabel('Question', { exact: true }).fill(framingLoaded.prompt);
	// The accepted suggestion is already the first sentence to mark.
	await expect(teacher.getByLabel('Sentence to mark 1: quote', { exact: true })).toHaveValue(
		S.promise
	);
	await writeQuoted(teacher, 'Sentence to mark', 'Add a sentence to mark', framingLoaded.targets);
	await writeQuoted(
		teacher,
		'Either-way sentence',
		'Add an either-way sentence',
		framingLoaded.optional
	);
	await writeQuoted(teacher, 'Decoy', 'Add a decoy', framingLoaded.decoys);
	await teacher
		.getByLabel('Feedback on any other sentence marked')
		.fill(framingLoaded.otherFeedback);
	await teacher.getByLabel('Rationale').fill(framingLoaded.explanation);
	await saveQuestion(teacher);

	await openQuestion(teacher, moduleId, evidenceSort.id);
	for (const [i, claim] of evidenceSort.claims.entries()) {
		const n = i + 1;
		const quote = teacher.getByLabel(`Claim ${n}: quote`, { exact: true });
		if ((await quote.count()) === 0)
			await teacher.getByRole('button', { name: 'Add a claim' }).click();
		await quote.fill(claim.quote);
		await teacher
			.getByLabel(`Claim ${n}: category`, { exact: true })
			.selectOption({ label: claim.category });
		await teacher.getByLabel(`Claim ${n}: feedback`, { exact: true }).fill(claim.feedback);
	}
	await saveQuestion(teacher);

	await openQuestion(teacher, moduleId, conclusion.id);
	await expect(teacher.getByLabel('Criterion 1: name', { exact: true })).toHaveValue(
		'A clear judgement'
	);
	await teacher.getByLabel('Model answer').fill(conclusion.modelAnswer);
	await saveQuestion(teacher);

	// The details the schema asks for: an age, a content note, how the text was prepared.
	await teacher.goto(edit);
	await teacher.getByLabel('Suggested age or level').fill('Ages 14 to 16');
	await teacher
		.getByLabel('Content note (students read it before they start)')
		.fill('The release reports deaths from tornadoes.');
	await teacher
		.getByLabel('How the text was prepared')
		.fill(
			'The headline and first five paragraphs of NOAA news release 2000-011, from the End of Term 2008 web archive; the rest is left out. The two sentences of Kelly’s last quotation are shown as one.'
		);
	await teacher.getByRole('button', { name: 'Save details' }).click();
	await expect(teacher.getByText('Saved.', { exact: true })).toBeVisible();
	await expect(teacher.getByLabel('Suggested age or level')).toHaveValue('Ages 14 to 16');

	// A word to know.
	await teacher.goto(edit);
	await teacher.locator('#term-0').fill('grassroots');
	await teacher
		.locator('#definition-0')
		.fill('Started by ordinary local people rather than by leaders at the top.');
	await teacher.getByRole('button', { name: 'Save words' }).click();
	await expect(teacher.getByText('Saved.', { exact: true })).toBeVisible();
	await expect(teacher.locator('#term-0')).toHaveValue('grassroots');

	expect(await teacher.locator('.problems li').allTextContents()).toEqual([]);
	await expect(teacher.getByText('Nothing stops this draft from being published.')).toBeVisible();
	// All five question types are in the lesson.
	for (const type of [
		'Single choice',
		'Multiple choice',
		'Mark the sentences',
		'Sort the claims',
		'Written answer'
	]) {
		await expect(
			teacher.locator('.step .question strong', { hasText: type }).first()
		).toBeVisible();
	}

	// 5. Preview the draft: an answer shows its feedback, and nothing is recorded.
	await teacher.getByRole('link', { name: 'Preview the draft as a student' }).click();
	await expect(teacher).toHaveURL(new RegExp(`${edit}/preview/pre-check$`));
	await teacher.goto(`${edit}/preview/who-is-behind-it`);
	const before = digestModuleRows(moduleId);
	await answer(teacher, { id: whoDate.id, options: right(whoDate) });
	await expect(teacher.locator(`#q-${whoDate.id}`)).toContainText(whoDate.options[0]!.feedback);
	expect(digestModuleRows(moduleId), 'a preview writes nothing').toEqual(before);

	// 6. Publish version 1 and assign it to a new class.
	await teacher.goto(edit);
	await teacher.getByRole('button', { name: 'Publish version 1' }).click();
	await expect(teacher).toHaveURL(/\/teach\/modules\?published=/);

	await teacher.goto('/teach');
	await teacher.getByLabel('Class name').fill(uniqueName('Storm class '));
	await teacher.getByRole('button', { name: 'Create class' }).click();
	const created = teacher.getByText(/with the class code [A-Z0-9]{6}/);
	await expect(created).toBeVisible();
	const code = (await created.textContent())!.match(/class code ([A-Z0-9]{6})/)![1]!;
	const classUrl = teacher.url().replace(/\?.*$/, '');
	await teacher.getByLabel('Lesson', { exact: true }).selectOption({ label: TITLE });
	await teacher.getByRole('button', { name: 'Assign' }).click();
	await expect(teacher.getByText('The lesson is assigned.')).toBeVisible();
	await teacher.locator('.assignments').getByRole('link', { name: TITLE }).click();
	await expect(teacher).toHaveURL(/\/teach\/assignments\/[0-9a-f-]{36}$/);
	const resultsUrl = teacher.url();

	// 7. A student joins with the code and completes every step.
	const first = await newVisitor(browser);
	await signUpStudent(first, code, 'Rowan First');
	await completeLesson(first, moduleId, namedSourceId);
	const firstScore = await scoreOf(teacher, resultsUrl, 'Rowan First');
	expect(firstScore).toBe('100%');

	// 8. Version 2 changes one key: a third option of the multiple choice is reworded and right.
	await teacher.goto(edit);
	await teacher.getByRole('button', { name: 'Start version 2' }).click();
	await expect(teacher.getByText('Draft of version 2')).toBeVisible();
	await openQuestion(teacher, moduleId, namedSourceId);
	await teacher.getByLabel('Option 3: text', { exact: true }).fill(namedSourceV2Option.text);
	await teacher.getByLabel('Option 3 is a right answer').check();
	await teacher
		.getByLabel('Option 3: feedback', { exact: true })
		.fill(namedSourceV2Option.feedback);
	await saveQuestion(teacher);
	await teacher.goto(edit);
	await teacher.getByRole('button', { name: 'Publish version 2' }).click();
	await expect(teacher).toHaveURL(/\/teach\/modules\?published=/);

	// Students who have not started get version 2; Rowan, who finished, stays on version 1.
	await teacher.goto(classUrl);
	await teacher.locator('.assignments details.edit-assignment > summary').first().click();
	await teacher.getByLabel('Give students who have not started version 2, the newest').check();
	await teacher.getByRole('button', { name: `Save dates of ${TITLE}` }).click();
	await expect(teacher.locator('.assignments')).toContainText('Version 2.');

	const second = await newVisitor(browser);
	await signUpStudent(second, code, 'Sasha Second');
	// The same answers as Rowan's: right by version 1's key, one option short by version 2's.
	await completeLesson(second, moduleId, namedSourceId);
	await second.goto(`/learn/${moduleId}/what-is-the-evidence`);
	await expect(second.locator(`#q-${namedSourceId}`)).toContainText(namedSourceV2Option.text);

	expect(await scoreOf(teacher, resultsUrl, 'Rowan First')).toBe(firstScore);
	const secondScore = await scoreOf(teacher, resultsUrl, 'Sasha Second');
	expect(parseInt(secondScore)).toBeLessThan(parseInt(firstScore));
	await teacher.context().close();
});

test('an .html and a .docx upload give the same paragraphs as the .txt; a file that is not what its name says is refused and changes nothing', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const teacher = await newTeacherPage(browser);
	for (const kind of ['html', 'docx']) {
		await startLesson(teacher, { file: `${FIXTURE}.${kind}` });
		expect(await shownParagraphs(teacher), kind).toEqual(PARAGRAPHS);
	}

	// The teacher's own lessons: specs running beside this one publish lessons of their own.
	const ownLessons = teacher.locator('section[aria-labelledby="mine-heading"] li.card.module');
	await teacher.goto('/teach/modules');
	const modules = await ownLessons.count();
	await fillNewLesson(teacher, { png: true });
	await teacher.getByRole('button', { name: 'Start the lesson' }).click();
	await expect(teacher.locator('#field-file-error')).toHaveText(
		'This file is a PNG image, though its name (article.docx) says it is a Word document (.docx).'
	);
	await expect(teacher).toHaveURL(/\/teach\/modules\/new$/);
	await teacher.goto('/teach/modules');
	await expect(ownLessons).toHaveCount(modules);
	await teacher.context().close();
});

test('the editor pages are accessible at desktop width and at 360 px, with no sideways scrolling', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const teacher = await newTeacherPage(browser);
	const moduleId = await startLesson(teacher, { text: readFileSync(`${FIXTURE}.txt`, 'utf8') });
	const pages = [
		'/teach/modules/new',
		`/teach/modules/${moduleId}/edit`,
		`/teach/modules/${moduleId}/edit/article`,
		`/teach/modules/${moduleId}/edit/questions/evidence-sort`,
		`/teach/modules/${moduleId}/edit/questions/who-publisher`
	];
	for (const width of [1280, 360]) {
		await teacher.setViewportSize({ width, height: 800 });
		for (const path of pages) {
			await teacher.goto(path);
			await expectAccessible(teacher);
			if (width === 360) {
				const scrollWidth = await teacher.evaluate(() => document.documentElement.scrollWidth);
				expect(scrollWidth, `${path} at 360 px`).toBeLessThanOrEqual(360);
			}
		}
	}
	await teacher.context().close();
});

test('without JavaScript, a teacher adds an option row to a single choice and saves the question', async ({
	browser
}) => {
	const context = await browser.newContext({ storageState: ADMIN_STATE, javaScriptEnabled: false });
	const teacher = await context.newPage();
	const moduleId = await startLesson(teacher, { text: readFileSync(`${FIXTURE}.txt`, 'utf8') });
	await openQuestion(teacher, moduleId, whoPublisher.id);
	await expect(teacher.getByLabel('Option 5: text', { exact: true })).toHaveCount(0);
	await teacher.getByRole('button', { name: 'Add an option' }).click();
	const fifth = teacher.getByLabel('Option 5: text', { exact: true });
	await expect(fifth).toHaveValue('');
	await fifth.fill('A fifth option, added without JavaScript.');
	await teacher.getByLabel('Option 5: feedback', { exact: true }).fill('Its feedback.');
	await teacher.getByRole('button', { name: 'Save question' }).click();
	await expect(teacher.getByText(/^Saved in the draft, with \d+ things? to fix/)).toBeVisible();
	// Saving drops the option rows left blank (the skeleton's b, c and d): the new one is second.
	await openQuestion(teacher, moduleId, whoPublisher.id);
	await expect(teacher.getByLabel('Option 1: text', { exact: true })).toHaveValue(source.publisher);
	await expect(teacher.getByLabel('Option 2: text', { exact: true })).toHaveValue(
		'A fifth option, added without JavaScript.'
	);
	await expect(teacher.getByLabel('Option 2: feedback', { exact: true })).toHaveValue(
		'Its feedback.'
	);
	await expect(teacher.getByLabel('Option 3: text', { exact: true })).toHaveCount(0);
	await context.close();
});
