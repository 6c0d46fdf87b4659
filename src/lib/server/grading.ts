import type { Answer, Confidence, Grading } from '$lib/lesson';
import type { ResolvedQuestion } from './lessons';

export const WRITTEN_MAX_CHARS = 5000;

export type ParsedSubmission = { answer: Answer; confidence: Confidence | null };

const CONFIDENCE = new Set<string>(['low', 'medium', 'high']);

/**
 * Reads a question's answer from a submitted form, refusing anything the question does not
 * offer. `requireComplete` is false for drafts, which may be half done.
 */
export function parseSubmission(
	question: ResolvedQuestion,
	form: FormData,
	sentenceIds: Set<string>,
	requireComplete = true
): { submission: ParsedSubmission; error?: never } | { submission?: never; error: string } {
	const strings = (name: string) =>
		form.getAll(name).filter((v): v is string => typeof v === 'string');
	const rawConfidence = form.get('confidence');
	let confidence: Confidence | null = null;
	if (typeof rawConfidence === 'string' && rawConfidence !== '') {
		if (!CONFIDENCE.has(rawConfidence)) return { error: 'Choose how sure you are from the list.' };
		confidence = rawConfidence as Confidence;
	}
	const hasConfidence = 'confidence' in question && question.confidence === true;
	if (requireComplete && hasConfidence && !confidence) {
		return { error: 'Say how sure you are before checking your answer.' };
	}

	switch (question.type) {
		case 'single':
		case 'multiple': {
			const chosen = [...new Set(strings('option'))];
			const known = new Set(question.options.map((o) => o.id));
			if (chosen.some((o) => !known.has(o)))
				return { error: 'That option is not part of this question.' };
			if (question.type === 'single' && chosen.length > 1)
				return { error: 'Choose one answer only.' };
			if (requireComplete && chosen.length === 0) {
				return {
					error: question.type === 'single' ? 'Choose an answer.' : 'Choose at least one answer.'
				};
			}
			return { submission: { answer: { type: question.type, options: chosen }, confidence } };
		}
		case 'mark': {
			const marked = [...new Set(strings('sentence'))];
			if (marked.some((s) => !sentenceIds.has(s))) {
				return { error: 'A marked sentence is not part of the article.' };
			}
			if (requireComplete && marked.length === 0) return { error: 'Mark at least one sentence.' };
			return { submission: { answer: { type: 'mark', sentences: marked }, confidence: null } };
		}
		case 'sort': {
			const categories = new Set(question.categories.map((c) => c.id));
			const placements: Record<string, string> = {};
			for (const claim of question.claims) {
				const value = form.get(`claim-${claim.id}`);
				if (value === null || value === '') continue;
				if (typeof value !== 'string' || !categories.has(value)) {
					return { error: 'A claim was put in a category this question does not have.' };
				}
				placements[claim.id] = value;
			}
			const knownFields = new Set(question.claims.map((c) => `claim-${c.id}`));
			for (const key of form.keys()) {
				if (key.startsWith('claim-') && !knownFields.has(key)) {
					return { error: 'That claim is not part of this question.' };
				}
			}
			if (requireComplete && Object.keys(placements).length < question.claims.length) {
				return { error: 'Sort every claim before checking.' };
			}
			return { submission: { answer: { type: 'sort', placements }, confidence } };
		}
		case 'written': {
			const raw = form.get('text');
			const text = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n') : '';
			if (text.length > WRITTEN_MAX_CHARS) {
				return { error: `Keep your answer under ${WRITTEN_MAX_CHARS} characters.` };
			}
			if (requireComplete && text.trim().length === 0) return { error: 'Write your answer first.' };
			const words = text.trim().split(/\s+/).filter(Boolean).length;
			if (requireComplete && words < question.minWords) {
				return { error: `Write at least ${question.minWords} words (you have ${words}).` };
			}
			const selfAssessment: Record<string, number> = {};
			for (const criterion of question.rubric) {
				const value = form.get(`self-${criterion.id}`);
				if (value === null || value === '') continue;
				const score = Number(value);
				if (!criterion.levels.some((level) => level.score === score)) {
					return { error: 'That self-assessment level is not on the rubric.' };
				}
				selfAssessment[criterion.id] = score;
			}
			return {
				submission: { answer: { type: 'written', text, selfAssessment }, confidence: null }
			};
		}
	}
}

