import { STANDARD_READING } from '$lib/reading';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audienceOf, mayEnter, type Audience } from '$lib/server/access';
import type { SessionUser } from '$lib/server/auth';

const user = (role: SessionUser['role']): SessionUser => ({
	id: role,
	username: role,
	displayName: role,
	role,
	mustChangePassword: false,
	reading: STANDARD_READING
});

describe('route access', () => {
	it('puts every top-level route folder in a group the hook knows', () => {
		const entries = readdirSync('src/routes', { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map((entry) => `/${entry.name}`);
		for (const folder of entries) {
			expect(audienceOf(`${folder}/x`), folder).not.toBeNull();
		}
	});

	it('closes a route outside every group', () => {
		expect(audienceOf('/stray/page')).toBeNull();
	});

	const expectations: [Audience, (SessionUser['role'] | 'anonymous')[]][] = [
		['public', ['anonymous', 'student', 'teacher', 'admin']],
		['signed-in', ['student', 'teacher', 'admin']],
		['student', ['student']],
		['teacher', ['teacher', 'admin']],
		['admin', ['admin']]
	];
	it.each(expectations)('%s routes admit exactly %o', (audience, admitted) => {
		for (const who of ['anonymous', 'student', 'teacher', 'admin'] as const) {
			const visitor = who === 'anonymous' ? null : user(who);
			expect(mayEnter(audience, visitor), `${who} on ${audience}`).toBe(admitted.includes(who));
		}
	});
});
