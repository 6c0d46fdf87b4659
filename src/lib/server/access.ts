import type { Role } from './db';
import type { SessionUser } from './auth';

export type Audience = 'public' | 'signed-in' | 'student' | 'teacher' | 'admin';

const GROUP_AUDIENCE: Record<string, Audience> = {
	'(public)': 'public',
	'(account)': 'signed-in',
	'(student)': 'student',
	'(teacher)': 'teacher',
	'(admin)': 'admin'
};

const AUDIENCE_ROLES: Record<'student' | 'teacher' | 'admin', Role[]> = {
	student: ['student'],
	teacher: ['teacher', 'admin'],
	admin: ['admin']
};

/**
 * Who may enter a route, from the first route group in its id. A route outside every group is
 * public only if listed here, so a new route put in the wrong place is closed, not open.
 */
export function audienceOf(routeId: string): Audience | null {
	const group = routeId.split('/')[1] ?? '';
	if (group in GROUP_AUDIENCE) return GROUP_AUDIENCE[group]!;
	if (routeId === '/') return 'public';
	return null;
}

export function mayEnter(audience: Audience, user: SessionUser | null): boolean {
	if (audience === 'public') return true;
	if (!user) return false;
	if (audience === 'signed-in') return true;
	return AUDIENCE_ROLES[audience].includes(user.role);
}

export function homeOf(user: SessionUser): string {
	return user.role === 'student' ? '/learn' : '/teach';
}
