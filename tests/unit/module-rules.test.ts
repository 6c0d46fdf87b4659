import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModuleError, loadModule, readModuleText } from '$lib/server/module-document';

// The item-writing rules bind every module written in schemaVersion 2 or later. Version 1 of the
// border module predates them; read as version 2 it shows what they catch.

const FILE = 'lessons/tajik-border/v1.yaml';
type Doc = Record<string, any>;

function problemsOf(document: Doc): string[] {
	try {
		loadModule(document, FILE, 1);
		return [];
	} catch (error) {
		if (!(error instanceof ModuleError)) throw error;
		return error.problems;
	}
}

function versionOneUnderTodaysRules(): Doc {
	const document = readModuleText(readFileSync(FILE, 'utf8'), FILE) as Doc;
	document.schemaVersion = 2;
	return document;
}

describe('item-writing rules', () => {
	it('leave version 1 loading as it was published', () => {
		const document = readModuleText(readFileSync(FILE, 'utf8'), FILE) as Doc;
		expect(problemsOf(document)).toEqual([]);
	});

	it('refuse a right option more than 1.5 times as long as the longest wrong one, unless reviewed', () => {
		const document = versionOneUnderTodaysRules();
		const longOptions = problemsOf(document).filter((p) => p.includes('as long as the longest'));
		expect(longOptions.length).toBeGreaterThanOrEqual(8);
		expect(longOptions).toContainEqual(
			expect.stringMatching(
				/^questions\[0\] \(pre-credit-line\)\.options: the right option is 2\.\d× as long/
			)
		);

		document.questions[0].optionLengthReviewed = true;
		expect(problemsOf(document)).not.toContainEqual(
			expect.stringMatching(/^questions\[0\] \(pre-credit-line\)\.options/)
		);
	});

	it('ask every post-check item to name its pre-check twin, of the same type and skill', () => {
		const document = versionOneUnderTodaysRules();
		const at = document.questions.findIndex((q: Doc) => q.id === 'post-verdict');
		expect(problemsOf(document)).toContain(
			`questions[${at}] (post-verdict).twinOf: name the pre-check item this post-check item parallels`
		);
		expect(problemsOf(document)).toContain(
			'questions[0] (pre-credit-line): needs exactly one post-check twin (twinOf: pre-credit-line), has 0'
		);

		document.questions[at].twinOf = 'pre-credit-line';
		document.questions[at].skill = 'framing';
		expect(problemsOf(document)).toContain(
			`questions[${at}] (post-verdict).twinOf: its twin "pre-credit-line" is a single item on “sourcing”; a twin has the same type and skill`
		);
		document.questions[at].skill = 'sourcing';
		expect(problemsOf(document).filter((p) => p.includes('post-verdict).twinOf'))).toEqual([]);
	});

	it('ask for two claims in every category a sort scores', () => {
		const document = versionOneUnderTodaysRules();
		const sort = document.questions.find((q: Doc) => q.id === 'evidence-sort');
		sort.claims = sort.claims.filter((c: Doc) => c.id !== 'chessboard');
		expect(problemsOf(document)).toContainEqual(
			expect.stringContaining('(evidence-sort).claims: “Opinion or judgement” has 1 claim;')
		);
	});
});
