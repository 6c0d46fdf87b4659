import type { Answer, CheckForm } from '$lib/lesson';
import {
	discernmentCounts,
	type DiscernmentCounts
} from '$lib/question-types/sort/definition.server';
import type { LessonModule } from './module-document';

// Discernment as signal detection, the measure of Guess et al. (2020), Modirrousta-Galian & Higham
// (2023) and Pfänder & Altay (2025): on a sort whose key names a category to catch and one to keep,
// the claims to catch are the signal, the claims to keep the noise. Sensitivity d′ says how well a
// reader tells them apart whatever their leaning; bias c says which way they lean when unsure.
// Two recall shares conflate the two: flagging everything catches every claim and keeps none.

/** The parts of a module whose sorts are read apart: the three check forms and the lesson. */
export type DiscernmentForm = CheckForm | 'lesson';
export const DISCERNMENT_FORMS: readonly DiscernmentForm[] = ['pre', 'lesson', 'post', 'delayed'];

// Peter Acklam's rational approximation of the inverse normal CDF (relative error below 1.2e-9).
const A = [
	-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
	-3.066479806614716e1, 2.506628277459239
];
const B = [
	-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
	-1.328068155288572e1
];
const C = [
	-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
	4.374664141464968, 2.938163982698783
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

const polynomial = (coefficients: number[], x: number) =>
	coefficients.reduce((sum, coefficient) => sum * x + coefficient, 0);

/** z(p): the standard normal quantile of a probability strictly between 0 and 1. */
export function inverseNormal(p: number): number {
	if (!(p > 0 && p < 1)) throw new RangeError(`inverseNormal needs 0 < p < 1, got ${p}`);
	if (p < P_LOW) {
		const q = Math.sqrt(-2 * Math.log(p));
		return polynomial(C, q) / (polynomial(D, q) * q + 1);
	}
	if (p > 1 - P_LOW) return -inverseNormal(1 - p);
	const q = p - 0.5;
	const r = q * q;
	return (polynomial(A, r) * q) / (polynomial(B, r) * r + 1);
}

export type Rates = { signal: number; noise: number; hits: number; falseAlarms: number };

/**
 * d′ = z(H) − z(FA) and c = −(z(H) + z(FA)) / 2, with the log-linear correction (Hautus 1995):
 * 0.5 is added to the hits and false alarms and 1 to the number of signal and noise trials, so
 * that all hits or no false alarms, common on six claims, give finite values.
 */
export function signalDetection({ signal, noise, hits, falseAlarms }: Rates) {
	const hitRate = (hits + 0.5) / (signal + 1);
	const falseAlarmRate = (falseAlarms + 0.5) / (noise + 1);
	const zH = inverseNormal(hitRate);
	const zFA = inverseNormal(falseAlarmRate);
	return { hitRate, falseAlarmRate, dPrime: zH - zFA, criterion: -(zH + zFA) / 2 };
}

export type Sensitivity = 'not-yet' | 'sometimes' | 'well';
export type Bias = 'sceptical' | 'balanced' | 'trusting';

// With 3 claims to catch and 3 to keep, as each check form has, corrected d′ takes a few values:
// 2.30 with no slip, 1.47 with one, 0.83 or 0.64 with two, 0 at chance. The bounds sit between
// those values, so one claim more or less never lands on a boundary: a reader who slips at most
// once in six tells them apart well; one who does better than chance sometimes. In rate terms an
// unbiased reader with d′ = 0.5 is right 60% of the time (Φ(d′/2)), with d′ = 1 about 69%.
const SENSITIVITY_BOUNDS = { sometimes: 0.5, well: 1 };
// On a 3 + 3 form c is 0 when misses and false alarms are even, and ±0.32 or ±0.42 when there is
// one more of either: a reader who flags one sourced fact and misses nothing leans sceptical.
const BIAS_BOUND = 0.3;
// A change counts when it is at least one claim's worth: on a 3 + 3 form one slip fewer raises d′
// by 0.64 or more, while moving a slip from one side to the other changes it by 0.19.
const SENSITIVITY_CHANGE = 0.5;

export const sensitivityOf = (dPrime: number): Sensitivity =>
	dPrime < SENSITIVITY_BOUNDS.sometimes
		? 'not-yet'
		: dPrime < SENSITIVITY_BOUNDS.well
			? 'sometimes'
			: 'well';

/** Negative c flags readily (sceptical); positive c lets claims through (trusting). */
export const biasOf = (criterion: number): Bias =>
	criterion < -BIAS_BOUND ? 'sceptical' : criterion > BIAS_BOUND ? 'trusting' : 'balanced';

/** Words for a student ("you …") and for their teacher (about the student). */
export const SENSITIVITY_WORDS: Record<Sensitivity, { you: string; they: string }> = {
	'not-yet': { you: 'can’t yet tell them apart', they: 'can’t yet tell them apart' },
	sometimes: { you: 'tell them apart sometimes', they: 'tells them apart sometimes' },
	well: { you: 'tell them apart well', they: 'tells them apart well' }
};
export const BIAS_WORDS: Record<Bias, { you: string; they: string }> = {
	sceptical: { you: 'lean sceptical', they: 'leans sceptical' },
	balanced: { you: 'lean neither way', they: 'balanced' },
	trusting: { you: 'lean trusting', they: 'leans trusting' }
};

// What each kind of claim is called in a sentence for students, by category id; other
// categories are named by their label.
const CATEGORY_NOUNS: Record<string, string> = {
	unsourced: 'claims with no source',
	sourced: 'sourced facts',
	unsupported: 'unsupported claims',
	fact: 'checkable facts'
};
const nounOf = (category: { id: string; label: string }) =>
	CATEGORY_NOUNS[category.id] ?? `claims in “${category.label}”`;

export type DiscernmentReading = {
	keepLabel: string;
	catchLabel: string;
	/** Claims to catch put in the catch category, of how many. */
	caught: number;
	toCatch: number;
	/** Claims to keep put in the keep category, of how many. */
	kept: number;
	toKeep: number;
	falseAlarms: number;
	dPrime: number;
	criterion: number;
	sensitivity: Sensitivity;
	bias: Bias;
	sensitivityWords: { you: string; they: string };
	biasWords: { you: string; they: string };
	/** The reading in a sentence a student understands. */
	words: string;
};

/** One reading from the counts of one or more sorts (pooled: each claim is one trial). */
export function readDiscernment(counts: DiscernmentCounts[]): DiscernmentReading | null {
	if (counts.length === 0) return null;
	const sum = (key: 'signal' | 'noise' | 'hits' | 'falseAlarms' | 'kept') =>
		counts.reduce((total, c) => total + c[key], 0);
	const rates = {
		signal: sum('signal'),
		noise: sum('noise'),
		hits: sum('hits'),
		falseAlarms: sum('falseAlarms')
	};
	if (rates.signal === 0 || rates.noise === 0) return null;
	const { dPrime, criterion } = signalDetection(rates);
	const sensitivity = sensitivityOf(dPrime);
	const bias = biasOf(criterion);
	const { keep, catch: flag } = counts[0]!;
	const kept = sum('kept');
	return {
		keepLabel: keep.label,
		catchLabel: flag.label,
		caught: rates.hits,
		toCatch: rates.signal,
		kept,
		toKeep: rates.noise,
		falseAlarms: rates.falseAlarms,
		dPrime,
		criterion,
		sensitivity,
		bias,
		sensitivityWords: SENSITIVITY_WORDS[sensitivity],
		biasWords: BIAS_WORDS[bias],
		words:
			`You caught ${rates.hits} of ${rates.signal} ${nounOf(flag)} and kept ${kept} of ` +
			`${rates.noise} ${nounOf(keep)}: you ${SENSITIVITY_WORDS[sensitivity].you} and ` +
			`${BIAS_WORDS[bias].you}.`
	};
}

type Person = 'you' | 'they';
type Words = Record<Person, string>;

export type DiscernmentChange = {
	dPrime: number;
	criterion: number;
	sensitivity: 'better' | 'same' | 'worse';
	/** The change in words: for the student ("you got better at …") and about them. */
	words: Words;
};

const lean = (person: Person, how: string) => `${person === 'you' ? 'lean' : 'leans'} ${how}`;

function biasChangeWords(before: Bias, after: Bias, delta: number, person: Person): string {
	if (before !== after) {
		if (after === 'balanced') return `no longer ${BIAS_WORDS[before][person]}`;
		return `now ${BIAS_WORDS[after][person]}`;
	}
	if (after === 'balanced' || Math.abs(delta) < BIAS_BOUND) {
		return `still ${BIAS_WORDS[after][person]}`;
	}
	if (after === 'sceptical') {
		return lean(person, delta > 0 ? 'less sceptical' : 'even more sceptical');
	}
	return lean(person, delta < 0 ? 'less trusting' : 'even more trusting');
}

/** How a reading moved from one form to a later one: "you got better at …, and lean less …". */
export function discernmentChange(
	before: DiscernmentReading | null,
	after: DiscernmentReading | null
): DiscernmentChange | null {
	if (!before || !after) return null;
	const dPrime = after.dPrime - before.dPrime;
	const criterion = after.criterion - before.criterion;
	const sensitivity =
		dPrime >= SENSITIVITY_CHANGE ? 'better' : dPrime <= -SENSITIVITY_CHANGE ? 'worse' : 'same';
	const told = {
		better: 'got better at telling them apart',
		same: 'told them apart about as well as before',
		worse: 'got worse at telling them apart'
	}[sensitivity];
	const words = (person: Person) =>
		`${person === 'you' ? 'you ' : ''}${told}, and ` +
		biasChangeWords(before.bias, after.bias, criterion, person);
	return { dPrime, criterion, sensitivity, words: { you: words('you'), they: words('they') } };
}

/** The sorts with discernment in each part of a module. */
function discernmentSorts(module: LessonModule): Record<DiscernmentForm, string[]> {
	const sorts: Record<DiscernmentForm, string[]> = { pre: [], lesson: [], post: [], delayed: [] };
	for (const step of module.steps) {
		for (const id of step.questionIds) {
			const question = module.questions.get(id)!;
			if (question.type === 'sort' && question.discernment) sorts[step.check ?? 'lesson'].push(id);
		}
	}
	return sorts;
}

/** The parts of a module that have a sort with discernment, in order. */
export function discernmentForms(module: LessonModule): DiscernmentForm[] {
	const sorts = discernmentSorts(module);
	return DISCERNMENT_FORMS.filter((form) => sorts[form].length > 0);
}

/**
 * A student's reading in each part of the module, from the first attempts given (the answers that
 * count): null where they answered no such sort. A teacher's override changes a score, not where
 * claims were put, so it does not change a reading.
 */
export function discernmentByForm(
	module: LessonModule,
	firsts: ReadonlyMap<string, { answer: string }>
): Record<DiscernmentForm, DiscernmentReading | null> {
	const sorts = discernmentSorts(module);
	const readingOf = (form: DiscernmentForm) =>
		readDiscernment(
			sorts[form].flatMap((id) => {
				const first = firsts.get(id);
				if (!first) return [];
				const counts = discernmentCounts(
					module.questions.get(id)!,
					JSON.parse(first.answer) as Answer
				);
				return counts ? [counts] : [];
			})
		);
	return {
		pre: readingOf('pre'),
		lesson: readingOf('lesson'),
		post: readingOf('post'),
		delayed: readingOf('delayed')
	};
}

/**
 * A student's readings for a page: each part of the module that has such a sort, with the
 * student's reading there (null until answered), and the change from the pre-check to the
 * post-check and to the delayed check.
 */
export function discernmentReport(
	module: LessonModule,
	readings: Record<DiscernmentForm, DiscernmentReading | null>
) {
	return {
		forms: discernmentForms(module).map((form) => ({ form, reading: readings[form] })),
		fromPre: {
			post: discernmentChange(readings.pre, readings.post),
			delayed: discernmentChange(readings.pre, readings.delayed)
		}
	};
}

export type DiscernmentReport = ReturnType<typeof discernmentReport>;
