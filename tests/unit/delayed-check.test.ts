import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	NoDelayedCheckError,
	assignModule,
	findStudentModule,
	removeAssignment,
	setDelayedCheck,
	stepOfPath
} from '$lib/server/assignments';
import { DelayedCheckClosedError, listStudentProgress, submitAttempt } from '$lib/server/attempts';
import { NotFoundError, addStudentToClass } from '$lib/server/classes';
import { delayedCheckOf, lessonQuestionIds } from '$lib/server/delayed-check';
import { shippedModule } from '$lib/server/modules';
import type { LessonModule } from '$lib/server/module-document';
import type { Db } from '$lib/server/db';
import { grade } from '$lib/question-types/registry.server';
import { createTestDb, engines, rowsOf, type TestDb } from '../fixtures/db';
import { makeClass, makeUser } from '../fixtures/people';
import { module as v1, rightAnswer } from '../fixtures/answers';
import {
	DELAYED_QUESTIONS,
	DELAYED_STEP,
	publishWithDelayedCheck
} from '../fixtures/delayed-check';

const DAY = 86_400_000;

/** The tables a refused change must leave as they were. */
const snapshot = async (db: Db) =>
	JSON.stringify(await rowsOf(db, ['assignments', 'attempts', 'progress', 'drafts']));

