// The app's own module loader, grader and password hashing, loaded through Vite (the project's
// build tool) so seeded answers are checked and graded exactly as the server grades a post,
// without a second copy of either in JavaScript.
import { createServer } from 'vite';

/**
 * @typedef {{ answer: object, score: number | null, correct: boolean }} GradedAnswer
 * @typedef {{ id: string, type: string, once: boolean, confidence: boolean, minWords: number,
 *   right: GradedAnswer[], wrong: GradedAnswer[], drafts: object[],
 *   rubric: { id: string, levels: number[] }[] }} QuestionAnswers
 */

const WRITTEN_SENTENCES = [
	'The article was written for the media office of Hizb ut Tahrir, so it speaks for that group.',
	'It calls the threat imaginary but names nobody who checked the border.',
	'Observers and experts are mentioned without names, so a reader cannot check them.',
	'The words corrupt regime judge the government before any evidence is given.',
	'I would search for reports from independent news agencies about clashes at the border.',
	'An encyclopedia entry would tell me who Hizb ut Tahrir are and what they want.',
	'If independent reports described militants crossing the border, the article would be wrong.',
	'The ratification of the agreement is a checkable fact that parliament records could confirm.',
	'The article is right to ask for evidence, but it gives little evidence of its own.',
	'Shohiyon is named, so what he said can be looked up and compared.'
];

/** Enough words for any written question, varied per student. */
export function writtenText(random, minWords) {
	const sentences = [];
	let words = 0;
	while (words < minWords + 5) {
		const sentence = WRITTEN_SENTENCES[Math.floor(random() * WRITTEN_SENTENCES.length)];
		sentences.push(sentence);
		words += sentence.split(/\s+/).length;
	}
	return sentences.join(' ');
}

/** The fields a step's form posts for an answer, as the lesson page's inputs name them. */
export function formFieldsOf(answer, confidence) {
	const fields = [];
	switch (answer.type) {
		case 'single':
		case 'multiple':
			for (const option of answer.options) fields.push(['option', option]);
			break;
		case 'mark':
			for (const sentence of answer.sentences) fields.push(['sentence', sentence]);
			break;
		case 'sort':
			for (const [claim, category] of Object.entries(answer.placements)) {
				fields.push([`claim-${claim}`, category]);
			}
			break;
		case 'written':
			fields.push(['text', answer.text]);
			for (const [criterion, score] of Object.entries(answer.selfAssessment)) {
				fields.push([`self-${criterion}`, String(score)]);
			}
			break;
	}
	if (confidence) fields.push(['confidence', confidence]);
	return fields;
}

/** Candidate answers to a question: complete ones (some right, some not) and half-done drafts. */
function candidatesFor(question) {
	switch (question.type) {
		case 'single':
			return {
				complete: question.options.map((o) => ({ type: 'single', options: [o.id] })),
				drafts: [{ type: 'single', options: [question.options[0].id] }]
			};
		case 'multiple': {
			const right = question.options.filter((o) => o.correct).map((o) => o.id);
			const wrong = question.options.filter((o) => !o.correct).map((o) => o.id);
			return {
				complete: [right, right.slice(0, -1), [...right, wrong[0]], [wrong[0]]].map((options) => ({
					type: 'multiple',
					options
				})),
				drafts: [{ type: 'multiple', options: right.slice(0, 1) }]
			};
		}
		case 'mark': {
			const roles = [...question.sentenceRoles];
			const targets = roles.filter(([, r]) => r.role === 'target').map(([id]) => id);
			const decoy = roles.find(([, r]) => r.role === 'decoy')?.[0] ?? 's1';
			return {
				complete: [targets, targets.slice(0, -1), [...targets, decoy], [decoy]].map(
					(sentences) => ({ type: 'mark', sentences })
				),
				drafts: [{ type: 'mark', sentences: targets.slice(0, 1) }]
			};
		}
		case 'sort': {
			const categories = question.categories.map((c) => c.id);
			const misplacing = (count) => ({
				type: 'sort',
				placements: Object.fromEntries(
					question.claims.map((c, i) => [
						c.id,
						i < count
							? categories[(categories.indexOf(c.category) + 1) % categories.length]
							: c.category
					])
				)
			});
			return {
				complete: [
					misplacing(0),
					misplacing(1),
					misplacing(3),
					{
						type: 'sort',
						placements: Object.fromEntries(question.claims.map((c) => [c.id, categories.at(-1)]))
					}
				],
				drafts: [
					{
						type: 'sort',
						placements: Object.fromEntries(
							question.claims.slice(0, 2).map((c) => [c.id, c.category])
						)
					}
				]
			};
		}
		case 'written':
			// Written answers are scored by the teacher; their text is made per student.
			return { complete: [], drafts: [] };
	}
	throw new Error(`No answers for question type ${question.type}`);
}

