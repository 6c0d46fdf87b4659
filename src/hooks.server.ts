import {
	error,
	redirect,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { readConfig, ConfigError } from '$lib/server/config';
import { openDatabase, getDb, poolSizeFor, type Db } from '$lib/server/db';
import { limitParallelHashes } from '$lib/server/password';
import { publishShippedModules } from '$lib/server/modules';
import { ModuleError } from '$lib/server/module-document';
import { deleteFullBuckets } from '$lib/server/rate-limits';
import { deleteStaleSignIns } from '$lib/server/known-sign-ins';
import {
	SESSION_COOKIE,
	deleteExpiredSessions,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth';
import { audienceOf, mayEnter } from '$lib/server/access';
import { hasNulCharacter } from '$lib/server/forms';
import { MAX_UPLOAD_BODY_BYTES, MAX_UPLOAD_FILE_BYTES, takesUpload } from '$lib/server/uploads';

export const MAX_BODY_BYTES = 64 * 1024;

export const init: ServerInit = async () => {
	try {
		const config = readConfig();
		const db = await openDatabase(
			config.databaseUrl
				? { databaseUrl: config.databaseUrl, poolSize: poolSizeFor(config.workers) }
				: { sqlitePath: config.sqlitePath }
		);
		limitParallelHashes(config.workers);
		await publishShippedModules(db);
		scheduleHousekeeping(db);
		// adapter-node emits this once requests have drained on SIGTERM or SIGINT. Idle PostgreSQL
		// connections would otherwise keep the process alive for ten more seconds, and closing
		// SQLite checkpoints its write-ahead log into the database file.
		process.once('sveltekit:shutdown', () => void db.destroy());
	} catch (cause) {
		if (cause instanceof ConfigError || cause instanceof ModuleError) {
			console.error(`Byline cannot start: ${cause.message}`);
			process.exit(1);
		}
		throw cause;
	}
};

const HOUSEKEEPING_INTERVAL_MS = 60 * 60_000;

/** Ended sessions, refilled limits and stale known sign-ins are not kept, as README says. */
function scheduleHousekeeping(db: Db) {
	const sweep = () =>
		Promise.all([deleteExpiredSessions(db), deleteFullBuckets(db), deleteStaleSignIns(db)]).catch(
			(cause) => console.error('Housekeeping failed; it runs again within the hour.', cause)
		);
	void sweep();
	setInterval(sweep, HOUSEKEEPING_INTERVAL_MS).unref();
}

function tooLarge(upload: boolean, request: Request): Response {
	const message = upload
		? `This file is too large: a file can be at most ${MAX_UPLOAD_FILE_BYTES / 1024 / 1024} MB.`
		: `This request is too large (the limit is ${MAX_BODY_BYTES / 1024} KB).`;
	// An enhanced form reads an action's result as JSON: a failure it shows beside the form (its
	// data in devalue's format, `[{ message: 1 }, text]`), where plain text would break the page.
	if (upload && request.headers.get('x-sveltekit-action') === 'true') {
		const data = JSON.stringify([{ message: 1 }, message]);
		return new Response(JSON.stringify({ type: 'failure', status: 413, data }), {
			status: 413,
			headers: { 'content-type': 'application/json' }
		});
	}
	return new Response(message, {
		status: 413,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}

/** A client may keep sending; after this much more the connection is dropped instead. */
const DISCARD_AT_MOST_BYTES = 16 * MAX_BODY_BYTES;

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>) {
	try {
		let discarded = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			discarded += value.byteLength;
			if (discarded > DISCARD_AT_MOST_BYTES) return void (await reader.cancel());
		}
	} catch {
		// The client went away, or adapter-node's own limit ended the stream.
	}
}

/**
 * The limit holds however the server was started (adapter-node's own BODY_SIZE_LIMIT defaults to
 * 512 KB under a plain `node build`) and however the body is sent: a chunked body has no length to
 * check up front, so it is read here, up to the limit, before any action sees it.
 */
const limitBodySize: Handle = async ({ event, resolve }) => {
	const { request } = event;
	// Writing a lesson from an article and importing a module take a file; nothing else does.
	const upload = takesUpload(event.route.id, event.url);
	const limit = upload ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
	const declared = request.headers.get('content-length');
	if (declared !== null) {
		return Number(declared) > limit ? tooLarge(upload, request) : resolve(event);
	}
	if (!request.body) return resolve(event);
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = request.body.getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			// The rest is read and dropped, as SvelteKit does past its own limit: cancelling would
			// reset the connection before the client has read the 413.
			void discardRest(reader);
			return tooLarge(upload, request);
		}
		chunks.push(value);
	}
	event.request = new Request(request, { body: Buffer.concat(chunks) });
	return resolve(event);
};

