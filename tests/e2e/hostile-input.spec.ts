import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import fc from 'fast-check';
import { ORIGIN, uniqueName } from './helpers';
import {
	WRITTEN_ANSWER,
	WRITTEN_STEP,
	addQuestionTo,
	answerQuestion,
	assignLesson,
	copyOf,
	draftTimeOf,
	moduleFileOf,
	newClass,
	newLesson,
	newStudent,
	newTeacher,
	publishLesson,
	signInAsAdmin,
	signInOverHttp,
	studentIdOf,
	type Actor
} from './http-world';
import { routeInventory } from './route-inventory';
import { FUZZED, STEP, type ActorName } from './hostile-cases';
import { caseOf, encodeBody, validCase, type Case, type Part } from './hostile-arbitraries';
import { digestServerDb } from './server-db';

// Every form action, posted random and hostile input by the people who can reach it and by
// some who cannot. Whatever arrives, the answer is a success or a 4xx, never a 5xx; a
// redirect stays on this site; and a 4xx leaves the database exactly as it was.

type World = {
	actors: Record<Exclude<ActorName, 'new session'>, Actor | null>;
	newSession: () => Promise<APIRequestContext>;
	ids: Record<string, string>;
};

function fill(template: string, ids: Record<string, string>): string {
	return template.replace(/\[(\w+)\]/g, (whole, name: string) => {
		if (name === 'unique') return uniqueName('f');
		if (name === 'uuid') return randomUUID();
		return ids[name] ?? whole;
	});
}

/**
 * The status the user's browser acts on (an enhanced form reads it from the JSON body) and, where
 * it can be read, the message a refusal shows.
 */
async function outcome(response: APIResponse, accept: Case['accept']) {
	const text = await response.text();
	const location = response.headers()['location'];
	if (accept === 'json' && response.headers()['content-type']?.startsWith('application/json')) {
		const result = JSON.parse(text) as {
			type?: string;
			status?: number;
			location?: string;
			data?: string;
			error?: { message?: string };
			message?: string;
		};
		if (result.type === 'redirect') return { status: result.status!, location: result.location };
		if (result.type === 'success') return { status: result.status! };
		if (result.type === 'failure') {
			// devalue's format: [{ message: <index of its value>, … }, …values]
			const values = JSON.parse(result.data!) as [Record<string, number>, ...unknown[]];
			const index = values[0]?.message;
			return { status: result.status!, message: index === undefined ? '' : String(values[index]) };
		}
		return { status: response.status(), message: result.error?.message ?? result.message ?? '' };
	}
	// A page answering a plain form post shows its message somewhere in the page: not checked here.
	return { status: response.status(), location, message: accept === 'json' ? text : undefined };
}

let world: World;

test.beforeAll(async () => {
	const admin = await signInAsAdmin();
	const teacherA = await newTeacher(admin, 'Fuzz Teacher A');
	const teacherB = await newTeacher(admin, 'Fuzz Teacher B');
	const classA = await newClass(teacherA, 'Fuzz A ');
	const classSpare = await newClass(teacherA, 'Fuzz spare ');
	const classFresh = await newClass(teacherA, 'Fuzz fresh ');
	const classB = await newClass(teacherB, 'Fuzz B ');
	const assignmentA = await assignLesson(teacherA, classA.id);
	const assignmentSpare = await assignLesson(teacherA, classSpare.id);
	const assignmentB = await assignLesson(teacherB, classB.id);
	const studentA = await newStudent(classA.joinCode, 'Fuzz Student A');
	const studentB = await newStudent(classB.joinCode, 'Fuzz Student B');
	const changer = await newStudent(classB.joinCode, 'Password Changer');
	const leaver = await newStudent(classB.joinCode, 'Leaver');
	const fodder = [1, 2, 3].map((n) => newStudent(classA.joinCode, `Fodder ${n}`));
	const ids: Record<string, string> = {
		classA: classA.id,
		classB: classB.id,
		classSpare: classSpare.id,
		classFresh: classFresh.id,
		joinCode: classB.joinCode,
		joinCodeLower: `${classB.joinCode.slice(0, 3).toLowerCase()}-${classB.joinCode.slice(3)}`,
		assignmentA,
		assignmentB,
		assignmentSpare,
		unknownUuid: randomUUID(),
		studentA: await studentIdOf(teacherA, classA.id, studentA.username),
		studentB: await studentIdOf(teacherB, classB.id, studentB.username),
		studentAUsername: studentA.username,
		loginUsername: leaver.username,
		loginPassword: leaver.password,
		changerPassword: changer.password,
		bulkNames: 'Fuzz Pupil',
		attemptA: await answerQuestion(studentA, WRITTEN_STEP, WRITTEN_ANSWER),
		choiceAttemptA: await answerQuestion(studentA, STEP, {
			questionId: 'who-credit',
			option: 'organisation',
			confidence: 'high'
		}),
		attemptB: await answerQuestion(studentB, WRITTEN_STEP, WRITTEN_ANSWER)
	};
	// Teacher A's lessons: one published and not shared, one a draft.
	ids.moduleFile = await moduleFileOf(teacherA);
	ids.brokenModuleFile = ids.moduleFile
		.replace(/^estimatedMinutes: .*$/m, 'estimatedMinutes: soon')
		.replace('id: who-credit', 'id: pre-credit');
	ids.ownModule = await newLesson(teacherA, 'import', { text: ids.moduleFile });
	await publishLesson(teacherA, ids.ownModule);
	ids.draftModule = await newLesson(teacherA, 'duplicate', { moduleId: ids.ownModule });
	// For the lesson editor: a scratch draft to edit, a valid one to preview, one to publish.
	ids.editModule = await newLesson(teacherA, 'import', { text: ids.moduleFile });
	ids.validDraft = await newLesson(teacherA, 'import', { text: ids.moduleFile });
	ids.publishModule = await newLesson(teacherA, 'import', { text: ids.moduleFile });
	ids.removable = await addQuestionTo(teacherA, ids.editModule, 'written');
	ids.questionToEdit = await addQuestionTo(teacherA, ids.editModule, 'single');
	ids.draftModuleUpdatedAt = await draftTimeOf(teacherA.http, ids.validDraft);
	for (const [index, student] of (await Promise.all(fodder)).entries()) {
		ids[`fodder${index + 1}`] = await studentIdOf(teacherA, classA.id, student.username);
	}
	world = {
		actors: {
			anonymous: null,
			'student A': studentA,
			'student B': studentB,
			'teacher A': teacherA,
			'teacher B': teacherB,
			admin,
			'password changer': changer
		},
		newSession: async () => (await signInOverHttp(leaver, '/learn')).http,
		ids
	};
});