describe.each(engines)('the delayed check on %s', (engine) => {
	let t: TestDb;
	let withCheck: LessonModule;
	beforeAll(async () => {
		t = await createTestDb(engine);
		withCheck = await publishWithDelayedCheck(t.db);
	});
	afterAll(() => t.destroy());

	/** A class given the module with a delayed check, and a student in it. */
	async function classWithCheck() {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		const assignmentId = await assignModule(t.db, teacher.id, klass.id, {
			moduleId: withCheck.id,
			moduleVersion: withCheck.version,
			opensAt: null,
			dueAt: null
		});
		const student = await makeUser(t.db, 'student');
		await addStudentToClass(t.db, klass.id, student.id);
		return { teacher, klass, assignmentId, student };
	}

	/** Answers a question rightly as the lesson page does, refusing a step not in the path. */
	async function answerAsPage(studentId: string, questionId: string, now = Date.now()) {
		const found = (await findStudentModule(t.db, studentId, withCheck.id, now))!;
		const question = withCheck.questions.get(questionId)!;
		const step = stepOfPath(found, question.stepSlug);
		if (step === undefined || step === 'closed') return step ?? 'missing';
		const given = rightAnswer(question);
		const grading = grade(question, given);
		await submitAttempt(
			t.db,
			{
				...found.work,
				submissionId: randomUUID(),
				questionId,
				stepSlug: step.slug,
				answer: given,
				confidence: 'medium',
				score: grading.score,
				correct: grading.correct,
				elapsedMs: 1000,
				once: question.once,
				delayedCheck: step.check === 'delayed',
				moduleQuestionIds: lessonQuestionIds(found.module)
			},
			now
		);
		return 'answered';
	}

	it('appends the delayed check as the last step of the fixture version', () => {
		expect(withCheck.steps.at(-1)).toMatchObject({ slug: DELAYED_STEP, check: 'delayed' });
		expect(lessonQuestionIds(withCheck)).toEqual([...v1.questions.keys()]);
	});

	it('gates the shipped version 2’s delayed check alike', async () => {
		const v2 = shippedModule('tajik-border', 2)!;
		const delayed = delayedCheckOf(v2)!;
		expect(v2.steps.at(-1)).toBe(delayed);
		expect(lessonQuestionIds(v2)).toEqual(
			[...v2.questions.keys()].filter((id) => !delayed.questionIds.includes(id))
		);
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		const assignmentId = await assignModule(t.db, teacher.id, klass.id, {
			moduleId: v2.id,
			moduleVersion: 2,
			opensAt: null,
			dueAt: null
		});
		const student = await makeUser(t.db, 'student');
		await addStudentToClass(t.db, klass.id, student.id);
		const found = async () => (await findStudentModule(t.db, student.id, v2.id))!;
		expect(stepOfPath(await found(), delayed.slug)).toBe('closed');
		expect((await found()).module.questions.size).toBe(lessonQuestionIds(v2).length);
		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, Date.now() - 1);
		expect(stepOfPath(await found(), delayed.slug)).toBe(delayed);
	});

	it('is opened, moved and closed by the class’s teacher only', async () => {
		const { teacher, klass, assignmentId } = await classWithCheck();
		const other = await makeUser(t.db, 'teacher');
		const otherClass = await makeClass(t.db, other.id);
		const openedAt = async () =>
			(
				await t.db
					.selectFrom('assignments')
					.select('delayed_check_opens_at')
					.where('id', '=', assignmentId)
					.executeTakeFirstOrThrow()
			).delayed_check_opens_at;

		const before = await snapshot(t.db);
		for (const refused of [
			() => setDelayedCheck(t.db, other.id, klass.id, assignmentId, 5_000),
			() => setDelayedCheck(t.db, other.id, otherClass.id, assignmentId, 5_000),
			// The teacher's own assignment at another class's address.
			() => setDelayedCheck(t.db, teacher.id, otherClass.id, assignmentId, 5_000),
			() => setDelayedCheck(t.db, teacher.id, klass.id, randomUUID(), 5_000)
		]) {
			await expect(refused()).rejects.toBeInstanceOf(NotFoundError);
		}
		expect(await snapshot(t.db)).toBe(before);

		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, 5_000);
		expect(await openedAt()).toBe(5_000);
		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, 9 * DAY);
		expect(await openedAt()).toBe(9 * DAY);

		const opened = await snapshot(t.db);
		await expect(
			setDelayedCheck(t.db, other.id, klass.id, assignmentId, null)
		).rejects.toBeInstanceOf(NotFoundError);
		expect(await snapshot(t.db)).toBe(opened);

		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, null);
		expect(await openedAt()).toBeNull();
	});

	it('cannot be opened for a lesson version without one, and comes back closed when the lesson is assigned again', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		const assign = (version: number) =>
			assignModule(t.db, teacher.id, klass.id, {
				moduleId: v1.id,
				moduleVersion: version,
				opensAt: null,
				dueAt: null
			});
		const plain = await assign(1);
		const before = await snapshot(t.db);
		await expect(setDelayedCheck(t.db, teacher.id, klass.id, plain, 1)).rejects.toBeInstanceOf(
			NoDelayedCheckError
		);
		expect(await snapshot(t.db)).toBe(before);

		await removeAssignment(t.db, teacher.id, klass.id, plain);
		const again = await assign(withCheck.version);
		expect(again).toBe(plain);
		await setDelayedCheck(t.db, teacher.id, klass.id, again, 1);
		await removeAssignment(t.db, teacher.id, klass.id, again);
		await assign(withCheck.version);
		const revived = await t.db
			.selectFrom('assignments')
			.select('delayed_check_opens_at')
			.where('id', '=', again)
			.executeTakeFirstOrThrow();
		expect(revived.delayed_check_opens_at).toBeNull();
	});

	it("is no step of the student's path until it opens, and is one from then on", async () => {
		const { teacher, klass, assignmentId, student } = await classWithCheck();
		const now = Date.now();
		const path = async (at = now) => (await findStudentModule(t.db, student.id, withCheck.id, at))!;

		const closed = await path();
		expect(closed.module.steps.map((s) => s.slug)).not.toContain(DELAYED_STEP);
		expect(closed.module.steps.map((s) => s.slug)).toEqual(v1.steps.map((s) => s.slug));
		expect(closed.module.questions.size).toBe(v1.questions.size);
		expect(stepOfPath(closed, DELAYED_STEP)).toBe('closed');
		expect(stepOfPath(closed, 'post-check')).toMatchObject({ slug: 'post-check' });
		expect(stepOfPath(closed, 'no-such-step')).toBeUndefined();
		expect(closed.delayedCheck).toMatchObject({ open: false, step: { slug: DELAYED_STEP } });

		// Opening from a date: closed before it, open from it on.
		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, now + 7 * DAY);
		expect(stepOfPath(await path(), DELAYED_STEP)).toBe('closed');
		const later = await path(now + 7 * DAY);
		expect(stepOfPath(later, DELAYED_STEP)).toMatchObject({ slug: DELAYED_STEP, number: 8 });
		expect(later.module.questions.size).toBe(withCheck.questions.size);

		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, now - 1);
		const open = await path();
		expect(open.module.steps.at(-1)!.slug).toBe(DELAYED_STEP);
		expect(open.delayedCheck).toMatchObject({ open: true });

		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, null);
		expect(stepOfPath(await path(), DELAYED_STEP)).toBe('closed');
	});

	it('refuses an answer to it before it opens, where the answer is stored, and takes it after', async () => {
		const { teacher, klass, assignmentId, student } = await classWithCheck();
		const [questionId] = DELAYED_QUESTIONS;
		const question = withCheck.questions.get(questionId)!;
		const found = (await findStudentModule(t.db, student.id, withCheck.id))!;
		const given = rightAnswer(question);
		const attempt = (submissionId = randomUUID(), now = Date.now()) =>
			submitAttempt(
				t.db,
				{
					...found.work,
					submissionId,
					questionId,
					stepSlug: DELAYED_STEP,
					answer: given,
					confidence: 'high',
					score: 1,
					correct: true,
					elapsedMs: 900,
					once: true,
					delayedCheck: true,
					moduleQuestionIds: lessonQuestionIds(withCheck)
				},
				now
			);

		// The page refuses the step, and the store refuses the answer if it is sent all the same.
		expect(await answerAsPage(student.id, questionId)).toBe('closed');
		const before = await snapshot(t.db);
		await expect(attempt()).rejects.toBeInstanceOf(DelayedCheckClosedError);
		expect(await snapshot(t.db)).toBe(before);

		const now = Date.now();
		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, now + DAY);
		await expect(attempt(randomUUID(), now)).rejects.toBeInstanceOf(DelayedCheckClosedError);
		expect(await snapshot(t.db)).not.toContain(questionId);

		// Open: taken once, as a check's question is.
		const sent = randomUUID();
		expect(await attempt(sent, now + DAY)).toEqual({ attemptNo: 1, repeated: false });
		// A resend of the same answer after the check closed is still the answer it was.
		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, null);
		expect(await attempt(sent)).toEqual({ attemptNo: 1, repeated: true });
	});

	it('leaves progress and "done" to the lesson: done after the post-check, counted without the check', async () => {
		const { teacher, klass, assignmentId, student } = await classWithCheck();
		for (const questionId of lessonQuestionIds(withCheck)) {
			expect(await answerAsPage(student.id, questionId)).toBe('answered');
		}
		const done = (await findStudentModule(t.db, student.id, withCheck.id))!;
		expect(done.work.progress?.completedAt).not.toBeNull();
		expect(done.work.progress?.currentStep).toBe('post-check');
		const progress = (await listStudentProgress(t.db, student.id)).get(assignmentId)!;
		expect(progress.completed).toBe(true);
		expect([...done.module.questions.keys()].every((id) => progress.answered.has(id))).toBe(true);

		// Once open, the check is in the path, unanswered, and the lesson stays done.
		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, Date.now() - 1);
		for (const questionId of DELAYED_QUESTIONS) {
			expect(await answerAsPage(student.id, questionId)).toBe('answered');
		}
		const after = (await listStudentProgress(t.db, student.id)).get(assignmentId)!;
		expect(after.completed).toBe(true);
		expect(DELAYED_QUESTIONS.every((id) => after.answered.has(id))).toBe(true);
	});

	it('does not hold back "done" from a student who answers the delayed check first', async () => {
		const { teacher, klass, assignmentId, student } = await classWithCheck();
		await setDelayedCheck(t.db, teacher.id, klass.id, assignmentId, Date.now() - 1);
		for (const questionId of DELAYED_QUESTIONS) {
			expect(await answerAsPage(student.id, questionId)).toBe('answered');
		}
		const ids = lessonQuestionIds(withCheck);
		for (const questionId of ids.slice(0, -1)) await answerAsPage(student.id, questionId);
		expect((await listStudentProgress(t.db, student.id)).get(assignmentId)!.completed).toBe(false);
		await answerAsPage(student.id, ids.at(-1)!);
		expect((await listStudentProgress(t.db, student.id)).get(assignmentId)!.completed).toBe(true);
	});
});
