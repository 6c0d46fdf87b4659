// Lighthouse's performance score for one page as a signed-in user sees it: Lighthouse 12.8.2,
// mobile, its default simulated throttling (150 ms RTT, 1.6 Mbps, 4x CPU slowdown), performance
// category only, run a few times; the run with the median score is the one reported.
//
// Lighthouse is not a dependency of the app: `npx --yes lighthouse@12.8.2` fetches it into the npm
// cache the first time (about 30 s) and reuses it afterwards. It drives the Chromium at CHROME_PATH
// (default /usr/bin/chromium). Without Chromium, or when Lighthouse cannot be fetched, the result
// is `{ skipped: reason }` rather than an error, so the rest of the bench still runs.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LIGHTHOUSE = 'lighthouse@12.8.2';
/** The network is closed here: without these Chromium waits on connections it cannot make. */
const CHROME_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
/** One Lighthouse run takes 15–30 s here; a run that takes this long has hung. */
const RUN_TIMEOUT_MS = 180_000;

/** Lighthouse runs still going (their process groups), killed if the bench exits first. */
const running = new Set();
process.on('exit', () => {
	for (const pid of running) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
});

/** Runs a command; resolves with its exit code and output, or kills it when it runs too long. */
function run(command, args, { env, timeoutMs }) {
	return new Promise((resolve) => {
		// A process group of its own, so a hung run's Chromium is killed with it.
		const child = spawn(command, args, {
			env,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		if (child.pid) running.add(child.pid);
		let output = '';
		const keep = (chunk) => (output = (output + chunk).slice(-8000));
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// Already gone.
			}
		}, timeoutMs);
		child.once('error', (error) => {
			running.delete(child.pid);
			clearTimeout(timer);
			resolve({ code: null, output: String(error), timedOut });
		});
		child.once('close', (code) => {
			running.delete(child.pid);
			clearTimeout(timer);
			resolve({ code, output, timedOut });
		});
	});
}

