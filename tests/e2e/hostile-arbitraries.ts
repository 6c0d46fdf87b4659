// fast-check arbitraries for the hostile-input spec: hostile text, how a form is encoded, and a
// whole case built from a fuzzed action's fields.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { PARAM_ALTERNATES, PARAM_DEFAULTS, type ActorName, type Fuzzed } from './hostile-cases';

export const HOSTILE_CONSTANTS = [
	'',
	' ',
	'\u0000',
	'a\u0000b',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"' OR '1'='1' --",
	'"; DROP TABLE users; --',
	'../../../../etc/passwd',
	'..%2F..%2F',
	'%00',
	'\r\n\r\n',
	'${7*7}{{7*7}}',
	'__proto__',
	'constructor',
	'-1',
	'0',
	'1e309',
	'NaN',
	'Infinity',
	'9007199254740993',
	'true',
	'null',
	'[]',
	'{"a":1}',
	'\u202eevil\u202c',
	'\ufeff',
	'\ud800',
	'ﬁ',
	'İ',
	'😀'.repeat(30)
];

/** Random and hostile text: unicode of every kind, numbers, known trouble. */
export const shortHostileText: fc.Arbitrary<string> = fc.oneof(
	{ weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
	{ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
	{ weight: 1, arbitrary: fc.integer().map(String) },
	{ weight: 1, arbitrary: fc.double().map(String) },
	{ weight: 1, arbitrary: fc.uuid().map(String) }
);
/** …and sizes around the 64 KB body limit and the 20,000-character limit of a pasted list. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
	{ weight: 12, arbitrary: shortHostileText },
	{ weight: 1, arbitrary: fc.integer({ min: 19_990, max: 70_000 }).map((n) => 'a'.repeat(n)) }
);

export const ENCODINGS = [
	'urlencoded',
	'multipart',
	'text/plain',
	'json',
	'multipart, broken',
	'multipart, no boundary',
	'urlencoded, random bytes',
	'no body'
] as const;
export type Encoding = (typeof ENCODINGS)[number];

export type FieldChoice =
	| { kind: 'valid' }
	| { kind: 'value'; value: string }
	| { kind: 'missing' }
	| { kind: 'twice'; value: string }
	| { kind: 'file'; value: string };

export type Case = {
	actor: ActorName;
	params: Record<string, string>;
	fields: Record<string, FieldChoice>;
	extras: [string, string][];
	encoding: Encoding;
	randomBytes: Uint8Array;
	accept: 'html' | 'json';
	origin: 'same' | 'foreign' | 'none';
};

export function fieldChoice(alternates: string[]): fc.Arbitrary<FieldChoice> {
	return fc.oneof(
		{ weight: 3, arbitrary: fc.constant<FieldChoice>({ kind: 'valid' }) },
		...(alternates.length
			? [
					{
						weight: 3,
						arbitrary: fc
							.constantFrom(...alternates)
							.map((value): FieldChoice => ({ kind: 'value', value }))
					}
				]
			: []),
		{ weight: 4, arbitrary: hostileText.map((value): FieldChoice => ({ kind: 'value', value })) },
		{ weight: 1, arbitrary: fc.constant<FieldChoice>({ kind: 'missing' }) },
		{ weight: 1, arbitrary: hostileText.map((value): FieldChoice => ({ kind: 'twice', value })) },
		{ weight: 1, arbitrary: hostileText.map((value): FieldChoice => ({ kind: 'file', value })) }
	);
}

export const OTHER_IDS = [
	'[attemptA]',
	'[attemptB]',
	'[studentA]',
	'[studentB]',
	'[classB]',
	'[assignmentB]'
];

export function caseOf(fuzzed: Fuzzed): fc.Arbitrary<Case> {
	const fieldNames = Object.keys(fuzzed.valid);
	const linked = fuzzed.linked ?? [];
	// Linked fields share the first one's choice; the others follow it when it is valid.
	const independent = fieldNames.filter((name) => !linked.slice(1).includes(name));
	const choices = (mutate: fc.Arbitrary<string[]>) =>
		mutate.chain((mutated) =>
			fc.record(
				Object.fromEntries(
					independent.map((name) => [
						name,
						mutated.includes(name)
							? fieldChoice([...(fuzzed.alternates?.[name] ?? []), ...OTHER_IDS])
							: fc.constant<FieldChoice>({ kind: 'valid' })
					])
				) as Record<string, fc.Arbitrary<FieldChoice>>
			)
		);
	const routeParams = [...fuzzed.key.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
	return fc.record({
		actor: fc.constantFrom(...fuzzed.actors),
		params: fc.record(
			Object.fromEntries(
				routeParams.map((name) => [
					name,
					fc.oneof(
						{ weight: 6, arbitrary: fc.constant(fuzzed.params?.[name] ?? PARAM_DEFAULTS[name]!) },
						{ weight: 2, arbitrary: fc.constantFrom(...PARAM_ALTERNATES[name]!) },
						{ weight: 1, arbitrary: shortHostileText.map(percentEncode) }
					)
				])
			)
		),
		fields: fc.oneof(
			// Everything wrong at once, or one field wrong, or the form as the page sends it.
			choices(fc.constant(independent)),
			choices(
				independent.length ? fc.constantFrom(...independent).map((n) => [n]) : fc.constant([])
			),
			choices(fc.constant([]))
		),
		extras: fc.array(
			fc.tuple(
				fc.oneof(
					fc.constantFrom(
						'__proto__',
						'constructor',
						'role',
						'teacher_id',
						'id',
						'level-x',
						'claim-x',
						'self-x'
					),
					shortHostileText
				),
				hostileText
			),
			{ maxLength: 2 }
		),
		encoding: fc.oneof(
			{ weight: 8, arbitrary: fc.constant<Encoding>('urlencoded') },
			{ weight: 3, arbitrary: fc.constant<Encoding>('multipart') },
			{ weight: 3, arbitrary: fc.constantFrom<Encoding>(...ENCODINGS.slice(2)) }
		),
		randomBytes: fc.uint8Array({ maxLength: 300 }),
		accept: fc.constantFrom('html' as const, 'json' as const),
		origin: fc.oneof(
			{ weight: 10, arbitrary: fc.constant('same' as const) },
			{ weight: 1, arbitrary: fc.constantFrom('foreign' as const, 'none' as const) }
		)
	});
}

export function validCase(fuzzed: Fuzzed): Case {
	return {
		actor: fuzzed.actors[0]!,
		params: Object.fromEntries(
			[...fuzzed.key.matchAll(/\[(\w+)\]/g)].map((m) => [
				m[1]!,
				fuzzed.params?.[m[1]!] ?? PARAM_DEFAULTS[m[1]!]!
			])
		),
		fields: Object.fromEntries(Object.keys(fuzzed.valid).map((name) => [name, { kind: 'valid' }])),
		extras: [],
		encoding: 'urlencoded',
		randomBytes: new Uint8Array(),
		accept: 'html',
		origin: 'same'
	};
}

/** Percent-encodes the UTF-8 bytes, so even a lone surrogate goes out as the server would see it. */
export function percentEncode(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		const char = String.fromCharCode(byte);
		out += /[A-Za-z0-9\-_.~]/.test(char)
			? char
			: `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

export type Part = { name: string; value: string; asFile: boolean };

export function encodeBody(parts: Part[], testCase: Case): { body?: Buffer; contentType?: string } {
	const boundary = `----byline-fuzz-${randomUUID()}`;
	const multipart = () =>
		Buffer.concat([
			...parts.map((part) =>
				Buffer.from(
					`--${boundary}\r\nContent-Disposition: form-data; name="${part.name.replace(/["\r\n]/g, '_')}"` +
						(part.asFile ? `; filename="../../x.txt"\r\nContent-Type: text/plain` : '') +
						`\r\n\r\n${part.value}\r\n`
				)
			),
			Buffer.from(`--${boundary}--\r\n`)
		]);
	switch (testCase.encoding) {
		case 'urlencoded':
			return {
				body: Buffer.from(
					parts.map((p) => `${percentEncode(p.name)}=${percentEncode(p.value)}`).join('&')
				),
				contentType: 'application/x-www-form-urlencoded'
			};
		case 'multipart':
			return { body: multipart(), contentType: `multipart/form-data; boundary=${boundary}` };
		case 'text/plain':
			return {
				body: Buffer.from(parts.map((p) => `${p.name}=${p.value}`).join('\r\n')),
				contentType: 'text/plain'
			};
		case 'json': {
			// Numbers where the form has strings, as a JSON client would send them.
			const object = Object.fromEntries(
				parts.map((p) => [
					p.name,
					p.value !== '' && Number.isFinite(Number(p.value)) ? Number(p.value) : p.value
				])
			);
			return { body: Buffer.from(JSON.stringify(object)), contentType: 'application/json' };
		}
		case 'multipart, broken':
			return {
				body: Buffer.concat([
					multipart().subarray(0, Math.max(0, multipart().length - 20)),
					Buffer.from(testCase.randomBytes)
				]),
				contentType: `multipart/form-data; boundary=${boundary}`
			};
		case 'multipart, no boundary':
			return { body: multipart(), contentType: 'multipart/form-data' };
		case 'urlencoded, random bytes':
			return {
				body: Buffer.from(testCase.randomBytes),
				contentType: 'application/x-www-form-urlencoded'
			};
		case 'no body':
			return {};
	}
}
