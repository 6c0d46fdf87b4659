// The bench's table: each figure beside its target, with pass or miss.
import os from 'node:os';
import { readFileSync } from 'node:fs';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const count = (n) => n.toLocaleString('en-GB');
const perSecond = (value) => `${count(Math.round(value))}/s`;

function rowsOf(figures) {
	const rows = [];
	const add = (figure, measured, target, pass) =>
		rows.push([figure, measured, target, pass === null ? '' : pass ? 'pass' : 'MISS']);
	const section = (title) => rows.push([title, '', '', '']);
	const failures = (run) => (run.failed > 0 ? ` (${run.failed} failed)` : '');
	const cpu = (run) =>
		`${run.serverCpuMsPerRequest.toFixed(2)} ms CPU/req` +
		(run.databaseCpuMsPerRequest > 0 ? ` (db ${run.databaseCpuMsPerRequest.toFixed(2)})` : '');
	const load = (run) =>
		`${perSecond(run.requestsPerSecond)}, p50 ${ms(run.p50Ms)}, p99 ${ms(run.p99Ms)}, ${cpu(run)}${failures(run)}`;
	const percent = (share) => `${(share * 100).toFixed(0)}%`;
	const floor = figures.floor;

	section('Closed loop: 100 connections, each sending again as soon as it is answered');
	add(
		`Framework floor: minimal SvelteKit page, ${kb(floor.htmlBytes)}, no database`,
		load(floor),
		'',
		null
	);
	add(
		`Lesson step page (${kb(figures.page.htmlBytes)}), 100 students`,
		load(figures.page),
		'',
		null
	);
	const versusFloor = (label, run, share) => {
		const ratio = run.requestsPerSecond / floor.requestsPerSecond;
		add(`  ${label} / floor throughput`, percent(ratio), `>= ${percent(share)}`, ratio >= share);
		add(
			`  ${label} p99 / floor p99`,
			`${ms(run.p99Ms)} / ${ms(floor.p99Ms)}`,
			'<= floor',
			run.p99Ms <= floor.p99Ms && run.failed === 0
		);
	};
	versusFloor('lesson step', figures.page, 0.7);
	add('Static asset /favicon.svg', load(figures.staticAsset), '', null);
	for (const [label, run] of [
		['Save an answer (?/answer)', figures.answer],
		['Autosave a draft (?/draft)', figures.draft]
	]) {
		add(`${label}, 100 students`, load(run), '', null);
		versusFloor(label.split(' (')[0].toLowerCase(), run, 1);
	}

	const [small, large] = figures.results;
	add(
		`Class results page, ${small.size} students, 1 conn.`,
		`${ms(small.meanMs)} mean, p99 ${ms(small.p99Ms)}, ${cpu(small)}${failures(small)}`,
		'< 30 ms',
		small.meanMs < 30 && small.failed === 0
	);
	add(
		`Class results page, ${large.size} students, 1 conn.`,
		`${ms(large.meanMs)} mean, p99 ${ms(large.p99Ms)}, ${cpu(large)}${failures(large)}`,
		'',
		null
	);
	const growth = large.meanMs / small.meanMs;
	const sizeRatio = large.size / small.size;
	add(
		`  ${large.size} / ${small.size} students`,
		`${growth.toFixed(1)}×`,
		`<= ${sizeRatio}× (linear)`,
		growth <= sizeRatio
	);
	const exported = figures.districtExport;
	add(
		`District export CSV, ${exported.rows.toLocaleString('en-GB')} rows, ${kb(exported.bytes)}`,
		`${ms(exported.meanMs)} mean, ${cpu(exported)}${failures(exported)}`,
		'(no target)',
		null
	);

	section('Open loop: requests sent on a schedule, whatever the replies');
	const hour = figures.lessonHour;
	const largest = hour.runs.find((run) => run.students === hour.largestPassing);
	add(
		`District lesson hour: students, one action / 10 s, p99 < ${hour.p99LimitMs} ms`,
		hour.largestPassing
			? `${count(hour.largestPassing)} students (${perSecond(largest.ratePerSecond)}, p50 ${ms(largest.p50Ms)}, p99 ${ms(largest.p99Ms)}, ${cpu(largest)})`
			: 'none passed',
		figures.engine === 'SQLite' ? '>= 10,000' : '(report)',
		figures.engine === 'SQLite' ? hour.largestPassing >= 10_000 : null
	);
	const firstMiss = hour.runs.find((run) => !run.passed);
	if (firstMiss) {
		add(
			`  first step past it: ${count(firstMiss.students)} students`,
			`p50 ${ms(firstMiss.p50Ms)}, p99 ${ms(firstMiss.p99Ms)}, ${firstMiss.failed} failed`,
			'',
			null
		);
	}
	const bell = figures.bellRings;
	add(
		`The bell rings: ${count(bell.students)} students open step 1 within ${bell.seconds} s`,
		`p50 ${ms(bell.p50Ms)}, p99 ${ms(bell.p99Ms)}, ${bell.failed} failed, ${cpu(bell)}`,
		`p99 < ${ms(bell.p99LimitMs)}`,
		bell.passed
	);
	const signIns = figures.classSignsIn;
	add(
		`A class signs in: one argon2id check (bench process / server CPU)`,
		`${ms(signIns.argon2VerifyMs)} / ${ms(signIns.idle.serverCpuMsPerSignIn)} a sign-in`,
		'',
		null
	);
	for (const wave of [signIns.burst, signIns.crowd]) {
		add(
			`  ${wave.count} sign-ins within ${wave.seconds} s`,
			`p50 ${ms(wave.p50Ms)}, p99 ${ms(wave.p99Ms)}, max ${ms(wave.maxMs)}, ${wave.failed} failed`,
			'no failure',
			wave.failed === 0
		);
	}

	section(`Memory: every server process capped at a ${figures.heapCapMb} MB heap`);
	add(
		'Workers lost (a worker past its heap cap dies and is replaced)',
		String(figures.workerRestarts),
		'0',
		figures.workerRestarts === 0
	);
	const processPhases = Object.entries(figures.memory.byPhaseProcess ?? {});
	const [busiest] = processPhases.sort((a, b) => b[1] - a[1]);
	add(
		`Peak RSS of one server process (at ${busiest?.[0] ?? 'start'})`,
		mb(figures.memory.peakProcessBytes),
		'< 200 MB',
		figures.memory.peakProcessBytes < 200 * 1024 * 1024
	);
	add(
		`Peak RSS of the whole server (primary and workers; idle ${mb(figures.memory.idleBytes)})`,
		mb(figures.memory.peakBytes),
		'(report)',
		null
	);

	section('The browser');
	const js = figures.clientJs;
	add(
		`JS for a lesson step, ${js.files} files (raw ${kb(js.raw)}, brotli ${kb(js.brotli)})`,
		`${kb(js.gzip)} gzip${js.uncompressedFiles ? `, ${js.uncompressedFiles} files sent uncompressed` : ''}`,
		'< 80 KB gzip',
		js.gzip < 80 * 1024
	);
	for (const [label, report] of Object.entries(figures.lighthouse ?? {})) {
		const name = label === 'page' ? 'lesson step' : 'class results (40 students)';
		if (report.skipped) {
			add(`Lighthouse mobile, ${name}`, `skipped: ${report.skipped}`, '', null);
			continue;
		}
		add(`Lighthouse mobile, ${name}: score`, String(report.score), '>= 95', report.score >= 95);
		add('  largest contentful paint', ms(report.lcpMs), '<= 1800 ms', report.lcpMs <= 1800);
		add('  total blocking time', ms(report.tbtMs), '< 100 ms', report.tbtMs < 100);
	}
	return rows;
}