/** `getLogNormalScore` and `computeLogNormalScore` of Lighthouse (shared/statistics.js, util.js). */
function logNormalScore({ median, p10 }, value) {
	if (value <= 0) return 1;
	const erf = (x) => {
		const sign = Math.sign(x);
		x = Math.abs(x);
		const t = 1 / (1 + 0.3275911 * x);
		const y =
			t *
			(0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
		return sign * (1 - y * Math.exp(-x * x));
	};
	const standardized = (Math.log(value / median) * 0.9061938024368232) / -Math.log(p10 / median);
	let score = (1 - erf(standardized)) / 2;
	if (value <= p10) score = Math.max(0.9, Math.min(1, score));
	else if (value <= median) score = Math.max(0.5, Math.min(0.8999999999999999, score));
	else score = Math.max(0, Math.min(0.49999999999999994, score));
	if (score > 0.9) score += 0.05 * (score - 0.9);
	return Math.floor(score * 100) / 100;
}

/**
 * The audits of the report's "Diagnostics" that do not pass, biggest first: ordered as the
 * Lighthouse report orders them, by how many points of the performance score the audit's
 * estimated savings (`metricSavings`, per metric) would bring, then by the savings' linear share of
 * the weighted metrics, then by bytes.
 */
function opportunities(lhr, count) {
	const category = lhr.categories.performance;
	const metrics = category.auditRefs
		.filter((ref) => ref.group === 'metrics' && ref.acronym && ref.weight > 0)
		.map((ref) => ({ ...ref, audit: lhr.audits[ref.id] }));
	const found = [];
	for (const ref of category.auditRefs) {
		if (ref.group !== 'diagnostics') continue;
		const audit = lhr.audits[ref.id];
		const passed =
			audit.scoreDisplayMode === 'notApplicable' ||
			audit.scoreDisplayMode === 'manual' ||
			(audit.scoreDisplayMode !== 'informative' &&
				audit.scoreDisplayMode !== 'error' &&
				Number(audit.score) >= 0.9);
		if (passed) continue;
		let points = 0;
		let linear = 0;
		for (const [acronym, savings] of Object.entries(audit.metricSavings ?? {})) {
			const metric = metrics.find((m) => m.acronym === acronym);
			const value = metric?.audit.numericValue;
			if (!savings || !value || metric.audit.score === null) continue;
			linear += (savings / value) * metric.weight;
			if (metric.audit.scoringOptions) {
				const better = logNormalScore(metric.audit.scoringOptions, value - savings);
				points += (better - metric.audit.score) * metric.weight;
			}
		}
		found.push({
			id: audit.id,
			title: audit.title,
			displayValue: audit.displayValue ?? null,
			score: audit.score,
			savings: {
				/** Estimated points of the performance score (0-100) the fix would bring. */
				scorePoints: Math.round(points * 10) / 10,
				ms:
					audit.details?.overallSavingsMs != null
						? Math.round(audit.details.overallSavingsMs)
						: null,
				bytes: audit.details?.overallSavingsBytes ?? null,
				metrics: audit.metricSavings ?? {}
			},
			linear
		});
	}
	return found
		.sort(
			(a, b) =>
				b.savings.scorePoints - a.savings.scorePoints ||
				b.linear - a.linear ||
				(b.savings.bytes ?? 0) - (a.savings.bytes ?? 0)
		)
		.slice(0, count)
		.map(({ linear, ...rest }) => rest);
}

/** Trace events of a task that run the page's JavaScript. */
const SCRIPT_EVENTS = new Set([
	'EvaluateScript',
	'v8.evaluateModule',
	'FunctionCall',
	'RunMicrotasks',
	'TimerFire',
	'EventDispatch',
	'FireAnimationFrame',
	'XHRReadyStateChange'
]);

/**
 * The page's main-thread work counted in CPU time rather than wall time, from the run's trace.
 * Lighthouse's simulation multiplies each task's wall-clock duration by the CPU slowdown (4x); on a
 * machine that other work keeps busy, a task's wall time includes the time it waited for a core
 * (a 341 ms layout here took 55 ms of CPU), so TBT swings with the machine's load. These figures
 * take each task's thread time (`tdur`) instead:
 * - `mainThreadCpuMs`: all main-thread tasks of the page, times the slowdown;
 * - `tbtFromCpuMs`: TBT from those times, the sum of (slowdown x CPU time - 50 ms), when positive,
 *   over the tasks that run script or start after the first contentful paint. Scripts count
 *   wherever they fell in this unthrottled load: in Lighthouse's simulation the page's module
 *   scripts, a round trip or more behind the HTML and CSS, run after the first paint. A
 *   cross-check of `tbtMs`, not Lighthouse's figure.
 */
function cpuFiguresOf(trace, slowdown) {
	const events = trace.traceEvents ?? trace;
	const navigation = events
		.filter(
			(e) =>
				e.name === 'navigationStart' &&
				e.args?.data?.isLoadingMainFrame &&
				/^https?:/.test(e.args.data.documentLoaderURL ?? '')
		)
		.at(-1);
	if (!navigation) return null;
	const { pid } = navigation;
	const tid =
		events.find(
			(e) => e.pid === pid && e.name === 'thread_name' && e.args?.name === 'CrRendererMain'
		)?.tid ?? navigation.tid;
	const fcp = events.find(
		(e) => e.name === 'firstContentfulPaint' && e.pid === pid && e.ts >= navigation.ts
	);
	const onMain = events
		.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === tid && e.ts >= navigation.ts)
		.sort((a, b) => a.ts - b.ts);
	let cpu = 0;
	let blocking = 0;
	for (let i = 0; i < onMain.length; i++) {
		const task = onMain[i];
		if (task.name !== 'RunTask') continue;
		const ms = ((task.tdur ?? task.dur) / 1000) * slowdown;
		cpu += ms;
		if (ms <= 50) continue;
		// Events with no listener show up as script events of no length: at least 1 ms counts.
		let runsScript = false;
		for (let j = i + 1; j < onMain.length && onMain[j].ts <= task.ts + task.dur; j++) {
			const e = onMain[j];
			if (SCRIPT_EVENTS.has(e.name) && (e.tdur ?? e.dur) >= 1000) {
				runsScript = true;
				break;
			}
		}
		if (runsScript || (fcp && task.ts >= fcp.ts)) blocking += ms - 50;
	}
	return { mainThreadCpuMs: Math.round(cpu), tbtFromCpuMs: Math.round(blocking) };
}

