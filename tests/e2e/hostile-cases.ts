// What the hostile-input spec posts: every form action, who posts it, valid fields and the
// alternates worth trying, and the path parameters to vary.
import { FULL_REVIEW, MODULE_ID, WRITTEN_ANSWER, WRITTEN_STEP, type Form } from './http-world';

export type ActorName =
	| 'anonymous'
	| 'student A'
	| 'student B'
	| 'teacher A'
	| 'teacher B'
	| 'admin'
	| 'password changer'
	/** Signed in afresh for each run, since the action ends the session. */
	| 'new session';

export type Fuzzed = {
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

export const STEP = 'who-is-behind-it';

// In this order: the roster and assignment actions, which remove students and lessons the
// others use, come last.
export const FUZZED: Fuzzed[] = [
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
	{
		key: 'POST /account?/reading',
		actors: ['student A', 'anonymous'],
		valid: { textSize: 'large', lineSpacing: 'wide', readAloud: 'on' },
		alternates: { textSize: ['huge', 'STANDARD'], readAloud: ['yes', '1'] }
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
			option: 'organisation',
			confidence: 'high',
			submissionId: '[uuid]',
			elapsedMs: '1200'
		},
		alternates: {
			questionId: ['who-genre', 'who-purpose', 'lateral-plan', 'pre-credit', '__proto__'],
			option: ['parliament', 'advocacy', 'constructor'],
			confidence: ['low', 'certain'],
			submissionId: ['[attemptA]', '[attemptB]', '[choiceAttemptA]'],
			elapsedMs: ['-1', '1e400', '86400000']
		}
	},
	{
		key: 'POST /teach/modules/[module]/preview/[step]?/answer',
		actors: ['teacher A', 'student A'],
		valid: { questionId: 'who-credit', option: 'organisation', confidence: 'high' },
		alternates: {
			questionId: ['lateral-plan', 'pre-credit', '__proto__'],
			option: ['parliament', 'constructor'],
			confidence: ['certain']
		}
	},
	{
		key: 'POST /teach/modules/[module]/preview/[step]?/draft',
		actors: ['teacher A', 'student A'],
		valid: { questionId: 'who-purpose', option: 'imaginary' },
		alternates: { questionId: ['lateral-plan', 'toString'], option: ['organisation'] }
	},
	{
		key: 'POST /learn/[module]/[step]?/draft',
		actors: ['student A', 'student B', 'teacher A'],
		valid: { questionId: 'who-purpose', option: 'imaginary' },
		alternates: { questionId: ['who-credit', 'lateral-plan', 'toString'], option: ['organisation'] }
	},
	{ key: 'POST /learn/[module]/[step]?/visit', actors: ['student A', 'student B'], valid: {} },
	{ key: 'POST /learn/[module]/summary?/visit', actors: ['student A', 'student B'], valid: {} },
	{
		key: 'POST /teach?/createClass',
		actors: ['teacher A', 'student A'],
		valid: { name: '[unique]', section: 'Autumn' }
	},
	{
		key: 'POST /teach/modules?/duplicate',
		actors: ['teacher A', 'teacher B', 'student A'],
		valid: { moduleId: MODULE_ID },
		alternates: { moduleId: ['[ownModule]', 'no-such-lesson', '__proto__', 'TAJIK-BORDER', ''] }
	},
	{
		key: 'POST /teach/modules?/share',
		actors: ['teacher A', 'teacher B', 'student A'],
		valid: { moduleId: '[ownModule]', shared: 'yes' },
		alternates: { moduleId: [MODULE_ID, 'no-such-lesson'], shared: ['no', 'YES', 'true', ''] }
	},
	{
		// The first run publishes the draft; the rest find none to publish (400).
		key: 'POST /teach/modules?/publish',
		actors: ['teacher A', 'teacher B', 'student A'],
		valid: { moduleId: '[draftModule]' },
		alternates: { moduleId: ['[ownModule]', MODULE_ID, 'no-such-lesson', '__proto__'] }
	},
	{
		key: 'POST /teach/modules?/import',
		actors: ['teacher A', 'student A'],
		valid: { text: '[moduleFile]' },
		alternates: {
			text: [
				'',
				'id: [unclosed',
				'- a list\n- not a module',
				'{}',
				'{"schemaVersion": 2, "id": "__proto__"}',
				'[brokenModuleFile]',
				'*alias',
				'a: &a [*a, *a, *a, *a, *a, *a, *a, *a]'
			]
		},
		runs: 12
	},
	{
		key: 'POST /teach/modules/new',
		actors: ['teacher A', 'student A'],
		valid: {
			headline: 'Rivers [unique]',
			author: 'Ana Writer',
			publisher: 'The Valley Times',
			publishedOn: '2024-05-01',
			url: 'https://example.com/rivers',
			creditLine: '',
			text: 'The river rose again this spring. Farmers say the water came earlier than ever.',
			rights: 'on',
			file: ''
		},
		alternates: {
			publishedOn: ['', '2024-13-45', '0000', '2024-02-30', '99999-01-01'],
			url: ['javascript:alert(1)', 'http://', 'https://[::1', 'ftp://example.com/x'],
			text: ['', '\n\n\n', 'Rivers', '<p>Only markup</p>', '.'.repeat(5000)],
			rights: ['', 'yes'],
			file: ['', '<html><body>Hi</body></html>']
		},
		runs: 20
	},
	// The lesson editor: every edit names the draft's time, kept current before each run, so the
	// random runs reach the edit itself. The scratch draft's own validity does not matter.
	{
		key: 'POST /teach/modules/[module]/edit?/details',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: {
			draftUpdatedAt: '[draftUpdatedAt]',
			title: 'Edited',
			summary: 'A summary.',
			objectives: 'One\nTwo',
			estimatedMinutes: '45',
			level: 'Ages 14 and up',
			headline: 'A headline',
			author: 'Umar Farsi',
			publisher: 'Central Media Office',
			publishedOn: '',
			url: '',
			creditLine: '',
			contentNote: '',
			editorialNote: ''
		},
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			estimatedMinutes: ['0', '601', '1.5', '1e3', '', 'NaN'],
			publishedOn: ['2024-13-45', 'yesterday'],
			url: ['javascript:alert(1)', 'not a url'],
			title: ['', 'two\nlines']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit?/stepText',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: {
			draftUpdatedAt: '[draftUpdatedAt]',
			step: 'who-is-behind-it',
			block: '0',
			markdown: 'Ask who wrote this.'
		},
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			step: ['no-such-step', '__proto__', 'pre-check'],
			block: ['1', '-1', '99', '1.5', '1e400', ''],
			markdown: ['<script>alert(1)</script>', '[x](javascript:alert(1))']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit?/addQuestion',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: { draftUpdatedAt: '[draftUpdatedAt]', step: 'who-is-behind-it', type: 'written' },
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			step: ['no-such-step', '__proto__', 'constructor'],
			type: ['single', 'mark', 'sort', 'multiple', 'essay', '__proto__', 'toString']
		},
		runs: 15
	},
	{
		key: 'POST /teach/modules/[module]/edit/questions/[question]?/save',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]', question: '[questionToEdit]' },
		valid: {
			draftUpdatedAt: '[draftUpdatedAt]',
			prompt: 'Who wrote this article?',
			'options[0].text': 'A named author',
			'options[0].correct': 'on',
			'options[0].feedback': 'Yes.',
			'options[1].text': 'A news agency',
			'options[1].feedback': 'No.',
			explanation: 'The credit line says so.',
			confidence: 'on',
			editorCommand: ''
		},
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			'options[0].correct': ['', 'off'],
			'options[1].text': ['', '<b>bold</b>'],
			editorCommand: ['add-option', 'remove-option:0', 'remove-option:99', 'move-up:0', '__proto__']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit?/removeQuestion',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: { draftUpdatedAt: '[draftUpdatedAt]', question: '[removable]', confirm: 'yes' },
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			question: ['no-such-question', '__proto__', 'pre-credit', 'who-credit'],
			confirm: ['', 'on', 'YES']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit?/glossary',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: {
			draftUpdatedAt: '[draftUpdatedAt]',
			'term-0': 'Lateral reading',
			'definition-0': 'Leaving the page to check a source.',
			'term-39': 'Claim',
			'definition-39': 'What a text says is so.'
		},
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			'term-0': ['', 'two\nlines', 'x'.repeat(101)],
			'definition-39': ['', 'y'.repeat(1001)]
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit/article?/splitSentence',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: {
			draftUpdatedAt: '[draftUpdatedAt]',
			paragraph: '1',
			sentence: '1',
			before: 'the probability'
		},
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			paragraph: ['-1', '99', '1.5', '1e400', '', 'NaN'],
			sentence: ['-1', '99', '0x1'],
			before: ['', 'According', 'no such words', ' ']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit/article?/joinSentences',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: { draftUpdatedAt: '[draftUpdatedAt]', paragraph: '4', sentence: '0' },
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			paragraph: ['-1', '99', '8', '1e400', ''],
			sentence: ['-1', '4', '99', '1.5']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit/article?/splitParagraph',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: { draftUpdatedAt: '[draftUpdatedAt]', paragraph: '1', sentence: '1' },
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			paragraph: ['-1', '99', '1e400', ''],
			sentence: ['0', '-1', '99', '']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit/article?/joinParagraphs',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: { draftUpdatedAt: '[draftUpdatedAt]', paragraph: '0' },
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			paragraph: ['-1', '8', '99', '1e400', '', '0.5']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit/article?/accept',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[editModule]' },
		valid: {
			draftUpdatedAt: '[draftUpdatedAt]',
			paragraph: '0',
			sentence: '0',
			question: 'evidence-unnamed'
		},
		alternates: {
			draftUpdatedAt: ['1', '', '-1', '1e400', '9007199254740993', '[draftModuleUpdatedAt]'],
			paragraph: ['-1', '99', ''],
			sentence: ['99', '-1'],
			question: ['who-credit', 'no-such-question', '__proto__', 'framing-loaded']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit/preview/[step]?/answer',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[validDraft]' },
		valid: { questionId: 'who-credit', option: 'organisation', confidence: 'high' },
		alternates: {
			questionId: ['lateral-plan', 'pre-credit', '__proto__'],
			option: ['parliament', 'constructor'],
			confidence: ['certain']
		}
	},
	{
		key: 'POST /teach/modules/[module]/edit/preview/[step]?/draft',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[validDraft]' },
		valid: { questionId: 'who-purpose', option: 'imaginary' },
		alternates: { questionId: ['lateral-plan', 'toString'], option: ['organisation'] }
	},
	{
		// The first run publishes the draft; the rest find none to publish (400).
		key: 'POST /teach/modules/[module]/edit?/publish',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[publishModule]' },
		valid: {}
	},
	{
		// After the publish above: the first run opens its next version; the rest keep that draft.
		key: 'POST /teach/modules/[module]/edit?/startDraft',
		actors: ['teacher A', 'teacher B', 'student A'],
		params: { module: '[publishModule]' },
		valid: {}
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
		valid: { names: '[bulkNames]', sameName: 'add' },
		alternates: {
			names: ['\n\n', 'Ana\u0000Bo', '=HYPERLINK("http://x")', 'Ana\nAna'],
			sameName: ['', 'yes', 'ADD']
		}
	},
	{
		key: 'POST /teach/classes/[classId]?/resetPassword',
		actors: ['teacher A', 'teacher B'],
		valid: { studentId: '[fodder1]', confirm: 'reset' },
		alternates: { studentId: ['[studentB]', '[fodder2]'], confirm: ['', 'on', 'remove'] }
	},
	{
		key: 'POST /teach/classes/[classId]?/removeStudent',
		actors: ['teacher A', 'teacher B'],
		valid: { studentId: '[fodder2]', confirm: 'remove' },
		alternates: { studentId: ['[studentB]', '[fodder1]'], confirm: ['', 'on', 'reset'] }
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
		// A class without the lesson: assigning it again is refused (409), which changes nothing.
		params: { classId: '[classFresh]' },
		valid: { moduleId: MODULE_ID, opensAt: '', dueAt: '2099-06-30T15:00' },
		alternates: {
			moduleId: ['no-such-lesson', '__proto__', 'TAJIK-BORDER'],
			opensAt: ['2100-01-01T00:00', '0', '1e400', '275760-09-13T00:00:00Z', 'yesterday'],
			dueAt: ['', '2000-01-01', '-271821-04-20T00:00:00Z', '2099-13-45']
		}
	},
	{
		key: 'POST /teach/classes/[classId]?/editAssignment',
		actors: ['teacher A', 'teacher B'],
		valid: { assignmentId: '[assignmentA]', opensAt: '', dueAt: '2099-06-30T15:00', newest: 'yes' },
		alternates: {
			assignmentId: ['[assignmentB]', '[assignmentSpare]', '[unknownUuid]'],
			opensAt: ['2100-01-01T00:00', '0', '1e400', 'yesterday'],
			dueAt: ['', '2000-01-01', '2099-13-45'],
			newest: ['no', '']
		}
	},
	{
		key: 'POST /teach/classes/[classId]?/openDelayedCheck',
		actors: ['teacher A', 'teacher B'],
		valid: { delayedCheckOf: '[assignmentA]', when: 'date', delayedFrom: '2099-06-30T15:00' },
		alternates: {
			delayedCheckOf: ['[assignmentB]', '[assignmentSpare]', '[unknownUuid]', '__proto__'],
			when: ['now', 'later', 'NOW', ''],
			delayedFrom: ['', '0', '1e400', 'yesterday', '275760-09-13T00:00:00Z', '2099-13-45']
		}
	},
	{
		key: 'POST /teach/classes/[classId]?/closeDelayedCheck',
		actors: ['teacher A', 'teacher B'],
		valid: { delayedCheckOf: '[assignmentA]' },
		alternates: { delayedCheckOf: ['[assignmentB]', '[assignmentSpare]', '[unknownUuid]'] }
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
export const PARAM_DEFAULTS: Record<string, string> = {
	module: MODULE_ID,
	step: STEP,
	classId: '[classA]',
	assignmentId: '[assignmentA]',
	studentId: '[studentA]',
	question: '[questionToEdit]'
};
export const PARAM_ALTERNATES: Record<string, string[]> = {
	module: ['no-such-lesson', 'TAJIK-BORDER', '..%2Fteach', '__proto__', '%00', '%E0%A4%A'],
	step: [
		WRITTEN_STEP,
		'pre-check',
		// A delayed check: refused to a student until their teacher opens it.
		'delayed-check',
		'summary',
		'constructor',
		'..%2F..%2Fteach',
		'%2e%2e'
	],
	classId: [
		'[classB]',
		'[unknownUuid]',
		'..%2F..%2Fadmin%2Fteachers',
		'null',
		"1'%20OR%20'1'%3D'1"
	],
	assignmentId: ['[assignmentB]', '[assignmentSpare]', '[unknownUuid]', '..%2F..', '%00'],
	studentId: ['[studentB]', '[fodder1]', '[unknownUuid]', '..', '%2F'],
	question: ['who-credit', 'no-such-question', '__proto__', '..%2F..%2Fedit', '%2e%2e']
};
