import path from 'node:path';

export type Config = {
	/** PostgreSQL connection string; when absent the embedded SQLite database is used. */
	databaseUrl: string | null;
	dataDir: string;
	sqlitePath: string;
	production: boolean;
	/** Worker processes serving this server (scripts/start.js starts one per core). */
	workers: number;
};

export class ConfigError extends Error {}

/** Reads the environment once at start-up and refuses values that would fail later, less clearly. */
export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	const databaseUrl = env.DATABASE_URL?.trim() || null;
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new ConfigError(
			`DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/byline (got "${databaseUrl.slice(0, 40)}"). Leave it unset to use the embedded SQLite database.`
		);
	}
	if (env.PORT !== undefined && env.PORT !== '') {
		const port = Number(env.PORT);
		if (!Number.isInteger(port) || port < 1 || port > 65535) {
			throw new ConfigError(`PORT must be a whole number from 1 to 65535 (got "${env.PORT}").`);
		}
	}
	if (env.ORIGIN) {
		let url: URL | null = null;
		try {
			url = new URL(env.ORIGIN);
		} catch {
			url = null;
		}
		if (
			!url ||
			!/^https?:$/.test(url.protocol) ||
			url.pathname !== '/' ||
			env.ORIGIN.endsWith('/')
		) {
			throw new ConfigError(
				`ORIGIN must be the site's address with no path or trailing slash, such as https://byline.example.org (got "${env.ORIGIN}").`
			);
		}
	}
	const workers = env.WORKERS?.trim() ? Number(env.WORKERS) : 1;
	if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
		throw new ConfigError(`WORKERS must be a whole number from 1 to 64 (got "${env.WORKERS}").`);
	}
	const dataDir = path.resolve(env.DATA_DIR?.trim() || 'data');
	return {
		databaseUrl,
		dataDir,
		sqlitePath: path.join(dataDir, 'byline.sqlite'),
		production: env.NODE_ENV === 'production',
		workers
	};
}
