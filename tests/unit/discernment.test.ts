import { describe, expect, it } from 'vitest';
import {
	biasOf,
	discernmentChange,
	inverseNormal,
	readDiscernment,
	sensitivityOf,
	signalDetection
} from '$lib/server/discernment';
import type { DiscernmentCounts } from '$lib/question-types/sort/definition.server';

// Hand-computed with the log-linear correction: 3 of 3 → 3.5/4 = 0.875, z = 1.150349;
// 2 of 3 → 2.5/4 = 0.625, z = 0.318639; 1 of 3 → 0.375, z = −0.318639; 0 of 3 → 0.125, z = −1.150349.
const Z875 = 1.1503493803760079;
const Z625 = 0.3186393639643752;

const counts = (hits: number, falseAlarms: number, kept = 3 - falseAlarms): DiscernmentCounts => ({
	keep: { id: 'sourced', label: 'Checkable, source given' },
	catch: { id: 'unsourced', label: 'Checkable, no source given' },
	signal: 3,
	noise: 3,
	hits,
	falseAlarms,
	kept
});

describe('the inverse normal CDF', () => {
	it('gives the standard quantiles', () => {
		expect(inverseNormal(0.5)).toBeCloseTo(0, 12);
		expect(inverseNormal(0.975)).toBeCloseTo(1.959963985, 8);
		expect(inverseNormal(0.025)).toBeCloseTo(-1.959963985, 8);
		expect(inverseNormal(0.875)).toBeCloseTo(Z875, 8);
		expect(inverseNormal(0.625)).toBeCloseTo(Z625, 8);
		// The tails, where Acklam's algorithm switches formula.
		expect(inverseNormal(0.001)).toBeCloseTo(-3.090232306, 7);
		expect(inverseNormal(0.02)).toBeCloseTo(-2.053748911, 7);
		expect(inverseNormal(0.999)).toBeCloseTo(3.090232306, 7);
	});

	it('refuses 0 and 1, which the correction keeps it from being asked', () => {
		expect(() => inverseNormal(0)).toThrow(RangeError);
		expect(() => inverseNormal(1)).toThrow(RangeError);
	});
});

describe('sensitivity and bias', () => {
	it('3 of 3 caught and no false alarm: H = 3.5/4, FA = 0.5/4, d′ ≈ 2.301, c = 0', () => {
		const sdt = signalDetection({ signal: 3, noise: 3, hits: 3, falseAlarms: 0 });
		expect(sdt.hitRate).toBe(0.875);
		expect(sdt.falseAlarmRate).toBe(0.125);
		expect(sdt.dPrime).toBeCloseTo(2.301, 3);
		expect(sdt.criterion).toBeCloseTo(0, 10);
	});

	it('3 of 3 caught with one sourced fact flagged: d′ ≈ 1.469, c ≈ −0.416 (sceptical)', () => {
		const sdt = signalDetection({ signal: 3, noise: 3, hits: 3, falseAlarms: 1 });
		expect(sdt.dPrime).toBeCloseTo(Z875 + Z625, 6);
		expect(sdt.dPrime).toBeCloseTo(1.469, 3);
		expect(sdt.criterion).toBeCloseTo(-(Z875 - Z625) / 2, 6);
		expect(sdt.criterion).toBeCloseTo(-0.416, 3);
	});

	it('stays finite at 0% and 100%, and flagging everything tells nothing apart', () => {
		const everything = signalDetection({ signal: 3, noise: 3, hits: 3, falseAlarms: 3 });
		expect(everything.dPrime).toBeCloseTo(0, 10);
		expect(everything.criterion).toBeCloseTo(-Z875, 6);
		const nothing = signalDetection({ signal: 3, noise: 3, hits: 0, falseAlarms: 0 });
		expect(nothing.dPrime).toBeCloseTo(0, 10);
		expect(nothing.criterion).toBeCloseTo(Z875, 6);
		const backwards = signalDetection({ signal: 3, noise: 3, hits: 0, falseAlarms: 3 });
		expect(backwards.dPrime).toBeCloseTo(-2.301, 3);
		for (const n of [1, 6, 100, 10_000]) {
			for (const sdt of [
				signalDetection({ signal: n, noise: n, hits: n, falseAlarms: 0 }),
				signalDetection({ signal: n, noise: n, hits: 0, falseAlarms: n })
			]) {
				expect(Number.isFinite(sdt.dPrime), `d′ at n = ${n}`).toBe(true);
				expect(Number.isFinite(sdt.criterion), `c at n = ${n}`).toBe(true);
			}
		}
	});

	it('puts words on d′ and c at the stated bounds', () => {
		expect(sensitivityOf(-1)).toBe('not-yet');
		expect(sensitivityOf(0.49)).toBe('not-yet');
		expect(sensitivityOf(0.5)).toBe('sometimes');
		expect(sensitivityOf(0.99)).toBe('sometimes');
		expect(sensitivityOf(1)).toBe('well');
		expect(biasOf(-0.31)).toBe('sceptical');
		expect(biasOf(-0.3)).toBe('balanced');
		expect(biasOf(0.3)).toBe('balanced');
		expect(biasOf(0.31)).toBe('trusting');
		// On a 3 + 3 form: no slip and one slip tell them apart well, two slips sometimes, three not.
		const d = (hits: number, falseAlarms: number) => readDiscernment([counts(hits, falseAlarms)])!;
		expect([d(3, 0), d(3, 1), d(2, 0)].map((r) => r.sensitivity)).toEqual(['well', 'well', 'well']);
		expect([d(2, 1), d(3, 2), d(1, 0)].map((r) => r.sensitivity)).toEqual([
			'sometimes',
			'sometimes',
			'sometimes'
		]);
		expect([d(3, 3), d(2, 2), d(0, 0)].map((r) => r.sensitivity)).toEqual([
			'not-yet',
			'not-yet',
			'not-yet'
		]);
		expect([d(3, 1), d(2, 1), d(2, 0), d(2, 2)].map((r) => r.bias)).toEqual([
			'sceptical',
			'balanced',
			'trusting',
			'sceptical'
		]);
	});
});