function table(rows) {
	const header = ['Figure', 'Measured', 'Target', ''];
	const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
	const line = (row) =>
		row
			.map((cell, i) => cell.padEnd(widths[i]))
			.join('  ')
			.trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function machine() {
	const cpu =
		/^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
	return `${os.cpus().length} cores (${cpu}), ${mb(os.totalmem())} RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function printHeader({ loadSeconds, heapCapMb }) {
	console.log(
		[
			`Byline benchmark on ${machine()}`,
			`Closed-loop runs last ${loadSeconds} s (5 s for one-connection runs) after a 2 s warm-up; the load`,
			'generators (autocannon, and the open-loop scheduler) run in the bench process on the same cores',
			'as the server. "CPU/req" is the CPU time the server (primary and workers, and on PostgreSQL the',
			"database backends serving it) spent per response. Every server process, the floor's too, runs",
			`with --max-old-space-size=${heapCapMb}.`
		].join('\n')
	);
}

export function printEngine(figures) {
	const s = figures.seeded;
	const workers = figures.workers ? `, ${figures.workers} workers` : '';
	console.log(
		[
			'',
			`${figures.engine}${workers}: ${s.teachers} teachers, ${s.classes} classes, ${count(s.students)} students, ${count(s.attempts)} attempts, ${count(s.drafts)} drafts, ${count(s.reviews)} reviews, ${count(s.completed)} completed (and up to ${count(figures.scenarioStudents)} students for the open-loop scenarios)`,
			`Other processes took ${(figures.othersShare * 100).toFixed(0)}% of the machine's busy CPU time during the load runs.`,
			'',
			table(rowsOf(figures)),
			'',
			`Peak RSS of one process by phase: ${Object.entries(figures.memory.byPhaseProcess ?? {})
				.filter(([name]) => name !== 'start')
				.map(([name, bytes]) => `${name} ${mb(bytes)}`)
				.join(', ')}`
		].join('\n')
	);
}