/** An address with a NUL character names nothing here, and PostgreSQL would choke on it. */
const refuseNulInAddress: Handle = async ({ event, resolve }) => {
	const { pathname, search } = event.url;
	if (/%00/.test(pathname + search) || hasNulCharacter(pathname + search)) {
		return new Response('This address holds a character that is not allowed.', {
			status: 400,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	return resolve(event);
};

const authenticate: Handle = async ({ event, resolve }) => {
	const cookie = event.cookies.get(SESSION_COOKIE);
	const token = cookie && !hasNulCharacter(cookie) ? cookie : undefined;
	const secure = event.url.protocol === 'https:';
	if (!token) {
		event.locals.user = null;
		event.locals.session = null;
		return resolve(event);
	}
	const { session, user, schoolName } = await validateSessionToken(getDb(), token);
	if (session) {
		setSessionCookie(event.cookies, token, session.expiresAt, secure);
	} else {
		deleteSessionCookie(event.cookies, secure);
	}
	event.locals.user = user;
	event.locals.session = session;
	event.locals.schoolName = schoolName;
	return resolve(event);
};

const PASSWORD_CHANGE_ROUTES = new Set(['/(account)/account', '/(account)/logout']);

const guardRoutes: Handle = async ({ event, resolve }) => {
	const routeId = event.route.id;
	// No route matched: let SvelteKit answer 404.
	if (routeId === null) return resolve(event);
	const audience = audienceOf(routeId);
	if (audience === null) error(404, 'Not found');
	const { user } = event.locals;
	if (!mayEnter(audience, user)) {
		if (!user) {
			const next = event.url.pathname + event.url.search;
			redirect(303, `/login?next=${encodeURIComponent(next)}`);
		}
		error(403, 'Your account cannot open this page.');
	}
	if (user?.mustChangePassword && audience !== 'public' && !PASSWORD_CHANGE_ROUTES.has(routeId)) {
		redirect(303, '/account?reason=reset');
	}
	return resolve(event);
};

/** A student's text size and line spacing, on <html> from the first paint ($lib/reading). */
const applyReadingSupports: Handle = async ({ event, resolve }) => {
	const reading = event.locals.user?.reading;
	if (!reading || (reading.textSize === 'standard' && reading.lineSpacing === 'standard')) {
		return resolve(event);
	}
	// Both values come from fixed lists (readingSupportsOf), never from what was typed.
	const attributes = `data-text-size="${reading.textSize}" data-line-spacing="${reading.lineSpacing}"`;
	return resolve(event, {
		transformPageChunk: ({ html }) =>
			html.replace('<html lang="en">', `<html lang="en" ${attributes}>`)
	});
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
	// Older browsers that ignore CSP frame-ancestors.
	response.headers.set('x-frame-options', 'DENY');
	// event.url comes from ORIGIN: an https site tells browsers never to use plain http for it.
	if (event.url.protocol === 'https:') {
		response.headers.set('strict-transport-security', 'max-age=31536000');
	}
	return response;
};

export const handle = sequence(
	securityHeaders,
	refuseNulInAddress,
	limitBodySize,
	authenticate,
	guardRoutes,
	applyReadingSupports
);

export const handleError: HandleServerError = ({ error: cause, status, message }) => {
	// A 4xx is the request's fault (a wrong content type, an unknown page): only our faults are logged.
	if (status >= 500) console.error(cause);
	return {
		message: status >= 500 ? 'Something went wrong on our side. Please try again.' : message
	};
};
