import type { Answer } from '$lib/lesson';
import { CONFIDENCE_LEVELS } from '$lib/lesson';
import type { AttemptRow } from './attempts';
import { grade } from './grading';
import type { LessonModule } from './lessons';

const mean = (values: number[]) =>
	values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;

export type StudentSummary = ReturnType<typeof summariseStudent>;

/** One student's module results, from first attempts: the ones that count. */
export function summariseStudent(module: LessonModule, attempts: AttemptRow[]) {
	const firstAttempts = new Map<string, AttemptRow>();
	for (const attempt of attempts) {
		const known = firstAttempts.get(attempt.question_id);
		if (!known || attempt.attempt_no < known.attempt_no)
			firstAttempts.set(attempt.question_id, attempt);
	}
	const scoreOf = (questionId: string) => firstAttempts.get(questionId)?.score ?? null;

	const parts = module.steps.map((step) => {
		const scored = step.questionIds.filter((id) => module.questions.get(id)!.type !== 'written');
		const scores = scored.map(scoreOf).filter((s): s is number => s !== null);
		return {
			slug: step.slug,
			title: step.title,
			number: step.number,
			check: step.check ?? null,
			questions: step.questionIds.length,
			answered: step.questionIds.filter((id) => firstAttempts.has(id)).length,
			score: mean(scores),
			scoredCount: scores.length,
			scorableCount: scored.length
		};
	});

	const checkScore = (check: 'pre' | 'post') => {
		const ids = module.steps.filter((s) => s.check === check).flatMap((s) => s.questionIds);
		const scores = ids.map(scoreOf);
		return scores.every((s) => s !== null) && scores.length > 0 ? mean(scores as number[]) : null;
	};
	const skills = new Map<string, { pre: number | null; post: number | null }>();
	for (const step of module.steps) {
		if (!step.check) continue;
		for (const id of step.questionIds) {
			const question = module.questions.get(id)!;
			const skill = 'skill' in question && question.skill ? question.skill : id;
			const entry = skills.get(skill) ?? { pre: null, post: null };
			entry[step.check] = scoreOf(id);
			skills.set(skill, entry);
		}
	}
	const pre = checkScore('pre');
	const post = checkScore('post');

	const discernment = [...module.questions.values()].flatMap((question) => {
		if (question.type !== 'sort' || !question.discernment) return [];
		const attempt = firstAttempts.get(question.id);
		if (!attempt) return [];
		const grading = grade(question, JSON.parse(attempt.answer) as Answer);
		if (grading.detail.type !== 'sort') return [];
		const label = (id: string) => question.categories.find((c) => c.id === id)!.label;
		return [
			{
				questionId: question.id,
				keep: {
					label: label(question.discernment.keep),
					share: grading.detail.recall[question.discernment.keep] ?? 0
				},
				catch: {
					label: label(question.discernment.catch),
					share: grading.detail.recall[question.discernment.catch] ?? 0
				}
			}
		];
	});

	const calibration = CONFIDENCE_LEVELS.map((level) => {
		const scores = [...firstAttempts.values()]
			.filter((a) => a.confidence === level.id && a.score !== null)
			.map((a) => a.score as number);
		return { level: level.id, label: level.label, count: scores.length, meanScore: mean(scores) };
	});

	const written = [...module.questions.values()]
		.filter((q) => q.type === 'written')
		.map((q) => ({
			questionId: q.id,
			prompt: q.prompt,
			stepSlug: q.stepSlug,
			submitted: firstAttempts.has(q.id)
		}));

	return {
		parts,
		answered: firstAttempts.size,
		questionCount: module.questions.size,
		overall: mean(
			[...firstAttempts.entries()]
				.filter(([id]) => !module.steps.find((s) => s.questionIds.includes(id))?.check)
				.map(([, a]) => a.score)
				.filter((s): s is number => s !== null)
		),
		prePost: {
			pre,
			post,
			gain: pre !== null && post !== null ? post - pre : null,
			bySkill: [...skills].map(([skill, scores]) => ({ skill, ...scores }))
		},
		discernment,
		calibration,
		written
	};
}
