// Request bodies are limited to 64 KB (hooks.server.ts); the few forms that take a file get more.

/** The largest article or module file a teacher may upload. */
export const MAX_UPLOAD_FILE_BYTES = 1024 * 1024;
export const MAX_MODULE_FILE_BYTES = MAX_UPLOAD_FILE_BYTES;

/** The file, plus room for the form's other fields and the multipart framing. */
export const MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_FILE_BYTES + 64 * 1024;

/**
 * The routes and form actions that take an upload, as `route id` or `route id?/action`: writing a
 * lesson from an article, and importing a module file.
 */
const UPLOAD_ROUTES = new Set(['/(teacher)/teach/modules/new', '/(teacher)/teach/modules?/import']);

/** Whether a request may carry an upload-sized body. */
export function takesUpload(routeId: string | null, url: URL): boolean {
	if (routeId === null) return false;
	if (UPLOAD_ROUTES.has(routeId)) return true;
	// A form action is named by the query's first key: `?/import`.
	const action = [...url.searchParams.keys()][0];
	return (
		action !== undefined && action.startsWith('/') && UPLOAD_ROUTES.has(`${routeId}?${action}`)
	);
}
