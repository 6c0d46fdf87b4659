import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	AlreadySetUpError,
	UsernameTakenError,
	createUser,
	getSchoolName,
	hasAnyUser,
	setUpSchool
} from '$lib/server/users';
import { usernameSchema } from '$lib/server/validation';
import { listStudentClasses } from '$lib/server/classes';
import { createTestDb, engines, type TestDb } from '../fixtures/db';
import { authenticate, makeClass, makeUser, PASSWORD } from '../fixtures/people';

describe.each(engines)('accounts on %s', (engine) => {
	let t: TestDb;
	beforeAll(async () => {
		t = await createTestDb(engine);
	});
	afterAll(() => t.destroy());

	it('sets up the school once, even when two requests race', async () => {
		expect(await hasAnyUser(t.db)).toBe(false);
		const school = {
			schoolName: 'Hill School',
			displayName: 'Ada',
			username: 'ada',
			password: PASSWORD
		};
		const results = await Promise.allSettled([
			setUpSchool(t.db, school),
			setUpSchool(t.db, { ...school, username: 'bea' })
		]);
		const created = results.filter((r) => r.status === 'fulfilled');
		expect(created).toHaveLength(1);
		expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(AlreadySetUpError);
		expect(await getSchoolName(t.db)).toBe('Hill School');
		await expect(setUpSchool(t.db, { ...school, username: 'cy' })).rejects.toBeInstanceOf(
			AlreadySetUpError
		);
		const admins = await t.db.selectFrom('users').select('role').execute();
		expect(admins).toEqual([{ role: 'admin' }]);
	});

	it('treats usernames that differ only in case as the same account', async () => {
		const first = usernameSchema.parse('Mila.K');
		await createUser(t.db, {
			username: first,
			displayName: 'Mila',
			role: 'student',
			password: PASSWORD
		});
		const second = usernameSchema.parse('MILA.k');
		await expect(
			createUser(t.db, {
				username: second,
				displayName: 'Other',
				role: 'student',
				password: PASSWORD
			})
		).rejects.toBeInstanceOf(UsernameTakenError);
		expect((await authenticate(t.db, usernameSchema.parse('mila.K'), PASSWORD))?.display_name).toBe(
			'Mila'
		);
	});

	it('stores an argon2id hash, never the password', async () => {
		const user = await makeUser(t.db, 'teacher');
		expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(user.password_hash).not.toContain(PASSWORD);
	});

	it('refuses a wrong password and an unknown username alike', async () => {
		const user = await makeUser(t.db, 'student');
		expect(await authenticate(t.db, user.username, 'wrong password')).toBeNull();
		expect(await authenticate(t.db, 'nobody-here', PASSWORD)).toBeNull();
	});

	it('a student signing up with a class joins it, in one step', async () => {
		const teacher = await makeUser(t.db, 'teacher');
		const klass = await makeClass(t.db, teacher.id);
		const student = await createUser(t.db, {
			username: 'joiner',
			displayName: 'Joiner',
			role: 'student',
			password: PASSWORD,
			joinClassId: klass.id
		});
		expect((await listStudentClasses(t.db, student.id)).map((c) => c.id)).toEqual([klass.id]);
	});

	it('creates no account when the class it joins is gone', async () => {
		await expect(
			createUser(t.db, {
				username: 'orphan',
				displayName: 'Orphan',
				role: 'student',
				password: PASSWORD,
				joinClassId: 'no-such-class'
			})
		).rejects.toThrow();
		const row = await t.db
			.selectFrom('users')
			.select('id')
			.where('username', '=', 'orphan')
			.executeTakeFirst();
		expect(row).toBeUndefined();
	});
});

describe('username and password rules', () => {
	it('normalises case and width, and refuses odd characters and lengths', () => {
		expect(usernameSchema.parse('  Ｍila_K ')).toBe('mila_k');
		for (const bad of ['ab', 'a'.repeat(65), 'has space', '.dot', 'x<script>', 'émile']) {
			expect(usernameSchema.safeParse(bad).success, bad).toBe(false);
		}
	});
});
