// What a student's browser downloads in JavaScript for one lesson step: the start-up scripts
// the page names, its modulepreload links, everything those import statically, and the root
// layout and error page SvelteKit's client imports as it starts. A step's content comes from the
// module version in the database and arrives as HTML in the page's data, not as a script.
// (Checked against the files headless Chromium fetched for the same page, when the step's content
// was a script of its own: the same 31.)
import { get } from 'node:http';

const STATIC_IMPORT =
	/(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;

function scriptsOfPage(html, linkHeader, pageUrl) {
	const found = new Set();
	// SvelteKit names the page's modules in a Link header, or in <link> tags when it cannot.
	for (const match of (linkHeader ?? '').matchAll(/<([^>]+)>;\s*rel="modulepreload"/g)) {
		found.add(new URL(match[1], pageUrl).href);
	}
	for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]*href="([^"]+)"/g)) {
		found.add(new URL(match[1], pageUrl).href);
	}
	for (const match of html.matchAll(/<script[^>]+src="([^"]+)"/g)) {
		found.add(new URL(match[1], pageUrl).href);
	}
	// SvelteKit's inline start-up script imports the two entry files.
	for (const script of html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)) {
		for (const match of script[1].matchAll(/import\(\s*["']([^"']+\.js)["']\s*\)/g)) {
			found.add(new URL(match[1], pageUrl).href);
		}
	}
	return found;
}

/** The bytes the server sends for `url` when the browser accepts `encoding`, as sent. */
function fetchOnTheWire(url, encoding) {
	return new Promise((resolve, reject) => {
		get(url, { headers: { 'accept-encoding': encoding } }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () =>
				resolve({
					status: response.statusCode,
					encoding: response.headers['content-encoding'] ?? 'identity',
					bytes: Buffer.concat(chunks)
				})
			);
			response.on('error', reject);
		}).on('error', reject);
	});
}

/**
 * Finds every JavaScript file a signed-in student's browser loads for `pagePath` and adds up
 * the bytes the server sends for them: uncompressed, to a browser that accepts gzip, and to one
 * that accepts brotli. A file the server does not compress counts at its full size.
 */
export async function measureClientJs({ origin, pagePath, cookie }) {
	const pageUrl = `${origin}${pagePath}`;
	const page = await fetch(pageUrl, { headers: { cookie }, redirect: 'manual' });
	if (page.status !== 200) throw new Error(`${pagePath} answered ${page.status}`);
	const html = await page.text();

	const sources = new Map();
	const pending = [...scriptsOfPage(html, page.headers.get('link'), pageUrl)];
	if (pending.length === 0)
		throw new Error(`${pagePath} names no JavaScript; the page format changed`);
	while (pending.length > 0) {
		const url = pending.pop();
		if (sources.has(url)) continue;
		const response = await fetchOnTheWire(url, 'identity');
		if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
		const code = response.bytes.toString('utf8');
		sources.set(url, response.bytes.length);
		for (const match of code.matchAll(STATIC_IMPORT)) pending.push(new URL(match[1], url).href);
		// SvelteKit's client imports the root layout and error nodes (0 and 1) as it starts.
		if (/\/entry\/app\.[^/]+\.js$/.test(url)) {
			for (const match of code.matchAll(
				/import\(\s*["']([^"']*\/nodes\/[01]\.[^"']+\.js)["']\s*\)/g
			)) {
				pending.push(new URL(match[1], url).href);
			}
		}
	}

	const totals = { files: sources.size, raw: 0, gzip: 0, brotli: 0, uncompressedFiles: 0 };
	const uncompressed = new Set();
	for (const [url, rawBytes] of sources) {
		totals.raw += rawBytes;
		for (const [encoding, key] of [
			['gzip', 'gzip'],
			['br', 'brotli']
		]) {
			const sent = await fetchOnTheWire(url, encoding);
			if (sent.encoding !== encoding) uncompressed.add(url);
			totals[key] += sent.bytes.length;
		}
	}
	totals.uncompressedFiles = uncompressed.size;
	return totals;
}
