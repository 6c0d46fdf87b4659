import { randomUUID } from 'node:crypto';
import { expect, request, type APIRequestContext, type APIResponse } from '@playwright/test';
import { ADMIN, ORIGIN, uniqueName } from './helpers';
import { PLAN_TEXT } from './lesson-plan';

// The world of a test set up over plain HTTP, as a browser without JavaScript would post it.

export const MODULE_ID = 'tajik-border';
export const FIRST_PASSWORD = 'first password';
export const OWN_PASSWORD = 'my own password';

export type Form = Record<string, string>;

export type Account = { username: string; password: string };

/** A signed-in account with its cookie jar; `state` lets a test copy the session into a new jar. */
export type Actor = Account & {
	http: APIRequestContext;
	/** Where signing in leads: /learn or /teach. */
	home: string;
	state: Awaited<ReturnType<APIRequestContext['storageState']>>;
};

export async function anonymous(): Promise<APIRequestContext> {
	return request.newContext({ baseURL: ORIGIN });
}

/** A new cookie jar holding the same session, so a request cannot change the actor's own jar. */
export async function copyOf(actor: Actor | null): Promise<APIRequestContext> {
	return request.newContext({ baseURL: ORIGIN, storageState: actor?.state });
}

/** A form post the way a browser sends it without JavaScript: same origin, HTML wanted. */
export function postForm(http: APIRequestContext, path: string, form: Form): Promise<APIResponse> {
	return http.post(path, {
		form,
		headers: { origin: ORIGIN, accept: 'text/html' },
		maxRedirects: 0
	});
}

export function get(http: APIRequestContext, path: string): Promise<APIResponse> {
	return http.get(path, { headers: { accept: 'text/html' }, maxRedirects: 0 });
}

export async function expectRedirect(response: APIResponse, location: string | RegExp) {
	expect(response.status(), await response.text()).toBe(303);
	expect(response.headers()['location']).toMatch(
		typeof location === 'string' ? new RegExp(`^${escapeRegExp(location)}$`) : location
	);
}

