import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { moduleDocumentSchema } from '$lib/server/module-document';

// lessons/module.schema.json lets an editor autocomplete and check a module file (each file names
// it on its first line). It is generated from the zod schema: `npm run module-schema` rewrites it.
const file = new URL('../../lessons/module.schema.json', import.meta.url);

describe('the module JSON Schema', () => {
	it('is the one the zod schema generates', () => {
		const generated = `${JSON.stringify(
			z.toJSONSchema(moduleDocumentSchema, { io: 'input', unrepresentable: 'any' }),
			null,
			'\t'
		)}\n`;
		if (process.env.WRITE_MODULE_SCHEMA) writeFileSync(file, generated);
		expect(readFileSync(file, 'utf8'), 'run `npm run module-schema` and commit the result').toBe(
			generated
		);
	});
});