/** The figures of one Lighthouse report (LHR). */
function figuresOf(lhr) {
	const audits = lhr.audits;
	const value = (id) => audits[id]?.numericValue ?? null;
	const ms = (id) => (value(id) === null ? null : Math.round(value(id)));
	const summary = audits['resource-summary']?.details?.items ?? [];
	const ofType = (type) => summary.find((item) => item.resourceType === type);
	const lcpElement =
		audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
	return {
		score: Math.round(lhr.categories.performance.score * 100),
		lcpMs: ms('largest-contentful-paint'),
		tbtMs: ms('total-blocking-time'),
		fcpMs: ms('first-contentful-paint'),
		clsValue:
			value('cumulative-layout-shift') === null
				? null
				: Math.round(value('cumulative-layout-shift') * 1000) / 1000,
		speedIndexMs: ms('speed-index'),
		totalByteWeight: value('total-byte-weight'),
		scriptBytes: ofType('script')?.transferSize ?? null,
		scriptRequests: ofType('script')?.requestCount ?? null,
		documentBytes: ofType('document')?.transferSize ?? null,
		mainThreadMs: ms('mainthread-work-breakdown'),
		/** Lighthouse's measure of this machine's speed at the time (higher is faster). */
		benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
		/** Lighthouse's own warnings, such as a host CPU slower than it expects (benchmarkIndex < 1000). */
		warnings: lhr.runWarnings ?? [],
		lcpElement: lcpElement?.selector ?? null,
		finalUrl: lhr.finalDisplayedUrl ?? lhr.finalUrl,
		opportunities: opportunities(lhr, 5)
	};
}

/**
 * Runs Lighthouse `runs` times on `url`, sending `cookie` (`name=value`, as signIn returns it) with
 * every request, and returns the run with the median performance score (ties: the lower LCP):
 *
 *   { score, lcpMs, tbtMs, fcpMs, clsValue, speedIndexMs, totalByteWeight, scriptBytes,
 *     scriptRequests, documentBytes, mainThreadMs, mainThreadCpuMs, tbtFromCpuMs, benchmarkIndex,
 *     warnings, lcpElement, finalUrl,
 *     opportunities: [{ id, title, displayValue, score, savings: { scorePoints, ms, bytes, metrics } }],
 *     runs: [{ score, lcpMs, tbtMs, fcpMs, clsValue, tbtFromCpuMs, benchmarkIndex }], reportPath? }
 *
 * Byte figures are bytes transferred (compressed as sent). `mainThreadCpuMs` and `tbtFromCpuMs`
 * count CPU time instead of wall time (see cpuFiguresOf): on a busy machine they hold still while
 * Lighthouse's TBT and score do not; `benchmarkIndex` says how busy it was. `opportunities` are the report's five
 * biggest failing diagnostics. With `reportDir`, the median run's full report is kept there
 * (`<name>.json`, name from the URL's path) and its path returned as `reportPath`.
 * Throws when the page Lighthouse ended on is not `url`'s path (a sign-in redirect, say) or when
 * Lighthouse fails on the page; returns `{ skipped: reason }` when Chromium or Lighthouse is
 * missing.
 */