/**
 * Loads one shipped version of the module (lessons/<id>/v<N>.yaml) with the app's own code and
 * prepares, for every question, answers graded by the app's grader: right ones, wrong or partly
 * right ones, and half-done drafts. Also hashes the one password every seeded account shares.
 */
export async function loadLesson(moduleId, version, password) {
	// SvelteKit's plugin takes the project from the working directory.
	const vite = await createServer({
		logLevel: 'error',
		server: { middlewareMode: true, hmr: false, watch: null },
		appType: 'custom',
		optimizeDeps: { noDiscovery: true, include: [] }
	});
	try {
		const modules = await vite.ssrLoadModule('/src/lib/server/modules.ts');
		const { grade, parseSubmission } = await vite.ssrLoadModule(
			'/src/lib/question-types/registry.server.ts'
		);
		const { articleContext } = await vite.ssrLoadModule(
			'/src/lib/question-types/article-context.ts'
		);
		const { hashPassword } = await vite.ssrLoadModule('/src/lib/server/password.ts');
		const module = modules.shippedModule(moduleId, version);
		if (!module) {
			throw new Error(`No lesson module "${moduleId}" version ${version} under lessons/`);
		}
		const context = articleContext(module.article);

		const toForm = (questionId, fields) => {
			const form = new FormData();
			form.append('questionId', questionId);
			for (const [name, value] of fields) form.append(name, value);
			return form;
		};
		const accepts = (question, answer, confidence, complete) =>
			parseSubmission(
				question,
				toForm(question.id, formFieldsOf(answer, confidence)),
				context,
				complete
			).error === undefined;

		/** @type {Map<string, QuestionAnswers>} */
		const questions = new Map();
		for (const question of module.questions.values()) {
			const confidence = 'confidence' in question && question.confidence === true;
			const { complete, drafts } = candidatesFor(question);
			const graded = complete
				.filter((answer) => accepts(question, answer, confidence ? 'medium' : null, true))
				.map((answer) => {
					const grading = grade(question, answer);
					return { answer, score: grading.score, correct: grading.correct };
				});
			const entry = {
				id: question.id,
				type: question.type,
				once: question.once,
				confidence,
				minWords: question.type === 'written' ? question.minWords : 0,
				rubric:
					question.type === 'written'
						? question.rubric.map((c) => ({ id: c.id, levels: c.levels.map((l) => l.score) }))
						: [],
				right: graded.filter((a) => a.correct),
				wrong: graded.filter((a) => !a.correct),
				drafts: drafts.filter((answer) => accepts(question, answer, null, false))
			};
			if (question.type !== 'written' && (entry.right.length === 0 || entry.wrong.length === 0)) {
				throw new Error(`The bench found no right and wrong answers for question ${question.id}`);
			}
			questions.set(question.id, entry);
		}
		return {
			id: module.id,
			version: module.version,
			steps: module.steps.map((s) => ({ slug: s.slug, questionIds: s.questionIds })),
			questions,
			passwordHash: await hashPassword(password),
			/** Whether the step's actions would accept this answer (complete, or as a draft). */
			accepts: (questionId, answer, confidence, complete) =>
				accepts(module.questions.get(questionId), answer, confidence, complete),
			/**
			 * Publishes the shipped modules into a database as the server does at start-up, so the
			 * seeded assignments find their version there. (Plain code once loaded: it needs only
			 * the database it is given, so it outlives the Vite server.)
			 */
			publishShippedModules: (db, now) => modules.publishShippedModules(db, now)
		};
	} finally {
		await vite.close();
	}
}