test('every form action of the app is fuzzed', () => {
	expect(
		FUZZED.map((f) => f.key).sort(),
		'FUZZED (received) against the actions in src/routes'
	).toEqual(routeInventory().filter((key) => key.startsWith('POST ')));
});

for (const fuzzed of FUZZED) {
	test(`${fuzzed.key}: hostile input is refused with a 4xx that changes nothing, never a 5xx`, async () => {
		const run = async (testCase: Case): Promise<number> => {
			const ids: Record<string, string> = {
				...world.ids,
				newPassword: `new password ${randomUUID().slice(0, 8)}`
			};
			// As a freshly loaded editor page would post it: an older time is refused (409) before
			// the edit is even tried.
			if (Object.values(fuzzed.valid).includes('[draftUpdatedAt]')) {
				ids.draftUpdatedAt = await draftTimeOf(world.actors['teacher A']!.http, ids.editModule!);
			}
			const parts: Part[] = [];
			for (const [name, template] of Object.entries(fuzzed.valid)) {
				const leader = fuzzed.linked?.includes(name) ? fuzzed.linked[0]! : name;
				const choice = testCase.fields[leader] ?? { kind: 'valid' };
				const value =
					choice.kind === 'valid'
						? fill(template, ids)
						: 'value' in choice
							? fill(choice.value, ids)
							: '';
				if (choice.kind === 'missing') continue;
				parts.push({ name, value, asFile: choice.kind === 'file' });
				if (choice.kind === 'twice')
					parts.push({ name, value: fill(template, ids), asFile: false });
			}
			for (const [name, value] of testCase.extras) parts.push({ name, value, asFile: false });
			const [routePath, action = ''] = fuzzed.key.slice('POST '.length).split('?');
			const path =
				routePath!.replace(/\[(\w+)\]/g, (_whole, name: string) =>
					fill(testCase.params[name]!, ids)
				) + (action ? `?${action}` : '');
			const { body, contentType } = encodeBody(parts, testCase);
			const http =
				testCase.actor === 'new session'
					? await world.newSession()
					: await copyOf(world.actors[testCase.actor]);
			const before = digestServerDb();
			const response = await http.post(path, {
				data: body,
				headers: {
					...(contentType ? { 'content-type': contentType } : {}),
					...(testCase.origin === 'same'
						? { origin: ORIGIN }
						: testCase.origin === 'foreign'
							? { origin: 'https://example.com' }
							: {}),
					...(testCase.accept === 'json'
						? { accept: 'application/json', 'x-sveltekit-action': 'true' }
						: { accept: 'text/html' })
				},
				maxRedirects: 0
			});
			const result = await outcome(response, testCase.accept);
			await http.dispose();
			const as = `${path} as ${testCase.actor}: ${result.status} ${result.message?.slice(0, 300) ?? ''}`;
			expect(result.status, as).toBeGreaterThanOrEqual(200);
			expect(result.status, as).toBeLessThan(500);
			if (result.status >= 300 && result.status < 400) {
				expect(new URL(result.location!, ORIGIN).origin, `${as} → ${result.location}`).toBe(ORIGIN);
			}
			if (result.status >= 400) {
				if (result.message !== undefined) {
					expect(result.message.trim(), `${as}: a refusal says why`).not.toBe('');
				}
				expect(digestServerDb(), `${as} changed the database`).toEqual(before);
			} else if (testCase.actor === 'password changer') {
				world.ids.changerPassword = ids.newPassword!;
			}
			return result.status;
		};
		// The form as the page sends it goes through, so the random runs reach the action itself.
		const valid = await run(validCase(fuzzed));
		expect(valid < 400, `the valid form answered ${valid}`).toBe(fuzzed.validSucceeds ?? true);
		// Each known-troublesome value, alone in an otherwise valid form, every time.
		for (const [name, values] of Object.entries(fuzzed.alternates ?? {})) {
			for (const [index, value] of values.entries()) {
				const single = validCase(fuzzed);
				single.fields[name] = { kind: 'value', value };
				single.accept = index % 2 ? 'json' : 'html';
				await run(single);
			}
		}
		await fc.assert(
			fc.asyncProperty(caseOf(fuzzed), async (testCase) => {
				await run(testCase);
			}),
			{ numRuns: fuzzed.runs ?? 25 }
		);
	});
}