export async function runLighthouse({ url, cookie, runs = 3, reportDir = null }) {
	const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';
	try {
		accessSync(chromePath, constants.X_OK);
	} catch {
		return { skipped: `no Chromium at ${chromePath} (set CHROME_PATH)` };
	}
	const env = { ...process.env, CHROME_PATH: chromePath };
	const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
	const version = await run(npx, ['--yes', LIGHTHOUSE, '--version'], {
		env,
		timeoutMs: RUN_TIMEOUT_MS
	});
	if (version.code !== 0 || !/^12\.8\.2\b/m.test(version.output)) {
		return {
			skipped: `npx ${LIGHTHOUSE} is unavailable: ${version.timedOut ? 'timed out' : version.output.trim().split('\n').slice(-3).join(' ')}`
		};
	}

	const workDir = mkdtempSync(path.join(os.tmpdir(), 'byline-lighthouse-'));
	try {
		const headersFile = path.join(workDir, 'headers.json');
		writeFileSync(headersFile, JSON.stringify(cookie ? { Cookie: cookie } : {}));
		const wanted = new URL(url);
		const reports = [];
		for (let n = 0; n < runs; n++) {
			const outputPath = path.join(workDir, `run-${n}.json`);
			const result = await run(
				npx,
				[
					'--yes',
					LIGHTHOUSE,
					url,
					'--only-categories=performance',
					'--output=json',
					`--output-path=${outputPath}`,
					`--extra-headers=${headersFile}`,
					`--chrome-flags=${CHROME_FLAGS.join(' ')}`,
					// The trace, for the CPU-time figures (run-<n>-0.trace.json).
					'--save-assets',
					'--quiet'
				],
				{ env, timeoutMs: RUN_TIMEOUT_MS }
			);
			let lhr;
			try {
				lhr = JSON.parse(readFileSync(outputPath, 'utf8'));
			} catch {
				throw new Error(
					`Lighthouse on ${url} ${result.timedOut ? 'timed out' : `exited with ${result.code}`}: ${result.output.trim().split('\n').slice(-5).join('\n')}`
				);
			}
			if (lhr.runtimeError) {
				throw new Error(
					`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`
				);
			}
			const landed = new URL(lhr.finalDisplayedUrl ?? lhr.finalUrl);
			if (landed.pathname !== wanted.pathname || lhr.categories.performance.score === null) {
				throw new Error(
					`Lighthouse on ${url} measured ${landed.href} instead (score ${lhr.categories.performance.score}); is the session cookie valid?`
				);
			}
			const figures = figuresOf(lhr);
			try {
				const trace = JSON.parse(
					readFileSync(outputPath.replace(/\.json$/, '-0.trace.json'), 'utf8')
				);
				Object.assign(
					figures,
					cpuFiguresOf(trace, lhr.configSettings?.throttling?.cpuSlowdownMultiplier ?? 4) ?? {
						mainThreadCpuMs: null,
						tbtFromCpuMs: null
					}
				);
			} catch {
				Object.assign(figures, { mainThreadCpuMs: null, tbtFromCpuMs: null });
			}
			reports.push({ lhr, outputPath, figures });
		}
		const sorted = [...reports].sort(
			(a, b) => a.figures.score - b.figures.score || a.figures.lcpMs - b.figures.lcpMs
		);
		const median = sorted[Math.floor((sorted.length - 1) / 2)];
		const figures = {
			...median.figures,
			runs: reports.map(({ figures: f }) => ({
				score: f.score,
				lcpMs: f.lcpMs,
				tbtMs: f.tbtMs,
				fcpMs: f.fcpMs,
				clsValue: f.clsValue,
				tbtFromCpuMs: f.tbtFromCpuMs,
				benchmarkIndex: f.benchmarkIndex
			}))
		};
		if (reportDir) {
			const name = wanted.pathname.replace(/^\/|\/$/g, '').replace(/[^\w.-]+/g, '_') || 'index';
			figures.reportPath = path.join(reportDir, `${name}.json`);
			writeFileSync(figures.reportPath, JSON.stringify(median.lhr));
		}
		return figures;
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}
