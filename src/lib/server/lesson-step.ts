import { randomUUID } from 'node:crypto';
import { fail, type RequestEvent } from '@sveltejs/kit';
import type {
	Answer,
	AttemptView,
	Confidence,
	LessonStepData,
	QuestionState,
	TeacherReview
} from '$lib/lesson';
import { grade, publicQuestion } from '$lib/question-types/registry.server';
import { readFormData } from './forms';
import { articleGlossary } from './glossary';
import type { LessonModule, ModuleQuestion, Step } from './module-document';
import { questionsOfStep } from './modules';

// One lesson step as its page shows it: to a student, with their work, and to a teacher
// previewing it, with none.

export type StoredAttempt = {
	id: string;
	question_id: string;
	attempt_no: number;
	answer: string;
	confidence: string | null;
	created_at: number;
};

/** An attempt with its feedback, graded by the key of the version it was made on. */
export function attemptView(
	question: ModuleQuestion,
	attempt: Omit<StoredAttempt, 'question_id' | 'id'>,
	review: TeacherReview | null = null
): AttemptView {
	const answer = JSON.parse(attempt.answer) as Answer;
	return {
		attemptNo: attempt.attempt_no,
		answer,
		confidence: attempt.confidence as Confidence | null,
		createdAt: attempt.created_at,
		grading: grade(question, answer),
		review
	};
}

/** What a version's pages share: a version never changes, so each is worked out once. */
const perVersion = new WeakMap<LessonModule, ReturnType<typeof versionParts>>();

function versionParts(module: LessonModule) {
	return {
		publicQuestions: new Map(
			[...module.questions.values()].map((question) => [question.id, publicQuestion(question)])
		),
		steps: module.steps.map((s) => ({
			slug: s.slug,
			title: s.title,
			number: s.number,
			check: s.check ?? null
		})),
		glossary: articleGlossary(module)
	};
}

function partsOf(module: LessonModule) {
	let parts = perVersion.get(module);
	if (!parts) perVersion.set(module, (parts = versionParts(module)));
	return parts;
}

export function stepData(
	module: LessonModule,
	step: Step,
	work: {
		attempts: (StoredAttempt & { review: TeacherReview | null })[];
		drafts: Map<string, Answer>;
		retry: string | null;
	}
): LessonStepData {
	const parts = partsOf(module);
	const questions: Record<string, QuestionState> = {};
	for (const question of questionsOfStep(module, step)) {
		const all = work.attempts.filter((a) => a.question_id === question.id);
		// The page shows the latest attempt's feedback and the first's score (the one that counts):
		// attempts in between are not sent, or graded.
		const own = (all.length > 2 ? [all[0]!, all.at(-1)!] : all).map((a) =>
			attemptView(question, a, a.review)
		);
		questions[question.id] = {
			question: parts.publicQuestions.get(question.id)!,
			attempts: own,
			draft: work.drafts.get(question.id) ?? null,
			locked: question.once && own.length > 0,
			submissionId: randomUUID()
		};
	}
	// A marking question needs the article even on a step that does not show it beside.
	const needsArticle =
		step.article === 'beside' || Object.values(questions).some((q) => q.question.type === 'mark');
	return {
		module: { id: module.id, title: module.meta.title, sourceNote: module.meta.source.note },
		steps: parts.steps,
		step: {
			slug: step.slug,
			title: step.title,
			number: step.number,
			article: step.article,
			blocks: step.blocks
		},
		article: needsArticle ? (step.passage ?? module.article) : null,
		passageNote: step.passage?.note ?? null,
		// The glossary explains the article's words; a check's own passage has none.
		glossary: needsArticle && !step.passage ? parts.glossary : null,
		questions,
		answeredCount: new Set(
			work.attempts.map((a) => a.question_id).filter((id) => module.questions.has(id))
		).size,
		questionCount: module.questions.size,
		retry: work.retry
	};
}

/** The posted form and the question it answers, which must be on this step. */
export async function readSubmission(event: RequestEvent, module: LessonModule, step: Step) {
	const { form, problem } = await readFormData(event.request);
	if (!form) return { failure: fail(400, { questionId: '', message: problem }) };
	const questionId = form.get('questionId');
	if (typeof questionId !== 'string' || !step.questionIds.includes(questionId)) {
		return {
			failure: fail(404, { questionId: '', message: 'That question is not part of this step.' })
		};
	}
	return { form, question: module.questions.get(questionId)! };
}