const clamp01 = (value: number) => Math.max(0, Math.min(1, value));

export function grade(question: ResolvedQuestion, answer: Answer): Grading {
	if (
		(question.type === 'single' || question.type === 'multiple') &&
		answer.type === question.type
	) {
		const chosen = new Set(answer.options);
		const correctCount = question.options.filter((o) => o.correct).length;
		const hits = question.options.filter((o) => o.correct && chosen.has(o.id)).length;
		const wrong = question.options.filter((o) => !o.correct && chosen.has(o.id)).length;
		// Partial credit for multiple choice: each wrong pick cancels a right one.
		const score = clamp01((hits - wrong) / correctCount);
		return {
			score,
			correct: hits === correctCount && wrong === 0,
			explanation: question.explanation,
			detail: {
				type: question.type,
				options: question.options.map((o) => ({
					id: o.id,
					chosen: chosen.has(o.id),
					correct: o.correct,
					feedback: o.feedback
				}))
			}
		};
	}
	if (question.type === 'mark' && answer.type === 'mark') {
		const roles = question.sentenceRoles!;
		const marked = new Set(answer.sentences);
		let hits = 0;
		let falseMarks = 0;
		for (const sentenceId of marked) {
			const role = roles.get(sentenceId)?.role;
			if (role === 'target') hits += 1;
			else if (role !== 'optional') falseMarks += 1;
		}
		const targets = question.targets.length;
		const shown = new Set([
			...marked,
			...[...roles].filter(([, r]) => r.role === 'target').map(([id]) => id)
		]);
		return {
			score: clamp01((hits - falseMarks) / targets),
			correct: hits === targets && falseMarks === 0,
			explanation: question.explanation,
			detail: {
				type: 'mark',
				hits,
				falseMarks,
				targets,
				sentences: [...shown].map((sentenceId) => {
					const entry = roles.get(sentenceId);
					const role =
						entry?.role === 'target' || entry?.role === 'optional' ? entry.role : 'other';
					return {
						id: sentenceId,
						marked: marked.has(sentenceId),
						role,
						feedback: entry?.feedback ?? question.otherFeedback
					};
				})
			}
		};
	}
	if (question.type === 'sort' && answer.type === 'sort') {
		const recall: Record<string, number> = {};
		for (const category of question.categories) {
			const claims = question.claims.filter((c) => c.category === category.id);
			if (claims.length === 0) continue;
			const kept = claims.filter((c) => answer.placements[c.id] === category.id).length;
			recall[category.id] = kept / claims.length;
		}
		const recalls = Object.values(recall);
		// Balanced accuracy: putting every claim in one category scores 1 / (number of categories).
		const score = recalls.reduce((sum, r) => sum + r, 0) / recalls.length;
		return {
			score,
			correct: question.claims.every((c) => answer.placements[c.id] === c.category),
			explanation: question.explanation,
			detail: {
				type: 'sort',
				recall,
				claims: question.claims.map((c) => ({
					id: c.id,
					chosen: answer.placements[c.id] ?? null,
					correct: c.category,
					feedback: c.feedback
				}))
			}
		};
	}
	if (question.type === 'written' && answer.type === 'written') {
		return {
			score: null,
			correct: false,
			explanation: question.guidance ?? '',
			detail: { type: 'written', modelAnswer: question.modelAnswer }
		};
	}
	throw new Error(
		`Answer of type ${answer.type} given to ${question.type} question ${question.id}`
	);
}
