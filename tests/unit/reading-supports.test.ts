import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudentToClass } from '$lib/server/classes';
import { assignModule } from '$lib/server/assignments';
import { loadAssignmentData, studentWork } from '$lib/server/class-results';
import { readingSupportsSchema, saveReadingSupports } from '$lib/server/reading-supports';
import { createSession, validateSessionToken } from '$lib/server/auth';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { makeClass, makeUser } from '../fixtures/people';
import { module } from '../fixtures/answers';

describe.each(engines)('reading supports, on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('keeps a student’s supports on the account, and shows their teacher which they use', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		const assignmentId = await assignModule(t.db, teacher.id, klass.id, {
			moduleId: module.id,
			moduleVersion: 1,
			opensAt: null,
			dueAt: null
		});
		const [plain, supported] = [await makeUser(t.db, 'student'), await makeUser(t.db, 'student')];
		for (const s of [plain, supported]) await addStudentToClass(t.db, klass.id, s.id);

		const form = readingSupportsSchema.parse({
			textSize: 'larger',
			lineSpacing: 'wide',
			readAloud: 'on'
		});
		await saveReadingSupports(t.db, supported.id, form);

		const { token } = await createSession(t.db, supported.id);
		const { user } = await validateSessionToken(t.db, token);
		expect(user?.reading).toEqual({ textSize: 'larger', lineSpacing: 'wide', readAloud: true });

		const data = await loadAssignmentData(t.db, teacher.id, assignmentId);
		expect(studentWork(data, supported.id)!.readingSupports).toEqual([
			'larger text',
			'wide line spacing',
			'read-aloud'
		]);
		expect(studentWork(data, plain.id)!.readingSupports).toEqual([]);
	});

	it('refuses a setting that is not on the lists', () => {
		for (const bad of [
			{ textSize: 'huge', lineSpacing: 'wide', readAloud: 'on' },
			{ textSize: 'large', lineSpacing: 'double', readAloud: 'on' },
			{ textSize: 'large', lineSpacing: 'wide', readAloud: 'yes' },
			{ textSize: 'large', lineSpacing: 'wide' }
		]) {
			expect(readingSupportsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
		}
	});
});
