import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test';
import { uniqueName } from './helpers';
import {
	FULL_REVIEW,
	addQuestionTo,
	draftTimeOf,
	MODULE_ID,
	WRITTEN_ANSWER,
	WRITTEN_STEP,
	answerQuestion,
	assignLesson,
	canSignIn,
	copyOf,
	get,
	moduleFileOf,
	newClass,
	newLesson,
	newStudent,
	newTeacher,
	postForm,
	publishLesson,
	signInAsAdmin,
	signInOverHttp,
	studentIdOf,
	type Account,
	type Actor,
	type Form,
	type Klass
} from './http-world';
import { PLAN_TEXT } from './lesson-plan';
import { routeInventory } from './route-inventory';
import { digestServerDb } from './server-db';

// Who may do what: every page, endpoint and form action of the app, asked by six people.
// Student A is in class A, student B in class B; teacher A owns classes A and "spare",
// teacher B owns class B, whose lesson opens in 2099 (so student B has nothing open); the
// administrator owns class C, whose code the sign-up and join rows use.

const ACTORS = ['anonymous', 'student A', 'student B', 'teacher A', 'teacher B', 'admin'] as const;

const OK = '200';
/** Sent to sign in, and back to the page asked for afterwards. */
const LOGIN = '303 → /login?next=…';
const TO_LOGIN = '303 → /login';
const TO_LEARN = '303 → /learn';
const TO_TEACH = '303 → /teach';
/** To the class just made: its id is new, so only the start is compared. */
const TO_NEW_CLASS = '303 → /teach/classes/…';
/** Back to the question, its feedback in view. */
const TO_FEEDBACK = '303 → /learn/[module]/[step]#q-who-credit';
const TO_PREVIEW = '307 → /teach/modules/[module]/preview/pre-check';
const TO_REVIEWED = '303 → /teach/assignments/[assignmentId]/review#saved-[attemptA]';
const TO_OVERRIDDEN =
	'303 → /teach/assignments/[assignmentId]/students/[studentId]#attempt-[attemptA]';
/** A right answer, and a draft, to the delayed check of version 2, which new assignments get. */
const DELAYED_ANSWER: Form = {
	questionId: 'delayed-credit',
	option: 'campaign',
	confidence: 'high'
};
const DELAYED_DRAFT: Form = { questionId: 'delayed-credit', option: 'campaign' };

/** To the new lesson's article: its id is new, so only the start is compared. */
const TO_NEW_MODULE = '303 → /teach/modules/…';
const TO_EDIT = '303 → /teach/modules/[module]/edit';
/** To the editor of the question just added, whose id is new. */
const TO_QUESTION = '303 → /teach/modules/[module]/edit/questions/…';
const TO_DRAFT_PREVIEW = '307 → /teach/modules/[module]/edit/preview/pre-check';
/** The version number grows with each publish. */
const TO_PUBLISHED = '303 → /teach/modules?published=[module]&version=…';

// The forms of the lesson editor, each with the draft's time as its page shows it.
const NEW_MODULE: Form = {
	headline: '[newHeadline]',
	author: 'Ana Writer',
	publisher: 'The Valley Times',
	publishedOn: '2024-05-01',
	url: 'https://example.com/rivers',
	creditLine: '',
	text: 'The river rose again this spring. Farmers say the water came earlier than ever before.',
	rights: 'on'
};
const DETAILS: Form = {
	draftUpdatedAt: '[editUpdatedAt]',
	title: 'Edited by its author',
	summary: 'Read a border article like a fact-checker.',
	objectives: 'Identify who is behind a text.\nSort claims.',
	estimatedMinutes: '45',
	level: 'Ages 14 and up',
	headline: 'Breakthrough of Militants from Afghanistan to Tajikistan: Myth or Reality?',
	author: 'Umar Farsi',
	publisher: 'Central Media Office',
	publishedOn: '',
	url: '',
	creditLine: '',
	contentNote: '',
	editorialNote: ''
};
const STEP_TEXT: Form = {
	draftUpdatedAt: '[editUpdatedAt]',
	step: 'who-is-behind-it',
	block: '0',
	markdown: 'Ask who wrote this, and for whom.'
};
const ADD_QUESTION: Form = {
	draftUpdatedAt: '[editUpdatedAt]',
	step: 'who-is-behind-it',
	type: 'single'
};
const REMOVE_QUESTION: Form = {
	draftUpdatedAt: '[editUpdatedAt]',
	question: '[removable]',
	confirm: 'yes'
};
const GLOSSARY: Form = {
	draftUpdatedAt: '[editUpdatedAt]',
	'term-0': 'Lateral reading',
	'definition-0': 'Leaving the page to find out what others say about a source.'
};
/** A sentence no marking question targets yet: paragraph 3's second. */
const ACCEPT: Form = {
	draftUpdatedAt: '[editUpdatedAt]',
	paragraph: '3',
	sentence: '1',
	question: 'evidence-unnamed'
};
const ACCEPTED_SENTENCE =
	'That is, in fact over the past few years, not a single case of clashes related to the militants has been recorded.';
/** Paragraph 4 has five sentences: two joins leave three. */
const JOIN_SENTENCES: Form = { draftUpdatedAt: '[editUpdatedAt]', paragraph: '4', sentence: '0' };
/** Each split is joined again by its CHECK, so the next actor splits the same sentence. */
const SPLIT_SENTENCE: Form = {
	draftUpdatedAt: '[editUpdatedAt]',
	paragraph: '1',
	sentence: '1',
	before: 'the probability'
};
const SPLIT_PARAGRAPH: Form = { draftUpdatedAt: '[editUpdatedAt]', paragraph: '1', sentence: '1' };
/** Paragraphs 6, 7 and 8 become one. */
const JOIN_PARAGRAPHS: Form = { draftUpdatedAt: '[editUpdatedAt]', paragraph: '6' };
/** The editor's form for a single-choice question, filled in. */
const SAVE_QUESTION: Form = {
	draftUpdatedAt: '[editUpdatedAt]',
	prompt: 'Who wrote this article?',
	'options[0].text': 'A named author of a political group',
	'options[0].correct': 'on',
	'options[0].feedback': 'Yes: the credit line names both.',
	'options[1].text': 'A news agency',
	'options[1].feedback': 'No agency is named anywhere in it.',
	explanation: 'The credit line says who wrote it and for whom.',
	confidence: 'on'
};

type Options = {
	/** Which world id fills a route parameter, where the default below does not fit. */
	params?: Record<string, string>;
	query?: string;
	form?: Form;
	/** Marks a probe beside a route's main row, and names it; CHECKS belong to the main row. */
	note?: string;
};
type Row = [string, string, string, string, string, string, string, Options?];

