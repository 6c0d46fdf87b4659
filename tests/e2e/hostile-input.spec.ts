import { randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import fc from 'fast-check';
import { ORIGIN, uniqueName } from './helpers';
import {
	FULL_REVIEW,
	MODULE_ID,
	WRITTEN_ANSWER,
	WRITTEN_STEP,
	answerQuestion,
	assignLesson,
	copyOf,
	newClass,
	newStudent,
	newTeacher,
	signInAsAdmin,
	signInOverHttp,
	studentIdOf,
	type Actor,
	type Form
} from './http-world';
import { routeInventory } from './route-inventory';
import { digestServerDb } from './server-db';

// Every form action, posted random and hostile input by the people who can reach it and by
// some who cannot. Whatever arrives, the answer is a success or a 4xx, never a 5xx; a
// redirect stays on this site; and a 4xx leaves the database exactly as it was.

type ActorName =
	| 'anonymous'
	| 'student A'
	| 'student B'
	| 'teacher A'
	| 'teacher B'
	| 'admin'
	| 'password changer'
	/** Signed in afresh for each run, since the action ends the session. */
	| 'new session';

type Fuzzed = {
	key: string;
	/** The first may use the action: its valid form is tried first and must succeed. */
	actors: ActorName[];
	/** A body that works for the first actor; `[name]` is a world id, `[unique]` a new name. */
	valid: Form;
	/** Known trouble per field: each is tried alone in a valid form, then mixed in at random. */
	alternates?: Record<string, string[]>;
	/** Fields that are valid or not together, such as a username and its password. */
	linked?: string[];
	/** Route parameters where PARAM_DEFAULTS do not fit. */
	params?: Record<string, string>;
	runs?: number;
	/** Whether the valid form succeeds: the set-up form never does once a school is set up. */
	validSucceeds?: boolean;
};

const STEP = 'who-is-behind-it';

// In this order: the roster and assignment actions, which remove students and lessons the
// others use, come last.
const FUZZED: Fuzzed[] = [
	{
		key: 'POST /login',
		actors: ['anonymous', 'student A'],
		valid: { username: '[loginUsername]', password: '[loginPassword]', next: '/learn' },
		alternates: {
			next: [
				'//example.com',
				'/\t/example.com',
				'/\\example.com',
				'/%0d%0aSet-Cookie:%20x=y',
				'/\r\nSet-Cookie: x=y',
				'https://example.com',
				'javascript:alert(1)',
				'/teach?x=1#frag'
			]
		},
		linked: ['username', 'password'],
		// Each refused sign-in counts against the test machine's address (60 before a wait).
		runs: 20
	},
	{
		key: 'POST /setup',
		actors: ['anonymous', 'student A'],
		valid: {
			schoolName: 'Take-over School',
			displayName: 'Mallory',
			username: '[unique]',
			password: 'mallory password',
			confirmPassword: 'mallory password'
		},
		validSucceeds: false
	},
	{
		key: 'POST /signup',
		actors: ['anonymous', 'student A'],
		valid: {
			joinCode: '[joinCode]',
			displayName: 'Fuzz Pupil',
			username: '[unique]',
			password: 'student password',
			confirmPassword: 'student password'
		},
		alternates: {
			joinCode: ['[joinCodeLower]', 'AAAAAA', ' - '],
			username: ['[studentAUsername]', 'ADMIN', 'head.teacher', '.dot', 'ab']
		},
		linked: ['password', 'confirmPassword']
	},
	{
		key: 'POST /account?/changePassword',
		actors: ['password changer', 'anonymous'],
		valid: {
			currentPassword: '[changerPassword]',
			password: '[newPassword]',
			confirmPassword: '[newPassword]'
		},
		alternates: { password: ['[changerPassword]', 'short'] },
		linked: ['password', 'confirmPassword']
	},
	{
		key: 'POST /account?/deleteAccount',
		actors: ['password changer', 'anonymous'],
		// Never the right password: a deletion would take the actor out of the later runs.
		valid: { password: 'not the password', confirm: 'yes' },
		validSucceeds: false
	},
	{ key: 'POST /logout', actors: ['new session', 'anonymous'], valid: {}, runs: 12 },
	{
		key: 'POST /admin/teachers?/createTeacher',
		actors: ['admin', 'teacher A', 'student A'],
		valid: { displayName: 'Fuzz Teacher', username: '[unique]', password: 'first password' },
		alternates: { username: ['head.teacher', '[studentAUsername]'] }
	},
	{
		key: 'POST /learn?/joinClass',
		actors: ['student A', 'teacher A', 'anonymous'],
		valid: { joinCode: '[joinCode]' },
		alternates: { joinCode: ['[joinCodeLower]', 'AAAAAA', ''] }
	},
	{
		key: 'POST /learn/[module]/[step]?/answer',
		actors: ['student A', 'student B', 'teacher A'],
		valid: {
			questionId: 'who-credit',
			option: 'farsi',
			confidence: 'high',
			submissionId: '[uuid]',
			elapsedMs: '1200'
		},
		alternates: {
			questionId: ['who-genre', 'who-purpose', 'lateral-plan', 'pre-credit-line', '__proto__'],
			option: ['parliament', 'advocacy', 'constructor'],
			confidence: ['low', 'certain'],
			submissionId: ['[attemptA]', '[attemptB]', '[choiceAttemptA]'],
			elapsedMs: ['-1', '1e400', '86400000']
		}
	},
	{
		key: 'POST /learn/[module]/[step]?/draft',
		actors: ['student A', 'student B', 'teacher A'],
		valid: { questionId: 'who-purpose', option: 'imaginary' },
		alternates: { questionId: ['who-credit', 'lateral-plan', 'toString'], option: ['farsi'] }
	},
	{
		key: 'POST /teach?/createClass',
		actors: ['teacher A', 'student A'],
		valid: { name: '[unique]', section: 'Autumn' }
	},
	{
		key: 'POST /teach/assignments/[assignmentId]/review?/review',
		actors: ['teacher A', 'teacher B', 'student A'],
		valid: { attemptId: '[attemptA]', ...FULL_REVIEW },
		alternates: {
			attemptId: ['[attemptB]', '[choiceAttemptA]'],
			'level-searches': ['0', '1', '3', '-1', 'NaN', '2.0'],
			'level-independence': ['0', '9']
		}
	},
	{
		key: 'POST /teach/assignments/[assignmentId]/students/[studentId]?/override',
		actors: ['teacher A', 'teacher B', 'student A'],
		valid: { attemptId: '[attemptA]', score: '55', reason: 'Checked by hand' },
		alternates: {
			attemptId: ['[attemptB]', '[choiceAttemptA]'],
			score: ['0', '100', '101', '-1', '1.5', '1e2', ' 7 '],
			reason: ['ab', '   ']
		}
	},
	{ key: 'POST /teach/classes/[classId]?/newCode', actors: ['teacher A', 'teacher B'], valid: {} },
	{
		key: 'POST /teach/classes/[classId]?/disableCode',
		actors: ['teacher A', 'teacher B'],
		valid: {}
	},
	{
		key: 'POST /teach/classes/[classId]?/bulkAdd',
		actors: ['teacher A', 'teacher B', 'student A'],
		valid: { names: '[bulkNames]' },
		alternates: { names: ['\n\n', 'Ana\u0000Bo', '=HYPERLINK("http://x")', 'Ana\nAna'] }
	},
	{
		key: 'POST /teach/classes/[classId]?/resetPassword',
		actors: ['teacher A', 'teacher B'],
		valid: { studentId: '[fodder1]' },
		alternates: { studentId: ['[studentB]', '[fodder2]'] }
	},
	{
		key: 'POST /teach/classes/[classId]?/removeStudent',
		actors: ['teacher A', 'teacher B'],
		valid: { studentId: '[fodder2]' },
		alternates: { studentId: ['[studentB]', '[fodder1]'] }
	},
	{
		key: 'POST /teach/classes/[classId]?/deleteStudent',
		actors: ['teacher A', 'teacher B'],
		valid: { studentId: '[fodder3]', confirm: 'delete' },
		alternates: { studentId: ['[studentB]', '[studentA]'], confirm: ['on', 'DELETE', 'yes'] }
	},
	{
		key: 'POST /teach/classes/[classId]?/assign',
		actors: ['teacher A', 'teacher B'],
		valid: { moduleId: MODULE_ID, opensAt: '', dueAt: '2099-06-30T15:00' },
		alternates: {
			moduleId: ['no-such-lesson', '__proto__', 'TAJIK-BORDER'],
			opensAt: ['2100-01-01T00:00', '0', '1e400', '275760-09-13T00:00:00Z', 'yesterday'],
			dueAt: ['', '2000-01-01', '-271821-04-20T00:00:00Z', '2099-13-45']
		}
	},
	{
		key: 'POST /teach/classes/[classId]?/unassign',
		actors: ['teacher A', 'teacher B'],
		params: { classId: '[classSpare]' },
		valid: { assignmentId: '[assignmentSpare]' },
		alternates: { assignmentId: ['[assignmentB]', '[assignmentA]'] }
	}
];

// Path parameters: mostly the right one, sometimes another's id, a traversal or garbage.
const PARAM_DEFAULTS: Record<string, string> = {
	module: MODULE_ID,
	step: STEP,
	classId: '[classA]',
	assignmentId: '[assignmentA]',
	studentId: '[studentA]'
};
const PARAM_ALTERNATES: Record<string, string[]> = {
	module: ['no-such-lesson', 'TAJIK-BORDER', '..%2Fteach', '__proto__', '%00', '%E0%A4%A'],
	step: [WRITTEN_STEP, 'pre-check', 'summary', 'constructor', '..%2F..%2Fteach', '%2e%2e'],
	classId: [
		'[classB]',
		'[unknownUuid]',
		'..%2F..%2Fadmin%2Fteachers',
		'null',
		"1'%20OR%20'1'%3D'1"
	],
	assignmentId: ['[assignmentB]', '[assignmentSpare]', '[unknownUuid]', '..%2F..', '%00'],
	studentId: ['[studentB]', '[fodder1]', '[unknownUuid]', '..', '%2F']
};

const HOSTILE_CONSTANTS = [
	'',
	' ',
	'\u0000',
	'a\u0000b',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"' OR '1'='1' --",
	'"; DROP TABLE users; --',
	'../../../../etc/passwd',
	'..%2F..%2F',
	'%00',
	'\r\n\r\n',
	'${7*7}{{7*7}}',
	'__proto__',
	'constructor',
	'-1',
	'0',
	'1e309',
	'NaN',
	'Infinity',
	'9007199254740993',
	'true',
	'null',
	'[]',
	'{"a":1}',
	'\u202eevil\u202c',
	'\ufeff',
	'\ud800',
	'ﬁ',
	'İ',
	'😀'.repeat(30)
];

/** Random and hostile text: unicode of every kind, numbers, known trouble. */
const shortHostileText: fc.Arbitrary<string> = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
	{ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
	{ weight: 1, arbitrary: fc.integer().map(String) },
	{ weight: 1, arbitrary: fc.double().map(String) },
	{ weight: 1, arbitrary: fc.uuid().map(String) }
);
/** …and sizes around the 64 KB body limit and the 20,000-character limit of a pasted list. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
	{ weight: 12, arbitrary: shortHostileText },
	{ weight: 1, arbitrary: fc.integer({ min: 19_990, max: 70_000 }).map((n) => 'a'.repeat(n)) }
);

const ENCODINGS = [
	'urlencoded',
	'multipart',
	'text/plain',
	'json',
	'multipart, broken',
	'multipart, no boundary',
	'urlencoded, random bytes',
	'no body'
] as const;
type Encoding = (typeof ENCODINGS)[number];

type FieldChoice =
	| { kind: 'valid' }
	| { kind: 'value'; value: string }
	| { kind: 'missing' }
	| { kind: 'twice'; value: string }
	| { kind: 'file'; value: string };

type Case = {
	actor: ActorName;
	params: Record<string, string>;
	fields: Record<string, FieldChoice>;
	extras: [string, string][];
	encoding: Encoding;
	randomBytes: Uint8Array;
	accept: 'html' | 'json';
	origin: 'same' | 'foreign' | 'none';
};

function fieldChoice(alternates: string[]): fc.Arbitrary<FieldChoice> {
	return fc.oneof(
		{ weight: 3, arbitrary: fc.constant<FieldChoice>({ kind: 'valid' }) },
		...(alternates.length
			? [
					{
						weight: 3,
						arbitrary: fc
							.constantFrom(...alternates)
							.map((value): FieldChoice => ({ kind: 'value', value }))
					}
				]
			: []),
		{ weight: 4, arbitrary: hostileText.map((value): FieldChoice => ({ kind: 'value', value })) },
		{ weight: 1, arbitrary: fc.constant<FieldChoice>({ kind: 'missing' }) },
		{ weight: 1, arbitrary: hostileText.map((value): FieldChoice => ({ kind: 'twice', value })) },
		{ weight: 1, arbitrary: hostileText.map((value): FieldChoice => ({ kind: 'file', value })) }
	);
}

const OTHER_IDS = [
	'[attemptA]',
	'[attemptB]',
	'[studentA]',
	'[studentB]',
	'[classB]',
	'[assignmentB]'
];

function caseOf(fuzzed: Fuzzed): fc.Arbitrary<Case> {
	const fieldNames = Object.keys(fuzzed.valid);
	const linked = fuzzed.linked ?? [];
	// Linked fields share the first one's choice; the others follow it when it is valid.
	const independent = fieldNames.filter((name) => !linked.slice(1).includes(name));
	const choices = (mutate: fc.Arbitrary<string[]>) =>
		mutate.chain((mutated) =>
			fc.record(
				Object.fromEntries(
					independent.map((name) => [
						name,
						mutated.includes(name)
							? fieldChoice([...(fuzzed.alternates?.[name] ?? []), ...OTHER_IDS])
							: fc.constant<FieldChoice>({ kind: 'valid' })
					])
				) as Record<string, fc.Arbitrary<FieldChoice>>
			)
		);
	const routeParams = [...fuzzed.key.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
	return fc.record({
		actor: fc.constantFrom(...fuzzed.actors),
		params: fc.record(
			Object.fromEntries(
				routeParams.map((name) => [
					name,
					fc.oneof(
						{ weight: 6, arbitrary: fc.constant(fuzzed.params?.[name] ?? PARAM_DEFAULTS[name]!) },
						{ weight: 2, arbitrary: fc.constantFrom(...PARAM_ALTERNATES[name]!) },
						{ weight: 1, arbitrary: shortHostileText.map(percentEncode) }
					)
				])
			)
		),
		fields: fc.oneof(
			// Everything wrong at once, or one field wrong, or the form as the page sends it.
			choices(fc.constant(independent)),
			choices(
				independent.length ? fc.constantFrom(...independent).map((n) => [n]) : fc.constant([])
			),
			choices(fc.constant([]))
		),
		extras: fc.array(
			fc.tuple(
				fc.oneof(
					fc.constantFrom(
						'__proto__',
						'constructor',
						'role',
						'teacher_id',
						'id',
						'level-x',
						'claim-x',
						'self-x'
					),
					shortHostileText
				),
				hostileText
			),
			{ maxLength: 2 }
		),
		encoding: fc.oneof(
			{ weight: 8, arbitrary: fc.constant<Encoding>('urlencoded') },
			{ weight: 3, arbitrary: fc.constant<Encoding>('multipart') },
			{ weight: 3, arbitrary: fc.constantFrom<Encoding>(...ENCODINGS.slice(2)) }
		),
		randomBytes: fc.uint8Array({ maxLength: 300 }),
		accept: fc.constantFrom('html' as const, 'json' as const),
		origin: fc.oneof(
			{ weight: 10, arbitrary: fc.constant('same' as const) },
			{ weight: 1, arbitrary: fc.constantFrom('foreign' as const, 'none' as const) }
		)
	});
}

function validCase(fuzzed: Fuzzed): Case {
	return {
		actor: fuzzed.actors[0]!,
		params: Object.fromEntries(
			[...fuzzed.key.matchAll(/\[(\w+)\]/g)].map((m) => [
				m[1]!,
				fuzzed.params?.[m[1]!] ?? PARAM_DEFAULTS[m[1]!]!
			])
		),
		fields: Object.fromEntries(Object.keys(fuzzed.valid).map((name) => [name, { kind: 'valid' }])),
		extras: [],
		encoding: 'urlencoded',
		randomBytes: new Uint8Array(),
		accept: 'html',
		origin: 'same'
	};
}

/** Percent-encodes the UTF-8 bytes, so even a lone surrogate goes out as the server would see it. */
function percentEncode(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		const char = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-_.~]/.test(char)
			? char
			: `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

type Part = { name: string; value: string; asFile: boolean };

function encodeBody(parts: Part[], testCase: Case): { body?: Buffer; contentType?: string } {
	const boundary = `----byline-fuzz-${randomUUID()}`;
	const multipart = () =>
		Buffer.concat([
			...parts.map((part) =>
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${part.name.replace(/["\r\n]/g, '_')}"` +
						(part.asFile ? `; filename="../../x.txt"\r\nContent-Type: text/plain` : '') +
						`\r\n\r\n${part.value}\r\n`
				)
			),
			Buffer.from(`--${boundary}--\r\n`)
		]);
	switch (testCase.encoding) {
		case 'urlencoded':
			return {
				body: Buffer.from(
					parts.map((p) => `${percentEncode(p.name)}=${percentEncode(p.value)}`).join('&')
				),
				contentType: 'application/x-www-form-urlencoded'
			};
		case 'multipart':
			return { body: multipart(), contentType: `multipart/form-data; boundary=${boundary}` };
		case 'text/plain':
			return {
				body: Buffer.from(parts.map((p) => `${p.name}=${p.value}`).join('\r\n')),
				contentType: 'text/plain'
			};
		case 'json': {
			// Numbers where the form has strings, as a JSON client would send them.
			const object = Object.fromEntries(
				parts.map((p) => [
					p.name,
					p.value !== '' && Number.isFinite(Number(p.value)) ? Number(p.value) : p.value
				])
			);
			return { body: Buffer.from(JSON.stringify(object)), contentType: 'application/json' };
		}
		case 'multipart, broken':
			return {
				body: Buffer.concat([
					multipart().subarray(0, Math.max(0, multipart().length - 20)),
					Buffer.from(testCase.randomBytes)
				]),
				contentType: `multipart/form-data; boundary=${boundary}`
			};
		case 'multipart, no boundary':
			return { body: multipart(), contentType: 'multipart/form-data' };
		case 'urlencoded, random bytes':
			return {
				body: Buffer.from(testCase.randomBytes),
				contentType: 'application/x-www-form-urlencoded'
			};
		case 'no body':
			return {};
	}
}

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
			option: 'farsi',
			confidence: 'high'
		}),
		attemptB: await answerQuestion(studentB, WRITTEN_STEP, WRITTEN_ANSWER)
	};
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
			const ids = { ...world.ids, newPassword: `new password ${randomUUID().slice(0, 8)}` };
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
				world.ids.changerPassword = ids.newPassword;
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
