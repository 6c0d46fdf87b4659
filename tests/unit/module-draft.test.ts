import { describe, expect, it } from 'vitest';
import { lessonSkeleton } from '$lib/server/lesson-skeleton';
import {
	acceptAsMarkTarget,
	addQuestion,
	asDraft,
	DraftEditError,
	draftProblems,
	draftWarnings,
	findQuestion,
	quoteSourceOf,
	removeQuestion,
	withQuestion,
	withStepText
} from '$lib/server/module-draft';
import { ARTICLE, fillBlanks } from '../fixtures/skeleton';

const skeleton = () =>
	asDraft(lessonSkeleton({ id: 'elm-street', title: 'Elm Street', article: ARTICLE }));
const filled = () =>
	asDraft(fillBlanks(lessonSkeleton({ id: 'elm-street', title: 'Elm Street', article: ARTICLE })));

describe('editing a draft', () => {
	it('refuses a document that lost its article, steps or questions', () => {
		expect(() => asDraft({ title: 'x' })).toThrow(DraftEditError);
		expect(() => asDraft(null)).toThrow(DraftEditError);
	});

	it('lists what stops the skeleton from being published, and nothing once its blanks are written', () => {
		expect(draftProblems(skeleton()).length).toBeGreaterThan(5);
		expect(draftProblems(filled())).toEqual([]);
	});

	it('adds a blank question at the end of a step under a new id, and removes it again', () => {
		const draft = filled();
		const { document, questionId } = addQuestion(draft, 'what-is-the-evidence', 'sort');
		expect(findQuestion(document, questionId)?.type).toBe('sort');
		const step = document.steps.find((s) => s.slug === 'what-is-the-evidence')!;
		expect(step.blocks.at(-1)).toEqual({ question: questionId });
		// Blank, it stops publishing until it is written or removed.
		expect(draftProblems(document).some((p) => p.includes(`(${questionId})`))).toBe(true);
		const second = addQuestion(document, 'what-is-the-evidence', 'sort');
		expect(second.questionId).not.toBe(questionId);
		expect(draftProblems(removeQuestion(second.document, second.questionId))).toEqual(
			draftProblems(document)
		);
		expect(() => addQuestion(draft, 'no-such-step', 'single')).toThrow(DraftEditError);
	});

	it('unlinks a later check item from a pre-check item that is removed', () => {
		const draft = filled();
		const twin = draft.questions.find((q) => q.twinOf);
		expect(twin).toBeDefined();
		const without = removeQuestion(draft, twin!.twinOf!);
		expect(findQuestion(without, twin!.id)?.twinOf).toBeUndefined();
	});

	it('keeps a question’s id whatever the saved key says', () => {
		const draft = filled();
		const question = draft.questions[0]!;
		const saved = withQuestion(draft, question.id, {
			...question,
			id: 'renamed',
			prompt: 'Changed?'
		});
		expect(findQuestion(saved, question.id)?.prompt).toBe('Changed?');
		expect(findQuestion(saved, 'renamed')).toBeUndefined();
		expect(() => withQuestion(draft, 'ghost', question)).toThrow(DraftEditError);
	});

	it('rewrites prose blocks only', () => {
		const draft = filled();
		const step = draft.steps[1]!;
		const proseAt = step.blocks.findIndex((b) => 'markdown' in b);
		const questionAt = step.blocks.findIndex((b) => 'question' in b);
		const edited = withStepText(draft, step.slug, proseAt, 'New words.');
		expect(edited.steps[1]!.blocks[proseAt]).toEqual({ markdown: 'New words.' });
		expect(() => withStepText(draft, step.slug, questionAt, 'x')).toThrow(DraftEditError);
	});

	it('accepts a suggested sentence as a target to mark, once, with its feedback still to write', () => {
		const draft = filled();
		const mark = draft.questions.find((q) => q.type === 'mark')!;
		const sentence = ARTICLE.paragraphs[1]![1]!;
		const once = acceptAsMarkTarget(draft, mark.id, sentence);
		const targets = (
			findQuestion(once, mark.id) as typeof mark & {
				targets: { quote: string; feedback: string }[];
			}
		).targets;
		expect(targets.at(-1)).toEqual({ quote: sentence, feedback: '' });
		expect(acceptAsMarkTarget(once, mark.id, sentence)).toBe(once);
		expect(draftProblems(once).some((p) => p.includes(`(${mark.id})`))).toBe(true);
		const single = draft.questions.find((q) => q.type === 'single')!;
		expect(() => acceptAsMarkTarget(draft, single.id, sentence)).toThrow(DraftEditError);
	});

	it('quotes come from the article, headline and credit line included', () => {
		const draft = filled();
		const source = quoteSourceOf(draft, draft.questions[0]!.id);
		expect(source.sentences[0]).toBe(ARTICLE.headline);
		expect(source.sentences).toContain(ARTICLE.paragraphs[1]![2]);
		expect(source.byline).toBe(ARTICLE.creditLine);
	});
});

describe('warnings about item writing', () => {
	it('says when a post-check’s right answer is in the lesson’s own feedback word for word', () => {
		const draft = filled();
		expect(draftWarnings(draft)).toEqual([]);
		const post = draft.steps.find((s) => s.kind === 'post-check')!;
		const postId = post.blocks.flatMap((b) => ('question' in b ? [b.question] : []))[0]!;
		const postQuestion = findQuestion(draft, postId)!;
		if (postQuestion.type !== 'single' && postQuestion.type !== 'multiple')
			throw new Error('expected a choice');
		const right = postQuestion.options.find((o) => o.correct)!;
		const lesson = draft.steps.find(
			(s) => s.kind === 'lesson' && s.blocks.some((b) => 'question' in b)
		)!;
		const lessonId = lesson.blocks.flatMap((b) => ('question' in b ? [b.question] : []))[0]!;
		const lessonQuestion = findQuestion(draft, lessonId)!;
		const taught = withQuestion(draft, lessonId, {
			...lessonQuestion,
			explanation: `Remember: ${right.text.replace(/\.$/, '')} when you check.`
		} as typeof lessonQuestion);
		const longRight = right.text.split(/\s+/).length >= 4;
		expect(draftWarnings(taught).some((w) => w.startsWith(`${postId}:`))).toBe(longRight);
	});

	it('says when a sort cannot measure discernment because a compared category has no claim', () => {
		const draft = filled();
		const sort = draft.questions.find((q) => q.type === 'sort' && q.discernment)!;
		if (sort.type !== 'sort') throw new Error('expected a sort');
		const keep = sort.discernment!.keep;
		const without = withQuestion(draft, sort.id, {
			...sort,
			claims: sort.claims.filter((c) => c.category !== keep)
		});
		expect(draftWarnings(without)).toEqual([
			`${sort.id}: no claim is in “${keep}”, so discernment (telling supported from unsupported claims) cannot be measured.`
		]);
	});
});