// One row per request, one column per actor. `[name]` is a route parameter or a world id.
// prettier-ignore
const MATRIX: Row[] = [
	// request                                                                anonymous      student A      student B      teacher A      teacher B      admin
	['GET /',                                                                 TO_LOGIN,      TO_LEARN,      TO_LEARN,      TO_TEACH,      TO_TEACH,      TO_TEACH],
	['GET /login',                                                            OK,            TO_LEARN,      TO_LEARN,      TO_TEACH,      TO_TEACH,      TO_TEACH],
	['GET /login',                                                            OK,            TO_LEARN,      TO_LEARN,      TO_TEACH,      TO_TEACH,      TO_TEACH,      { query: '?next=/%09/example.com', note: 'a next address that leaves the site' }],
	['POST /login',                                                           TO_LEARN,      TO_LEARN,      TO_LEARN,      TO_LEARN,      TO_LEARN,      TO_LEARN],
	['GET /setup',                                                            TO_LOGIN,      TO_LOGIN,      TO_LOGIN,      TO_LOGIN,      TO_LOGIN,      TO_LOGIN],
	['POST /setup',                                                           '409',         '409',         '409',         '409',         '409',         '409'],
	['GET /signup',                                                           OK,            TO_LEARN,      TO_LEARN,      TO_TEACH,      TO_TEACH,      TO_TEACH],
	['POST /signup',                                                          TO_LEARN,      TO_LEARN,      TO_LEARN,      TO_LEARN,      TO_LEARN,      TO_LEARN],
	['GET /account',                                                          LOGIN,         OK,            OK,            OK,            OK,            OK],
	['POST /account?/changePassword',                                         LOGIN,         '400',         '400',         '400',         '400',         '400'],
	['POST /account?/deleteAccount',                                          LOGIN,         '400',         '400',         '400',         '400',         '400'],
	['POST /account?/reading',                                                LOGIN,         OK,            OK,            OK,            OK,            OK],
	['GET /account/data',                                                     LOGIN,         OK,            OK,            OK,            OK,            OK],
	['GET /logout',                                                           LOGIN,         OK,            OK,            OK,            OK,            OK],
	['POST /logout',                                                          LOGIN,         TO_LOGIN,      TO_LOGIN,      TO_LOGIN,      TO_LOGIN,      TO_LOGIN],
	['GET /admin/teachers',                                                   LOGIN,         '403',         '403',         '403',         '403',         OK],
	['POST /admin/teachers?/createTeacher',                                   LOGIN,         '403',         '403',         '403',         '403',         OK],
	['GET /admin/export/district.csv',                                        LOGIN,         '403',         '403',         '403',         '403',         OK],
	['GET /learn',                                                            LOGIN,         OK,            OK,            '403',         '403',         '403'],
	['POST /learn?/joinClass',                                                LOGIN,         OK,            OK,            '403',         '403',         '403'],
	['GET /learn/[module]',                                                   LOGIN,         OK,            '404',         '403',         '403',         '403'],
	['GET /learn/[module]',                                                   LOGIN,         '404',         '404',         '403',         '403',         '403',         { params: { module: 'noSuchModule' }, note: 'a lesson that does not exist' }],
	['GET /learn/[module]/[step]',                                            LOGIN,         OK,            '404',         '403',         '403',         '403'],
	['POST /learn/[module]/[step]?/answer',                                   LOGIN,         TO_FEEDBACK,   '404',         '403',         '403',         '403'],
	['POST /learn/[module]/[step]?/draft',                                    LOGIN,         OK,            '404',         '403',         '403',         '403'],
	['POST /learn/[module]/[step]?/visit',                                    LOGIN,         OK,            '404',         '403',         '403',         '403'],
	['GET /learn/[module]/summary',                                           LOGIN,         OK,            '404',         '403',         '403',         '403'],
	['POST /learn/[module]/summary?/visit',                                   LOGIN,         OK,            '404',         '403',         '403',         '403'],
	['GET /learn/[module]/[step]',                                            LOGIN,         '403',         '404',         '403',         '403',         '403',         { params: { step: 'delayedStep' }, note: 'the delayed check, not opened yet' }],
	['POST /learn/[module]/[step]?/answer',                                   LOGIN,         '403',         '404',         '403',         '403',         '403',         { params: { step: 'delayedStep' }, form: DELAYED_ANSWER, note: 'the delayed check, not opened yet' }],
	['POST /learn/[module]/[step]?/draft',                                    LOGIN,         '403',         '404',         '403',         '403',         '403',         { params: { step: 'delayedStep' }, form: DELAYED_DRAFT, note: 'the delayed check, not opened yet' }],
	['POST /learn/[module]/[step]?/visit',                                    LOGIN,         '403',         '404',         '403',         '403',         '403',         { params: { step: 'delayedStep' }, note: 'the delayed check, not opened yet' }],
	['GET /teach',                                                            LOGIN,         '403',         '403',         OK,            OK,            OK],
	['POST /teach?/createClass',                                              LOGIN,         '403',         '403',         TO_NEW_CLASS,  TO_NEW_CLASS,  TO_NEW_CLASS],
	['GET /teach/modules',                                                    LOGIN,         '403',         '403',         OK,            OK,            OK],
	['POST /teach/modules?/duplicate',                                        LOGIN,         '403',         '403',         OK,            OK,            OK],
	['POST /teach/modules?/duplicate',                                        LOGIN,         '403',         '403',         OK,            '404',         OK,            { form: { moduleId: '[ownModule]' }, note: "teacher A's unshared lesson" }],
	['POST /teach/modules?/duplicate',                                        LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { moduleId: '[noSuchModule]' }, note: 'a lesson that does not exist' }],
	['POST /teach/modules?/share',                                            LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules?/share',                                            LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { moduleId: '[module]', shared: 'yes' }, note: 'the shipped lesson, which nobody shares' }],
	['POST /teach/modules?/publish',                                          LOGIN,         '403',         '403',         '400',         '404',         '400',         { note: 'a published lesson with no draft' }],
	['POST /teach/modules?/publish',                                          LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { moduleId: '[module]' }, note: 'the shipped lesson, which nobody edits' }],
	['POST /teach/modules?/import',                                           LOGIN,         '403',         '403',         OK,            OK,            OK],
	['POST /teach/modules?/import',                                           LOGIN,         '403',         '403',         '400',         '400',         '400',         { form: { text: 'id: [unclosed' }, note: 'a file that is not a module' }],
	['GET /teach/modules/[module]/export',                                    LOGIN,         '403',         '403',         OK,            OK,            OK],
	['GET /teach/modules/[module]/export',                                    LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'ownModule' }, note: "teacher A's unshared lesson" }],
	['GET /teach/modules/[module]/export',                                    LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'noSuchModule' }, note: 'a lesson that does not exist' }],
	['GET /teach/modules/[module]/export',                                    LOGIN,         '403',         '403',         '404',         '404',         '404',         { query: '?version=99', note: 'a version that does not exist' }],
	['GET /teach/modules/[module]/export',                                    LOGIN,         '403',         '403',         '400',         '400',         '400',         { query: '?version=0', note: 'a version that is no version' }],
	['GET /teach/modules/[module]/guide',                                     LOGIN,         '403',         '403',         OK,            OK,            OK],
	['GET /teach/modules/[module]/guide',                                     LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'ownModule' }, note: "teacher A's unshared lesson" }],
	['GET /teach/modules/[module]/guide',                                     LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'noSuchModule' }, note: 'a lesson that does not exist' }],
	['GET /teach/modules/[module]/preview',                                   LOGIN,         '403',         '403',         TO_PREVIEW,    TO_PREVIEW,    TO_PREVIEW],
	['GET /teach/modules/[module]/preview/[step]',                            LOGIN,         '403',         '403',         OK,            OK,            OK],
	['GET /teach/modules/[module]/preview/[step]',                            LOGIN,         '403',         '403',         OK,            OK,            OK,            { params: { step: 'delayedStep' }, note: 'the delayed check, which a preview always shows' }],
	['GET /teach/modules/[module]/preview/[step]',                            LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'noSuchModule' }, note: 'a lesson that does not exist' }],
	['GET /teach/modules/[module]/preview',                                   LOGIN,         '403',         '403',         TO_PREVIEW,    '404',         TO_PREVIEW, { params: { module: 'ownModule' }, note: "teacher A's unshared lesson" }],
	['GET /teach/modules/[module]/preview/[step]',                            LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'ownModule' }, note: "teacher A's unshared lesson" }],
	['POST /teach/modules/[module]/preview/[step]?/answer',                   LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'ownModule' }, note: "teacher A's unshared lesson" }],
	['POST /teach/modules/[module]/preview/[step]?/answer',                   LOGIN,         '403',         '403',         OK,            OK,            OK],
	['POST /teach/modules/[module]/preview/[step]?/draft',                    LOGIN,         '403',         '403',         OK,            OK,            OK],
	// Writing a lesson: only its owner (teacher A) and the administrator open a draft; to anyone else
	// it does not exist, and the shipped lesson has no draft. Edits go to `editModule`, whose
	// validity does not matter; previews and publishing to `draftModule`, a draft that stays valid.
	['GET /teach/modules/new',                                                LOGIN,         '403',         '403',         OK,            OK,            OK],
	['POST /teach/modules/new',                                               LOGIN,         '403',         '403',         TO_NEW_MODULE, TO_NEW_MODULE, TO_NEW_MODULE],
	['POST /teach/modules/new',                                               LOGIN,         '403',         '403',         '400',         '400',         '400',         { form: { ...NEW_MODULE, rights: '' }, note: 'without confirming the rights' }],
	['POST /teach/modules/new',                                               LOGIN,         '403',         '403',         '400',         '400',         '400',         { form: { ...NEW_MODULE, text: '[newHeadline]' }, note: 'an article that is only its headline' }],
	['GET /teach/modules/[module]/edit',                                      LOGIN,         '403',         '403',         OK,            '404',         OK],
	['GET /teach/modules/[module]/edit',                                      LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'ownModule' }, note: 'a published lesson with no draft' }],
	['GET /teach/modules/[module]/edit',                                      LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which nobody edits' }],
	['GET /teach/modules/[module]/edit',                                      LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'noSuchModule' }, note: 'a lesson that does not exist' }],
	['POST /teach/modules/[module]/edit?/startDraft',                         LOGIN,         '403',         '403',         TO_EDIT,       '404',         TO_EDIT,       { params: { module: 'draftModule' } }],
	['POST /teach/modules/[module]/edit?/startDraft',                         LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which nobody edits' }],
	['POST /teach/modules/[module]/edit?/details',                            LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit?/details',                            LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...DETAILS, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit?/details',                            LOGIN,         '403',         '403',         '400',         '404',         '400',         { form: { ...DETAILS, draftUpdatedAt: '' }, note: 'not saying which draft it was made from' }],
	['POST /teach/modules/[module]/edit?/details',                            LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which nobody edits' }],
	['POST /teach/modules/[module]/edit?/details',                            LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'ownModule' }, note: 'a published lesson with no draft' }],
	['POST /teach/modules/[module]/edit?/stepText',                           LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit?/stepText',                           LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...STEP_TEXT, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit?/stepText',                           LOGIN,         '403',         '403',         '400',         '404',         '400',         { form: { ...STEP_TEXT, block: '1' }, note: 'a question where the text should be' }],
	['POST /teach/modules/[module]/edit?/addQuestion',                        LOGIN,         '403',         '403',         TO_QUESTION,   '404',         TO_QUESTION],
	['POST /teach/modules/[module]/edit?/addQuestion',                        LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...ADD_QUESTION, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit?/addQuestion',                        LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which nobody edits' }],
	['POST /teach/modules/[module]/edit?/removeQuestion',                     LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit?/removeQuestion',                     LOGIN,         '403',         '403',         '400',         '404',         '400',         { form: { ...REMOVE_QUESTION, confirm: '' }, note: 'without the confirmation tick' }],
	['POST /teach/modules/[module]/edit?/removeQuestion',                     LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...REMOVE_QUESTION, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit?/removeQuestion',                     LOGIN,         '403',         '403',         '400',         '404',         '400',         { form: { ...REMOVE_QUESTION, question: '[noSuchQuestion]' }, note: 'a question the draft does not have' }],
	['POST /teach/modules/[module]/edit?/glossary',                           LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit?/glossary',                           LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...GLOSSARY, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit?/glossary',                           LOGIN,         '403',         '403',         '400',         '404',         '400',         { form: { ...GLOSSARY, 'definition-0': '' }, note: 'a term without its explanation' }],
	['GET /teach/modules/[module]/edit/article',                              LOGIN,         '403',         '403',         OK,            '404',         OK],
	['GET /teach/modules/[module]/edit/article',                              LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'ownModule' }, note: 'a published lesson with no draft' }],
	['GET /teach/modules/[module]/edit/article',                              LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which nobody edits' }],
	['POST /teach/modules/[module]/edit/article?/accept',                     LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit/article?/accept',                     LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...ACCEPT, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit/article?/accept',                     LOGIN,         '403',         '403',         '400',         '404',         '400',         { form: { ...ACCEPT, question: 'who-credit' }, note: 'a question that is not a marking question' }],
	['POST /teach/modules/[module]/edit/article?/joinSentences',              LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit/article?/joinSentences',              LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...JOIN_SENTENCES, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit/article?/joinSentences',              LOGIN,         '403',         '403',         '400',         '404',         '400',         { form: { ...JOIN_SENTENCES, paragraph: '99' }, note: 'a sentence the article does not have' }],
	['POST /teach/modules/[module]/edit/article?/splitSentence',              LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit/article?/splitSentence',              LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...SPLIT_SENTENCE, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit/article?/splitSentence',              LOGIN,         '403',         '403',         '400',         '404',         '400',         { form: { ...SPLIT_SENTENCE, before: 'words it does not have' }, note: 'words the sentence does not have' }],
	['POST /teach/modules/[module]/edit/article?/splitParagraph',             LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit/article?/splitParagraph',             LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...SPLIT_PARAGRAPH, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit/article?/joinParagraphs',             LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit/article?/joinParagraphs',             LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...JOIN_PARAGRAPHS, paragraph: '0', draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit/article?/joinParagraphs',             LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which nobody edits' }],
	['GET /teach/modules/[module]/edit/questions/[question]',                 LOGIN,         '403',         '403',         OK,            '404',         OK],
	['GET /teach/modules/[module]/edit/questions/[question]',                 LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { question: 'noSuchQuestion' }, note: 'a question the draft does not have' }],
	['GET /teach/modules/[module]/edit/questions/[question]',                 LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'ownModule' }, note: 'a published lesson with no draft' }],
	['POST /teach/modules/[module]/edit/questions/[question]?/save',          LOGIN,         '403',         '403',         OK,            '404',         OK],
	['POST /teach/modules/[module]/edit/questions/[question]?/save',          LOGIN,         '403',         '403',         '409',         '404',         '409',         { form: { ...SAVE_QUESTION, draftUpdatedAt: '[staleUpdatedAt]' }, note: 'from a copy of the draft saved over since' }],
	['POST /teach/modules/[module]/edit/questions/[question]?/save',          LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { question: 'noSuchQuestion' }, note: 'a question the draft does not have' }],
	['POST /teach/modules/[module]/edit/questions/[question]?/save',          LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module', question: 'questionOfShipped' }, note: 'the shipped lesson, which nobody edits' }],
	['GET /teach/modules/[module]/edit/preview',                              LOGIN,         '403',         '403',         TO_DRAFT_PREVIEW, '404',      TO_DRAFT_PREVIEW, { params: { module: 'draftModule' } }],
	['GET /teach/modules/[module]/edit/preview',                              LOGIN,         '403',         '403',         '409',         '404',         '409',         { params: { module: 'problemModule' }, note: 'a draft with problems still to fix' }],
	['GET /teach/modules/[module]/edit/preview',                              LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which has no draft' }],
	['GET /teach/modules/[module]/edit/preview/[step]',                       LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'draftModule' } }],
	['GET /teach/modules/[module]/edit/preview/[step]',                       LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'draftModule', step: 'delayedStep' }, note: 'the delayed check, which a preview always shows' }],
	['GET /teach/modules/[module]/edit/preview/[step]',                       LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'draftModule', step: 'noSuchModule' }, note: 'a step the draft does not have' }],
	['GET /teach/modules/[module]/edit/preview/[step]',                       LOGIN,         '403',         '403',         '409',         '404',         '409',         { params: { module: 'problemModule' }, note: 'a draft with problems still to fix' }],
	['POST /teach/modules/[module]/edit/preview/[step]?/answer',              LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'draftModule' } }],
	['POST /teach/modules/[module]/edit/preview/[step]?/answer',              LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which has no draft' }],
	['POST /teach/modules/[module]/edit/preview/[step]?/draft',               LOGIN,         '403',         '403',         OK,            '404',         OK,            { params: { module: 'draftModule' } }],
	['POST /teach/modules/[module]/edit?/publish',                            LOGIN,         '403',         '403',         '400',         '404',         '400',         { params: { module: 'problemModule' }, note: 'a draft with problems still to fix' }],
	['POST /teach/modules/[module]/edit?/publish',                            LOGIN,         '403',         '403',         '400',         '404',         '400',         { params: { module: 'ownModule' }, note: 'a published lesson with no draft' }],
	['POST /teach/modules/[module]/edit?/publish',                            LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { module: 'module' }, note: 'the shipped lesson, which nobody edits' }],
	// Each allowed publish is followed by a new draft (its CHECK), so the next actor has one too.
	['POST /teach/modules/[module]/edit?/publish',                            LOGIN,         '403',         '403',         TO_PUBLISHED,  '404',         TO_PUBLISHED,  { params: { module: 'draftModule' } }],
	['GET /teach/classes/[classId]',                                          LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['GET /teach/classes/[classId]',                                          LOGIN,         '403',         '403',         '404',         OK,            '404',         { params: { classId: 'classB' }, note: "class B's page" }],
	['GET /teach/classes/[classId]',                                          LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { classId: 'unknownUuid' }, note: 'a class that does not exist' }],
	['POST /teach/classes/[classId]?/newCode',                                LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/disableCode',                            LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/bulkAdd',                                LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/resetPassword',                          LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/resetPassword',                          LOGIN,         '403',         '403',         '400',         '404',         '404',         { form: { studentId: '[victimReset]' }, note: 'without the confirmation tick' }],
	['POST /teach/classes/[classId]?/removeStudent',                          LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/removeStudent',                          LOGIN,         '403',         '403',         '400',         '404',         '404',         { form: { studentId: '[victimRemove]' }, note: 'without the confirmation tick' }],
	['POST /teach/classes/[classId]?/deleteStudent',                          LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/deleteStudent',                          LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { studentId: '[studentB]', confirm: 'delete' }, note: 'a student of class B' }],
	['POST /teach/classes/[classId]?/assign',                                 LOGIN,         '403',         '403',         OK,            '404',         '404',         { params: { classId: 'classFresh' } }],
	['POST /teach/classes/[classId]?/assign',                                 LOGIN,         '403',         '403',         '409',         '404',         '404',         { note: 'a lesson the class already has' }],
	['POST /teach/classes/[classId]?/assign',                                 LOGIN,         '403',         '403',         '404',         '400',         '404',         { params: { classId: 'classB' }, form: { moduleId: '[ownModule]', opensAt: '', dueAt: '' }, note: "teacher A's unshared lesson, to class B" }],
	['POST /teach/classes/[classId]?/editAssignment',                         LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/editAssignment',                         LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { assignmentId: '[assignmentB]', opensAt: '', dueAt: '' }, note: "class B's assignment" }],
	['POST /teach/classes/[classId]?/editAssignment',                         LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { assignmentId: '[assignmentSpare]', opensAt: '', dueAt: '' }, note: "the spare class's assignment at class A's address" }],
	['POST /teach/classes/[classId]?/openDelayedCheck',                       LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/openDelayedCheck',                       LOGIN,         '403',         '403',         '400',         '404',         '404',         { form: { delayedCheckOf: '[assignmentA]', when: 'date', delayedFrom: '' }, note: 'a date left empty' }],
	['POST /teach/classes/[classId]?/openDelayedCheck',                       LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { delayedCheckOf: '[assignmentB]', when: 'now' }, note: "class B's assignment" }],
	['POST /teach/classes/[classId]?/openDelayedCheck',                       LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { delayedCheckOf: '[assignmentSpare]', when: 'now' }, note: "the spare class's assignment at class A's address" }],
	['POST /teach/classes/[classId]?/closeDelayedCheck',                      LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/classes/[classId]?/closeDelayedCheck',                      LOGIN,         '403',         '403',         '404',         '404',         '404',         { form: { delayedCheckOf: '[assignmentB]' }, note: "class B's assignment" }],
	['GET /teach/assignments/[assignmentId]',                                 LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['GET /teach/assignments/[assignmentId]',                                 LOGIN,         '403',         '403',         OK,            '404',         '404',         { query: '?show=late&sort=score&order=asc&step=pre-check', note: 'a filtered, sorted view with a step open' }],
	['GET /teach/assignments/[assignmentId]',                                 LOGIN,         '403',         '403',         '400',         '404',         '404',         { query: '?show=everyone', note: 'an unknown filter' }],
	['GET /teach/assignments/[assignmentId]',                                 LOGIN,         '403',         '403',         '400',         '404',         '404',         { query: '?step=no-such-step', note: 'a step the lesson does not have' }],
	['GET /teach/assignments/[assignmentId]/export/attempts.csv',             LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['GET /teach/assignments/[assignmentId]/export/grid.csv',                 LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['GET /teach/assignments/[assignmentId]/review',                          LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['POST /teach/assignments/[assignmentId]/review?/review',                 LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { assignmentId: 'assignmentSpare' }, note: "class A's answer at the spare class's assignment" }],
	['POST /teach/assignments/[assignmentId]/review?/review',                 LOGIN,         '403',         '403',         TO_REVIEWED,   '404',         '404'],
	['GET /teach/assignments/[assignmentId]/students/[studentId]',            LOGIN,         '403',         '403',         OK,            '404',         '404'],
	['GET /teach/assignments/[assignmentId]/students/[studentId]',            LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { studentId: 'studentB' }, note: 'a student of class B' }],
	['POST /teach/assignments/[assignmentId]/students/[studentId]?/override', LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { assignmentId: 'assignmentSpare' }, note: "class A's answer at the spare class's assignment" }],
	['POST /teach/assignments/[assignmentId]/students/[studentId]?/override', LOGIN,         '403',         '403',         TO_OVERRIDDEN, '404',         '404'],
	// Last, since teacher A's removal of the spare class's assignment is for good.
	['POST /teach/classes/[classId]?/unassign',                               LOGIN,         '403',         '403',         '404',         '404',         '404',         { params: { classId: 'classB' }, note: "a spare-class assignment at class B's address" }],
	['POST /teach/classes/[classId]?/unassign',                               LOGIN,         '403',         '403',         OK,            '404',         '404',         { params: { classId: 'classSpare' } }]
];

// The body each action is posted with: valid for whoever may use it. `[unique]` is a new name.
const FORMS: Record<string, Form> = {
	'POST /login': { username: '[studentAUsername]', password: '[studentAPassword]' },
	'POST /setup': {
		schoolName: 'Take-over School',
		displayName: 'Mallory',
		username: '[unique]',
		password: 'mallory password',
		confirmPassword: 'mallory password'
	},
	'POST /signup': {
		joinCode: '[classCCode]',
		displayName: 'New Pupil',
		username: '[unique]',
		password: 'student password',
		confirmPassword: 'student password'
	},
	// A right current password would end the administrator's other sessions, which the other
	// specs share; a wrong one shows the action is reached, and changes nothing.
	'POST /account?/changePassword': {
		currentPassword: 'not my password',
		password: 'a new password',
		confirmPassword: 'a new password'
	},
	// Standard settings: what every actor has already, so the other specs see no change.
	'POST /account?/reading': { textSize: 'standard', lineSpacing: 'standard', readAloud: 'off' },
	'POST /admin/teachers?/createTeacher': {
		displayName: 'New Teacher',
		username: '[unique]',
		password: 'first password'
	},
	'POST /learn?/joinClass': { joinCode: '[classCCode]' },
	'POST /learn/[module]/[step]?/answer': {
		questionId: 'who-credit',
		option: 'organisation',
		confidence: 'high'
	},
	'POST /learn/[module]/[step]?/draft': { questionId: 'who-genre', option: 'advocacy' },
	'POST /learn/[module]/[step]?/visit': {},
	'POST /teach/modules/[module]/preview/[step]?/answer': {
		questionId: 'who-credit',
		option: 'organisation',
		confidence: 'high'
	},
	'POST /teach/modules/[module]/preview/[step]?/draft': {
		questionId: 'who-genre',
		option: 'advocacy'
	},
	'POST /learn/[module]/summary?/visit': {},
	'POST /teach?/createClass': { name: '[unique]', section: 'Autumn' },
	'POST /teach/modules?/duplicate': { moduleId: '[module]' },
	// Not shared before, not shared after: the other rows need teacher A's lesson unshared.
	'POST /teach/modules?/share': { moduleId: '[ownModule]', shared: 'no' },
	'POST /teach/modules?/publish': { moduleId: '[ownModule]' },
	'POST /teach/modules?/import': { text: '[moduleFile]' },
	'POST /teach/modules/new': NEW_MODULE,
	'POST /teach/modules/[module]/edit?/startDraft': {},
	'POST /teach/modules/[module]/edit?/details': DETAILS,
	'POST /teach/modules/[module]/edit?/stepText': STEP_TEXT,
	'POST /teach/modules/[module]/edit?/addQuestion': ADD_QUESTION,
	'POST /teach/modules/[module]/edit?/removeQuestion': REMOVE_QUESTION,
	'POST /teach/modules/[module]/edit?/glossary': GLOSSARY,
	'POST /teach/modules/[module]/edit?/publish': {},
	'POST /teach/modules/[module]/edit/article?/accept': ACCEPT,
	'POST /teach/modules/[module]/edit/article?/joinSentences': JOIN_SENTENCES,
	'POST /teach/modules/[module]/edit/article?/splitSentence': SPLIT_SENTENCE,
	'POST /teach/modules/[module]/edit/article?/splitParagraph': SPLIT_PARAGRAPH,
	'POST /teach/modules/[module]/edit/article?/joinParagraphs': JOIN_PARAGRAPHS,
	'POST /teach/modules/[module]/edit/questions/[question]?/save': SAVE_QUESTION,
	'POST /teach/modules/[module]/edit/preview/[step]?/answer': {
		questionId: 'who-credit',
		option: 'organisation',
		confidence: 'high'
	},
	'POST /teach/modules/[module]/edit/preview/[step]?/draft': {
		questionId: 'who-genre',
		option: 'advocacy'
	},
	'POST /teach/classes/[classId]?/bulkAdd': { names: '[bulkName]' },
	'POST /teach/classes/[classId]?/resetPassword': { studentId: '[victimReset]', confirm: 'reset' },
	'POST /teach/classes/[classId]?/removeStudent': {
		studentId: '[victimRemove]',
		confirm: 'remove'
	},
	'POST /teach/classes/[classId]?/deleteStudent': {
		studentId: '[victimDelete]',
		confirm: 'delete'
	},
	'POST /teach/classes/[classId]?/assign': { moduleId: MODULE_ID, opensAt: '', dueAt: '' },
	'POST /teach/classes/[classId]?/editAssignment': {
		assignmentId: '[assignmentA]',
		opensAt: '',
		dueAt: '2099-05-01T10:00'
	},
	'POST /teach/classes/[classId]?/openDelayedCheck': {
		delayedCheckOf: '[assignmentA]',
		when: 'now'
	},
	'POST /teach/classes/[classId]?/closeDelayedCheck': { delayedCheckOf: '[assignmentA]' },
	'POST /teach/classes/[classId]?/unassign': { assignmentId: '[assignmentSpare]' },
	'POST /teach/assignments/[assignmentId]/review?/review': {
		attemptId: '[attemptA]',
		...FULL_REVIEW
	},
	'POST /teach/assignments/[assignmentId]/students/[studentId]?/override': {
		attemptId: '[attemptA]',
		score: '55',
		reason: 'Checked by hand'
	}
};

const DEFAULT_PARAMS: Record<string, string> = {
	module: 'module',
	step: 'step',
	classId: 'classA',
	assignmentId: 'assignmentA',
	studentId: 'studentA'
};
/** The lesson editor's pages work on teacher A's scratch draft unless a row says otherwise. */
const EDIT_PARAMS: Record<string, string> = {
	...DEFAULT_PARAMS,
	module: 'editModule',
	question: 'questionToEdit'
};

/** Requests that end the session they are sent with get a session of their own. */
const OWN_SESSION = new Set(['POST /logout']);

type World = {
	actors: (Actor | null)[];
	ids: Record<string, string>;
	victims: Record<'reset' | 'remove' | 'delete', Account>;
	teacherA: Actor;
	/** Text only class A's teacher may read: none of it may reach anyone else. */
	secrets: string[];
	/** Questions teacher A added to the scratch draft, for the removals to take one by one. */
	removable: string[];
};

type Check = {
	/** Once every refused actor has been tried: what they aimed at is as it was. */
	refused?: (world: World) => Promise<void>;
	/** After each actor who is let through, with the cookie jar they used and the answer. */
	allowed?: (world: World, http: APIRequestContext, response: APIResponse) => Promise<void>;
};

async function classPage(world: World, classId = world.ids.classA!) {
	return (await get(world.teacherA.http, `/teach/classes/${classId}`)).text();
}

/** What student A gets at the delayed check of their lesson. */
async function delayedStepStatus(world: World) {
	const http = await copyOf(world.actors[1]!);
	const status = (await get(http, `/learn/${MODULE_ID}/${world.ids.delayedStep}`)).status();
	await http.dispose();
	return status;
}

/**
 * Teacher A's view of a page of the scratch draft. Reading it keeps `editUpdatedAt` current, as a
 * reloaded page would: each allowed edit makes the forms of the page before it stale.
 */
async function editorPage(world: World, page = ''): Promise<string> {
	const response = await get(
		world.teacherA.http,
		`/teach/modules/${world.ids.editModule}/edit${page}`
	);
	expect(response.status()).toBe(200);
	const html = await response.text();
	world.ids.editUpdatedAt = html.match(/name="draftUpdatedAt" value="(\d+)"/)![1]!;
	return html;
}

/** How many paragraphs and sentences the scratch draft's article page shows. */
async function articleShape(world: World): Promise<string> {
	const html = await editorPage(world, '/article');
	const sentences = [...html.matchAll(/<p class="sentence[\s"]/g)].length;
	const paragraphs = new Set([...html.matchAll(/name="paragraph" value="(\d+)"/g)].map((m) => m[1]))
		.size;
	return `${paragraphs} paragraphs, ${sentences} sentences`;
}

const shapeOf = (paragraphs: number, sentences: number) =>
	`${paragraphs} paragraphs, ${sentences} sentences`;

/** Undoes a split the way its author would, so the next actor finds the article as it was. */
async function editArticle(world: World, action: string, form: Form) {
	await editorPage(world, '/article');
	const response = await postForm(
		world.teacherA.http,
		`/teach/modules/${world.ids.editModule}/edit/article?/${action}`,
		{ ...form, draftUpdatedAt: world.ids.editUpdatedAt! }
	);
	expect(response.status(), await response.text()).toBe(200);
}

/** How often the accepted sentence is on the marking question's editor: more often as a target. */
async function acceptedCount(world: World): Promise<number> {
	return (
		(await editorPage(world, '/questions/evidence-unnamed')).split(ACCEPTED_SENTENCE).length - 1
	);
}

async function draftModulePage(world: World): Promise<string> {
	const response = await get(world.teacherA.http, `/teach/modules/${world.ids.draftModule}/edit`);
	expect(response.status()).toBe(200);
	return response.text();
}

// What a user would notice, beyond the database staying the same.
const CHECKS: Record<string, Check> = {
	'POST /login': {
		allowed: async (_world, http) => expect((await get(http, '/learn')).status()).toBe(200)
	},
	'POST /signup': {
		allowed: async (_world, http) => expect((await get(http, '/learn')).status()).toBe(200)
	},
	'POST /logout': {
		allowed: async (_world, http) =>
			expect((await get(http, '/account')).headers()['location']).toBe('/login?next=%2Faccount')
	},
	'POST /learn?/joinClass': {
		allowed: async (world, http) =>
			expect(await (await get(http, '/learn')).text()).toContain(world.ids.classCName)
	},
	'POST /teach/modules/new': {
		allowed: async (_world, http, response) => {
			const page = await get(http, response.headers()['location']!);
			expect(page.status()).toBe(200);
			expect(await page.text()).toContain('Farmers say the water came earlier than ever before.');
		}
	},
	'POST /teach/modules/[module]/edit?/startDraft': {
		// A draft there already is kept as it was, not replaced by the published version.
		allowed: async (world) =>
			expect(await draftModulePage(world)).toContain(
				`name="draftUpdatedAt" value="${world.ids.draftModuleUpdatedAt}"`
			)
	},
	'POST /teach/modules/[module]/edit?/details': {
		refused: async (world) => expect(await editorPage(world)).not.toContain('Edited by its author'),
		allowed: async (world) => expect(await editorPage(world)).toContain('Edited by its author')
	},
	'POST /teach/modules/[module]/edit?/stepText': {
		refused: async (world) =>
			expect(await editorPage(world)).not.toContain('Ask who wrote this, and for whom.'),
		allowed: async (world) =>
			expect(await editorPage(world)).toContain('Ask who wrote this, and for whom.')
	},
	'POST /teach/modules/[module]/edit?/addQuestion': {
		allowed: async (world, http, response) => {
			const location = response.headers()['location']!;
			expect((await get(http, location)).status()).toBe(200);
			const added = location.split('/').pop()!;
			expect(await editorPage(world)).toContain(`name="question" value="${added}"`);
		}
	},
	'POST /teach/modules/[module]/edit?/removeQuestion': {
		refused: async (world) =>
			expect(await editorPage(world)).toContain(`name="question" value="${world.ids.removable}"`),
		allowed: async (world) => {
			expect(await editorPage(world)).not.toContain(
				`name="question" value="${world.ids.removable}"`
			);
			world.ids.removable = world.removable.shift()!;
		}
	},
	'POST /teach/modules/[module]/edit?/glossary': {
		refused: async (world) =>
			expect(await editorPage(world)).not.toContain('value="Lateral reading"'),
		allowed: async (world) => expect(await editorPage(world)).toContain('value="Lateral reading"')
	},
	'POST /teach/modules/[module]/edit/article?/accept': {
		refused: async (world) =>
			expect(await acceptedCount(world)).toBe(Number(world.ids.acceptedCount)),
		// Accepting the same sentence again (the second actor) leaves the question as it was.
		allowed: async (world) =>
			expect(await acceptedCount(world)).toBeGreaterThan(Number(world.ids.acceptedCount))
	},
	'POST /teach/modules/[module]/edit/article?/joinSentences': {
		refused: async (world) => expect(await articleShape(world)).toBe(shapeOf(9, 22)),
		allowed: async (world) => {
			const shape = await articleShape(world);
			expect([shapeOf(9, 21), shapeOf(9, 20)]).toContain(shape);
		}
	},
	'POST /teach/modules/[module]/edit/article?/splitSentence': {
		allowed: async (world) => {
			expect(await articleShape(world)).toBe(shapeOf(9, 21));
			await editArticle(world, 'joinSentences', { paragraph: '1', sentence: '1' });
			expect(await articleShape(world)).toBe(shapeOf(9, 20));
		}
	},
	'POST /teach/modules/[module]/edit/article?/splitParagraph': {
		allowed: async (world) => {
			expect(await articleShape(world)).toBe(shapeOf(10, 20));
			await editArticle(world, 'joinParagraphs', { paragraph: '1' });
			expect(await articleShape(world)).toBe(shapeOf(9, 20));
		}
	},
	'POST /teach/modules/[module]/edit/article?/joinParagraphs': {
		refused: async (world) => expect(await articleShape(world)).toBe(shapeOf(9, 20)),
		allowed: async (world) =>
			expect([shapeOf(8, 20), shapeOf(7, 20)]).toContain(await articleShape(world))
	},
	'POST /teach/modules/[module]/edit/questions/[question]?/save': {
		refused: async (world) =>
			expect(await editorPage(world, `/questions/${world.ids.questionToEdit}`)).not.toContain(
				'Who wrote this article?'
			),
		allowed: async (world) =>
			expect(await editorPage(world, `/questions/${world.ids.questionToEdit}`)).toContain(
				'Who wrote this article?'
			)
	},
	'POST /teach/modules/[module]/edit?/publish': {
		refused: async (world) =>
			expect(await draftModulePage(world)).toContain('Draft: not yet published.'),
		allowed: async (world) => {
			expect(await draftModulePage(world)).toMatch(/Version \d+ is published/);
			// Teacher A opens the next version, so the administrator has a draft to publish too.
			const started = await postForm(
				world.teacherA.http,
				`/teach/modules/${world.ids.draftModule}/edit?/startDraft`,
				{}
			);
			expect(started.status()).toBe(303);
			expect(await draftModulePage(world)).toContain(world.ids.draftTitle);
		}
	},
	'POST /teach/classes/[classId]?/newCode': {
		refused: async (world) => expect(await classPage(world)).toContain(world.ids.classACode),
		allowed: async (world) => {
			const code = (await classPage(world)).match(
				/class="join-code[^"]*"[^>]*>\s*([A-Z0-9]{6})/
			)![1]!;
			expect(code).not.toBe(world.ids.classACode);
			world.ids.classACode = code;
		}
	},
	'POST /teach/classes/[classId]?/disableCode': {
		refused: async (world) => expect(await classPage(world)).toContain(world.ids.classACode),
		allowed: async (world) =>
			expect(await classPage(world)).toContain('Joining with a code is turned off.')
	},
	'POST /teach/classes/[classId]?/bulkAdd': {
		refused: async (world) => expect(await classPage(world)).not.toContain(world.ids.bulkName),
		allowed: async (world) => expect(await classPage(world)).toContain(world.ids.bulkName)
	},
	'POST /teach/classes/[classId]?/resetPassword': {
		refused: async (world) => expect(await canSignIn(world.victims.reset)).toBe(true),
		allowed: async (world) => expect(await canSignIn(world.victims.reset)).toBe(false)
	},
	'POST /teach/classes/[classId]?/removeStudent': {
		refused: async (world) =>
			expect(await classPage(world)).toContain(`<code>${world.victims.remove.username}</code>`),
		allowed: async (world) =>
			expect(await classPage(world)).not.toContain(`<code>${world.victims.remove.username}</code>`)
	},
	'POST /teach/classes/[classId]?/deleteStudent': {
		refused: async (world) => expect(await canSignIn(world.victims.delete)).toBe(true),
		allowed: async (world) => expect(await canSignIn(world.victims.delete)).toBe(false)
	},
	'POST /teach/classes/[classId]?/assign': {
		refused: async (world) =>
			expect(await classPage(world, world.ids.classFresh)).toContain('No lessons are assigned'),
		allowed: async (world) =>
			expect(await classPage(world, world.ids.classFresh)).toMatch(/href="\/teach\/assignments\//)
	},
	'POST /teach/classes/[classId]?/editAssignment': {
		refused: async (world) => expect(await classPage(world)).not.toContain('2099-05-01T10:00'),
		allowed: async (world) => expect(await classPage(world)).toContain('value="2099-05-01T10:00"')
	},
	'POST /teach/classes/[classId]?/openDelayedCheck': {
		refused: async (world) => {
			expect(await classPage(world)).toContain('Delayed check not opened yet');
			expect(await delayedStepStatus(world)).toBe(403);
		},
		allowed: async (world) => {
			expect(await classPage(world)).toContain('Delayed check open since');
			expect(await delayedStepStatus(world)).toBe(200);
		}
	},
	'POST /teach/classes/[classId]?/closeDelayedCheck': {
		refused: async (world) => {
			expect(await classPage(world)).toContain('Delayed check open since');
			expect(await delayedStepStatus(world)).toBe(200);
		},
		allowed: async (world) => {
			expect(await classPage(world)).toContain('Delayed check not opened yet');
			expect(await delayedStepStatus(world)).toBe(403);
		}
	},
	'POST /teach/classes/[classId]?/unassign': {
		refused: async (world) =>
			expect(await classPage(world, world.ids.classSpare)).toContain(world.ids.assignmentSpare),
		allowed: async (world) =>
			expect(await classPage(world, world.ids.classSpare)).not.toContain(world.ids.assignmentSpare)
	},
	'POST /teach/assignments/[assignmentId]/review?/review': {
		allowed: async (world) => {
			const page = await get(
				world.teacherA.http,
				`/teach/assignments/${world.ids.assignmentA}/review`
			);
			expect(await page.text()).toContain('Reviewed · 100%');
		}
	},
	'POST /teach/assignments/[assignmentId]/students/[studentId]?/override': {
		allowed: async (world) => {
			const page = await get(
				world.teacherA.http,
				`/teach/assignments/${world.ids.assignmentA}/students/${world.ids.studentA}`
			);
			expect(await page.text()).toContain('Checked by hand');
		}
	}
};

function fill(template: string, params: Record<string, string>, ids: Record<string, string>) {
	return template.replace(/\[(\w+)\]/g, (_whole, name: string) => {
		if (name === 'unique') return uniqueName('u');
		const value = params[name] ?? ids[name];
		if (value === undefined) throw new Error(`No value for [${name}] in "${template}"`);
		return value;
	});
}

function requestOf(row: Row, world: World) {
	const [key, , , , , , , options = {}] = row;
	const [method, route] = key.split(' ') as [string, string];
	const [routePath, action = ''] = route.split('?');
	const params: Record<string, string> = {};
	for (const [, name] of routePath!.matchAll(/\[(\w+)\]/g)) {
		const defaults = routePath!.includes('/edit') ? EDIT_PARAMS : DEFAULT_PARAMS;
		params[name!] = world.ids[options.params?.[name!] ?? defaults[name!]!]!;
	}
	const path = fill(routePath!, params, {}) + (action ? `?${action}` : '') + (options.query ?? '');
	const form = options.form ?? FORMS[key] ?? {};
	return {
		key,
		method,
		path,
		form: () =>
			Object.fromEntries(Object.entries(form).map(([k, v]) => [k, fill(v, params, world.ids)])),
		expected: (cell: string) =>
			cell === LOGIN
				? `303 → /login?next=${encodeURIComponent(path)}`
				: fill(cell, params, world.ids)
	};
}

function observed(response: APIResponse): string {
	const location = response.headers()['location'];
	return location === undefined ? String(response.status()) : `${response.status()} → ${location}`;
}

const isRefusal = (cell: string) => cell === LOGIN || /^4\d\d$/.test(cell);

function dataUrlOf(path: string) {
	const [pathname, search] = path.split('?');
	return `${pathname === '/' ? '' : pathname}/__data.json${search === undefined ? '' : `?${search}`}`;
}

let world: World;

test.beforeAll(async () => {
	const admin = await signInAsAdmin();
	const teacherA = await newTeacher(admin, 'Teacher A');
	const teacherB = await newTeacher(admin, 'Teacher B');
	const classA = await newClass(teacherA, 'Class A ');
	const classSpare = await newClass(teacherA, 'Spare ');
	const classFresh = await newClass(teacherA, 'Fresh ');
	const classB = await newClass(teacherB, 'Class B ');
	const classC: Klass = await newClass(admin, 'Class C ');
	const assignmentA = await assignLesson(teacherA, classA.id);
	const assignmentSpare = await assignLesson(teacherA, classSpare.id);
	const assignmentB = await assignLesson(teacherB, classB.id, '2099-01-01T00:00');
	const studentA = await newStudent(classA.joinCode, 'Student A');
	const studentB = await newStudent(classB.joinCode, 'Student B');
	const victims = {
		reset: await newStudent(classA.joinCode, 'Victim of a reset'),
		remove: await newStudent(classA.joinCode, 'Victim of a removal'),
		delete: await newStudent(classA.joinCode, 'Victim of a deletion')
	};
	const attemptA = await answerQuestion(studentA, WRITTEN_STEP, WRITTEN_ANSWER);
	// Teacher A's own lesson, published and not shared: the shipped one, imported as theirs.
	const moduleFile = await moduleFileOf(teacherA);
	const ownModule = await newLesson(teacherA, 'import', { text: moduleFile });
	await publishLesson(teacherA, ownModule);
	// Drafts of teacher A's: one valid, to preview and publish, its title for no one else's eyes; one
	// to edit; and one just written from an article, with its questions still to write.
	const draftTitle = uniqueName('Secret draft ');
	const draftModule = await newLesson(teacherA, 'import', {
		text: moduleFile.replace(/^title: .*$/m, `title: ${draftTitle}`)
	});
	const editModule = await newLesson(teacherA, 'import', { text: moduleFile });
	const newHeadline = 'Rivers of the valley';
	const created = await postForm(teacherA.http, '/teach/modules/new', {
		...NEW_MODULE,
		headline: newHeadline
	});
	expect(created.status(), await created.text()).toBe(303);
	const problemModule = created.headers()['location']!.match(/^\/teach\/modules\/([^/]+)\//)![1]!;
	const removable = [
		await addQuestionTo(teacherA, editModule),
		await addQuestionTo(teacherA, editModule),
		await addQuestionTo(teacherA, editModule)
	];
	const staleUpdatedAt = await draftTimeOf(teacherA.http, editModule);
	const questionToEdit = await addQuestionTo(teacherA, editModule);
	const ids: Record<string, string> = {
		module: MODULE_ID,
		step: 'who-is-behind-it',
		delayedStep: 'delayed-check',
		noSuchModule: 'no-such-lesson',
		ownModule,
		moduleFile,
		unknownUuid: '00000000-0000-4000-8000-000000000000',
		classA: classA.id,
		classACode: classA.joinCode,
		classSpare: classSpare.id,
		classFresh: classFresh.id,
		classB: classB.id,
		classCCode: classC.joinCode,
		classCName: classC.name,
		assignmentA,
		assignmentSpare,
		assignmentB,
		studentA: await studentIdOf(teacherA, classA.id, studentA.username),
		studentB: await studentIdOf(teacherB, classB.id, studentB.username),
		studentAUsername: studentA.username,
		studentAPassword: studentA.password,
		attemptA,
		bulkName: uniqueName('Bulk Pupil '),
		victimReset: await studentIdOf(teacherA, classA.id, victims.reset.username),
		victimRemove: await studentIdOf(teacherA, classA.id, victims.remove.username),
		victimDelete: await studentIdOf(teacherA, classA.id, victims.delete.username),
		draftModule,
		draftTitle,
		draftModuleUpdatedAt: await draftTimeOf(teacherA.http, draftModule),
		editModule,
		problemModule,
		newHeadline,
		removable: removable.shift()!,
		staleUpdatedAt,
		questionToEdit,
		questionOfShipped: 'who-credit',
		noSuchQuestion: 'no-such-question'
	};
	world = {
		actors: [null, studentA, studentB, teacherA, teacherB, admin],
		ids,
		victims,
		teacherA,
		secrets: [classA.name, studentA.username, PLAN_TEXT.slice(0, 60), draftTitle],
		removable
	};
	expect(await articleShape(world)).toBe(shapeOf(9, 22));
	world.ids.acceptedCount = String(await acceptedCount(world));
});

test('the table has a row for every page, endpoint and form action of the app', () => {
	const inTable = [...new Set(MATRIX.map(([key]) => key))].sort();
	expect(inTable, 'MATRIX rows (received) against the routes under src/routes').toEqual(
		routeInventory()
	);
	for (const key of Object.keys(FORMS)) expect(inTable).toContain(key);
});

for (const row of MATRIX) {
	const [key, ...rest] = row;
	const options = rest[6] as Options | undefined;
	test(options?.note ? `${key} (${options.note})` : key, async () => {
		const request = requestOf(row, world);
		const cells = rest.slice(0, 6) as string[];
		const order = ACTORS.map((_, i) => i).sort(
			(a, b) => Number(isRefusal(cells[b]!)) - Number(isRefusal(cells[a]!))
		);
		const check = (!options?.note && CHECKS[key]) || {};
		let checkedRefusals = false;
		for (const index of order) {
			const actor = world.actors[index]!;
			const cell = cells[index]!;
			if (!isRefusal(cell) && !checkedRefusals) {
				checkedRefusals = true;
				await check.refused?.(world);
			}
			const http =
				OWN_SESSION.has(key) && actor
					? (await signInOverHttp(actor, actor.home)).http
					: await copyOf(actor);
			const before = isRefusal(cell) ? digestServerDb() : null;
			const response =
				request.method === 'GET'
					? await get(http, request.path)
					: await postForm(http, request.path, request.form());
			const as = `${request.method} ${request.path} as ${ACTORS[index]}`;
			const expected = request.expected(cell);
			if (expected.endsWith('…')) {
				const start = expected.slice(0, -1);
				const seen = observed(response);
				expect.soft(seen.startsWith(start) ? start : seen, as).toBe(start);
			} else {
				expect.soft(observed(response), as).toBe(expected);
			}
			if (before) {
				expect(digestServerDb(), `${as} changed the database`).toEqual(before);
				if (request.method === 'GET') {
					const data = await get(http, dataUrlOf(request.path));
					for (const body of [await response.text(), await data.text()]) {
						for (const secret of world.secrets) expect(body, as).not.toContain(secret);
					}
				}
			} else {
				await check.allowed?.(world, http, response);
			}
			await http.dispose();
		}
		if (!checkedRefusals) await check.refused?.(world);
	});
}
