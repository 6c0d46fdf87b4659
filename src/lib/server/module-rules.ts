import type { ModuleDocument, Step } from './module-document';

// Rules of good item writing that every module from schemaVersion 2 on must keep, shipped or
// authored. Version 1 documents predate them and stay as they were published.

/** How much longer than the longest wrong option a right option may be before it gives itself away. */
export const LONGEST_OPTION_RATIO = 1.5;
/** A sort needs this many claims in each category it scores, or one slip swings the category. */
export const MIN_CLAIMS_PER_CATEGORY = 2;

type Question = ModuleDocument['questions'][number];

function optionLengthProblem(question: Question, at: string): string | null {
	if (question.type !== 'single' || question.optionLengthReviewed) return null;
	const right = question.options.find((o) => o.correct);
	const longestWrong = Math.max(
		...question.options.filter((o) => !o.correct).map((o) => o.text.length)
	);
	if (!right || right.text.length <= LONGEST_OPTION_RATIO * longestWrong) return null;
	const ratio = (right.text.length / longestWrong).toFixed(1);
	return (
		`${at}.options: the right option is ${ratio}× as long as the longest wrong one, a cue ` +
		`students learn to follow; shorten it, lengthen the others, or set optionLengthReviewed: true`
	);
}

function sortBalanceProblems(question: Question, at: string): string[] {
	if (question.type !== 'sort') return [];
	const scored = new Set([
		...question.claims.map((c) => c.category),
		...(question.discernment ? [question.discernment.keep, question.discernment.catch] : [])
	]);
	return question.categories
		.filter((category) => scored.has(category.id))
		.map((category) => ({
			category,
			count: question.claims.filter((c) => c.category === category.id).length
		}))
		.filter(({ count }) => count < MIN_CLAIMS_PER_CATEGORY)
		.map(
			({ category, count }) =>
				`${at}.claims: “${category.label}” has ${count} claim${count === 1 ? '' : 's'}; ` +
				`a sort needs at least ${MIN_CLAIMS_PER_CATEGORY} in each category it scores`
		);
}

/**
 * Each pre-check item needs a twin on every later form (post-check, and the delayed check when the
 * module has one): same type, same skill, different passage and wording, so that a gain measures
 * transfer rather than recall.
 */
function twinProblems(document: ModuleDocument, steps: Step[]): string[] {
	const problems: string[] = [];
	const formOf = new Map(steps.flatMap((s) => s.questionIds.map((id) => [id, s.check] as const)));
	const at = (q: Question) => `questions[${document.questions.indexOf(q)}] (${q.id})`;
	const pre = document.questions.filter((q) => formOf.get(q.id) === 'pre');
	const laterForms = (['post', 'delayed'] as const).filter((form) =>
		steps.some((s) => s.check === form)
	);

	for (const q of document.questions) {
		const form = formOf.get(q.id);
		if (form && !q.skill) problems.push(`${at(q)}.skill: a check item needs the skill it measures`);
		if (form === 'post' || form === 'delayed') {
			const original = pre.find((p) => p.id === q.twinOf);
			if (!q.twinOf) {
				problems.push(`${at(q)}.twinOf: name the pre-check item this ${form}-check item parallels`);
			} else if (!original) {
				problems.push(`${at(q)}.twinOf: "${q.twinOf}" is not a pre-check item`);
			} else if (original.type !== q.type || original.skill !== q.skill) {
				problems.push(
					`${at(q)}.twinOf: its twin "${original.id}" is a ${original.type} item on ` +
						`“${original.skill}”; a twin has the same type and skill`
				);
			}
		} else if (q.twinOf) {
			problems.push(`${at(q)}.twinOf: only post-check and delayed-check items have twins`);
		}
	}
	for (const original of pre) {
		for (const form of laterForms) {
			const twins = document.questions.filter(
				(q) => q.twinOf === original.id && formOf.get(q.id) === form
			);
			if (twins.length !== 1) {
				problems.push(
					`${at(original)}: needs exactly one ${form}-check twin (twinOf: ${original.id}), has ${twins.length}`
				);
			}
		}
	}
	return problems;
}

/** Every breach of the item-writing rules, each naming its field and what to do. */
export function itemWritingProblems(document: ModuleDocument, steps: Step[]): string[] {
	return [
		...document.questions.flatMap((q, i) => {
			const at = `questions[${i}] (${q.id})`;
			return [optionLengthProblem(q, at), ...sortBalanceProblems(q, at)].filter(
				(p): p is string => p !== null
			);
		}),
		...twinProblems(document, steps)
	];
}