function escapeRegExp(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function asActor(account: Account, http: APIRequestContext, home: string): Promise<Actor> {
	return { ...account, http, home, state: await http.storageState() };
}

/** Whether the password signs the account in: the visible test of a password or a deletion. */
export async function canSignIn(account: Account): Promise<boolean> {
	const http = await anonymous();
	const response = await postForm(http, '/login', account);
	await http.dispose();
	if (response.status() === 303) return true;
	expect(response.status()).toBe(400);
	return false;
}

export async function signInOverHttp(account: Account, home: string): Promise<Actor> {
	const http = await anonymous();
	await expectRedirect(await postForm(http, '/login', account), home);
	return asActor(account, http, home);
}

export async function signInAsAdmin(): Promise<Actor> {
	return signInOverHttp({ username: ADMIN.username, password: ADMIN.password }, '/teach');
}

/** A teacher account made by the administrator, signed in, its first password already replaced. */
export async function newTeacher(admin: Actor, displayName: string): Promise<Actor> {
	const username = uniqueName('t');
	const created = await postForm(admin.http, '/admin/teachers?/createTeacher', {
		displayName,
		username,
		password: FIRST_PASSWORD
	});
	expect(created.status()).toBe(200);
	const first = await signInOverHttp({ username, password: FIRST_PASSWORD }, '/teach');
	const changed = await postForm(first.http, '/account?/changePassword', {
		currentPassword: FIRST_PASSWORD,
		password: OWN_PASSWORD,
		confirmPassword: OWN_PASSWORD
	});
	// A forced change goes on to the teacher's pages.
	await expectRedirect(changed, '/teach');
	return asActor({ username, password: OWN_PASSWORD }, first.http, '/teach');
}

export type Klass = { id: string; name: string; joinCode: string };

export async function newClass(teacher: Actor, prefix: string): Promise<Klass> {
	const name = uniqueName(prefix);
	const response = await postForm(teacher.http, '/teach?/createClass', { name });
	await expectRedirect(response, /^\/teach\/classes\/[0-9a-f-]{36}\?created$/);
	const location = response.headers()['location']!;
	const id = location.match(/classes\/([0-9a-f-]{36})/)![1]!;
	const html = await (await get(teacher.http, location)).text();
	const joinCode = html.match(/with the class code ([A-Z0-9]{6})/)![1]!;
	return { id, name, joinCode };
}

/** Assigns the lesson to a class and returns the assignment's id. */
export async function assignLesson(teacher: Actor, classId: string, opensAt = ''): Promise<string> {
	const response = await postForm(teacher.http, `/teach/classes/${classId}?/assign`, {
		moduleId: MODULE_ID,
		opensAt,
		dueAt: ''
	});
	expect(response.status()).toBe(200);
	return (await response.text()).match(/href="\/teach\/assignments\/([0-9a-f-]{36})"/)![1]!;
}

/** A student who signed up with a class code, signed in. */
export async function newStudent(joinCode: string, displayName: string): Promise<Actor> {
	const http = await anonymous();
	const username = uniqueName('s');
	const password = 'student password';
	const response = await postForm(http, '/signup', {
		joinCode,
		displayName,
		username,
		password,
		confirmPassword: password
	});
	await expectRedirect(response, '/learn');
	return asActor({ username, password }, http, '/learn');
}

/** A student's id, read from their teacher's roster. */
export async function studentIdOf(teacher: Pick<Actor, 'http'>, classId: string, username: string) {
	const html = await (await get(teacher.http, `/teach/classes/${classId}`)).text();
	const row = html.split('<tr>').find((r) => r.includes(`<code>${username}</code>`));
	return row!.match(/name="studentId" value="([0-9a-f-]{36})"/)![1]!;
}

/** Posts an answer the way the lesson page does and returns the new attempt's id. */
export async function answerQuestion(student: Actor, step: string, form: Form): Promise<string> {
	const path = `/learn/${MODULE_ID}/${step}`;
	expect((await get(student.http, path)).status()).toBe(200);
	const submissionId = randomUUID();
	const response = await postForm(student.http, `${path}?/answer`, { ...form, submissionId });
	await expectRedirect(response, `${path}#q-${form.questionId}`);
	return submissionId;
}

export const WRITTEN_ANSWER: Form = { questionId: 'lateral-plan', text: PLAN_TEXT };
export const WRITTEN_STEP = 'what-do-other-sources-say';
/** Level 2 on every criterion of lateral-plan's rubric. */
export const FULL_REVIEW: Form = {
	'level-searches': '2',
	'level-independence': '2',
	'level-change-mind': '2',
	comment: 'Clear plan.'
};

/** The ids of the modules on a teacher's Lessons page. */
async function lessonIds(teacher: Actor): Promise<Set<string>> {
	const html = await (await get(teacher.http, '/teach/modules')).text();
	return new Set([...html.matchAll(/id="module-([a-z0-9-]+)"/g)].map((m) => m[1]!));
}

/** A published version of a module as its exported file. */
export async function moduleFileOf(teacher: Actor, moduleId = MODULE_ID): Promise<string> {
	const response = await get(teacher.http, `/teach/modules/${moduleId}/export`);
	expect(response.status()).toBe(200);
	return response.text();
}

/**
 * A new module of the teacher's, made on the Lessons page by importing a file or duplicating a
 * module (a draft, not published): its id.
 */
export async function newLesson(
	teacher: Actor,
	action: 'import' | 'duplicate',
	form: Form
): Promise<string> {
	const before = await lessonIds(teacher);
	const response = await postForm(teacher.http, `/teach/modules?/${action}`, form);
	expect(response.status(), await response.text()).toBe(200);
	const added = [...(await lessonIds(teacher))].filter((id) => !before.has(id));
	expect(added).toHaveLength(1);
	return added[0]!;
}

/** Publishes the draft of a teacher's module. */
export async function publishLesson(teacher: Actor, moduleId: string) {
	const response = await postForm(teacher.http, '/teach/modules?/publish', { moduleId });
	expect(response.status(), await response.text()).toBe(200);
}

/** The draft's time on a page of its editor, as the page's forms post it back. */
export async function draftTimeOf(
	http: APIRequestContext,
	moduleId: string,
	page = ''
): Promise<string> {
	const response = await get(http, `/teach/modules/${moduleId}/edit${page}`);
	expect(response.status()).toBe(200);
	return (await response.text()).match(/name="draftUpdatedAt" value="(\d+)"/)![1]!;
}

/** Adds a question to a step of a draft, as its edit page does: the new question's id. */
export async function addQuestionTo(
	teacher: Actor,
	moduleId: string,
	type = 'single',
	step = 'who-is-behind-it'
): Promise<string> {
	const response = await postForm(teacher.http, `/teach/modules/${moduleId}/edit?/addQuestion`, {
		draftUpdatedAt: await draftTimeOf(teacher.http, moduleId),
		step,
		type
	});
	expect(response.status(), await response.text()).toBe(303);
	return response.headers()['location']!.split('/').pop()!;
}
