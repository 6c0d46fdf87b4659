import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, readConfig } from '$lib/server/config';

describe('configuration', () => {
	it('defaults to the embedded database under ./data', () => {
		const config = readConfig({});
		expect(config.databaseUrl).toBeNull();
		expect(config.sqlitePath).toBe(path.resolve('data', 'byline.sqlite'));
	});

	it('uses PostgreSQL when DATABASE_URL is set', () => {
		expect(readConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/db' }).databaseUrl).toBe(
			'postgres://u@127.0.0.1/db'
		);
	});

	it.each([
		[{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
		[{ PORT: 'eighty' }, 'PORT'],
		[{ PORT: '70000' }, 'PORT'],
		[{ ORIGIN: 'localhost:3000' }, 'ORIGIN'],
		[{ ORIGIN: 'https://example.org/' }, 'ORIGIN']
	])('refuses %o with a message naming %s', (env, name) => {
		expect(() => readConfig(env)).toThrow(ConfigError);
		expect(() => readConfig(env)).toThrow(name);
	});
});