describe('a reading in words', () => {
	it('says what was caught and kept, and how the student sorts', () => {
		const reading = readDiscernment([counts(3, 1)])!;
		expect(reading).toMatchObject({ caught: 3, toCatch: 3, kept: 2, toKeep: 3, falseAlarms: 1 });
		expect(reading.words).toBe(
			'You caught 3 of 3 claims with no source and kept 2 of 3 sourced facts: you tell them apart well and lean sceptical.'
		);
		expect(readDiscernment([counts(3, 3, 0)])!.words).toBe(
			'You caught 3 of 3 claims with no source and kept 0 of 3 sourced facts: you can’t yet tell them apart and lean sceptical.'
		);
		expect(readDiscernment([counts(3, 0)])!.words).toMatch(
			/tell them apart well and lean neither way\.$/
		);
		expect(readDiscernment([counts(1, 0)])!.words).toMatch(
			/tell them apart sometimes and lean trusting\.$/
		);
	});

	it('counts a sourced fact put with the judgements as neither kept nor flagged', () => {
		const reading = readDiscernment([counts(3, 0, 2)])!;
		expect(reading).toMatchObject({ kept: 2, falseAlarms: 0, bias: 'balanced' });
		expect(reading.dPrime).toBeCloseTo(2.301, 3);
	});

	it('names other categories by their label', () => {
		const v1 = readDiscernment([
			{
				...counts(3, 0),
				keep: { id: 'fact', label: 'Checkable fact' },
				catch: { id: 'other', label: 'Something else' }
			}
		])!;
		expect(v1.words).toMatch(
			/^You caught 3 of 3 claims in “Something else” and kept 3 of 3 checkable facts:/
		);
	});

	it('pools several sorts claim by claim, and has nothing to say without claims on both sides', () => {
		const pooled = readDiscernment([counts(3, 0), counts(2, 1)])!;
		expect(pooled).toMatchObject({ caught: 5, toCatch: 6, falseAlarms: 1, toKeep: 6 });
		expect(pooled.dPrime).toBeCloseTo(inverseNormal(5.5 / 7) - inverseNormal(1.5 / 7), 10);
		expect(readDiscernment([])).toBeNull();
		expect(readDiscernment([{ ...counts(0, 0), signal: 0 }])).toBeNull();
	});
});

describe('change over forms', () => {
	const at = (hits: number, falseAlarms: number) => readDiscernment([counts(hits, falseAlarms)]);

	it('says the student got better and leans less sceptical', () => {
		// Pre: flags everything (d′ 0, c −1.15). Post: one sourced fact flagged (d′ 1.47, c −0.42).
		const change = discernmentChange(at(3, 3), at(3, 1))!;
		expect(change.dPrime).toBeCloseTo(1.469, 3);
		expect(change.criterion).toBeCloseTo(-0.416 + Z875, 3);
		expect(change.sensitivity).toBe('better');
		expect(change.words.you).toBe('you got better at telling them apart, and lean less sceptical');
		expect(change.words.they).toBe('got better at telling them apart, and leans less sceptical');
	});

	it('names a change of leaning, or none', () => {
		expect(discernmentChange(at(3, 1), at(3, 0))!.words.you).toBe(
			'you got better at telling them apart, and no longer lean sceptical'
		);
		expect(discernmentChange(at(3, 1), at(2, 0))!.words.you).toBe(
			'you told them apart about as well as before, and now lean trusting'
		);
		expect(discernmentChange(at(3, 0), at(2, 1))!.words.you).toBe(
			'you got worse at telling them apart, and still lean neither way'
		);
		expect(discernmentChange(at(3, 3), at(3, 3))!.words.they).toBe(
			'told them apart about as well as before, and still leans sceptical'
		);
		expect(discernmentChange(at(3, 1), at(3, 3))!.words.you).toBe(
			'you got worse at telling them apart, and lean even more sceptical'
		);
	});

	it('is null without both readings', () => {
		expect(discernmentChange(null, at(3, 0))).toBeNull();
		expect(discernmentChange(at(3, 0), null)).toBeNull();
	});
});
