// The bench's table: each figure beside its target, with pass or miss.
import os from 'node:os';
import { readFileSync } from 'node:fs';

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const perSecond = (value) => `${Math.round(value).toLocaleString('en-GB')}/s`;

function rowsOf(figures) {
	const rows = [];
	const add = (figure, measured, target, pass) =>
		rows.push([figure, measured, target, pass === null ? '' : pass ? 'pass' : 'MISS']);
	const failures = (run) => (run.failed > 0 ? ` (${run.failed} failed)` : '');
	const cpu = (run) =>
		`${run.serverCpuMsPerRequest.toFixed(2)} ms CPU/req` +
		(run.databaseCpuMsPerRequest > 0 ? ` (db ${run.databaseCpuMsPerRequest.toFixed(2)})` : '');
	const load = (run) =>
		`${perSecond(run.requestsPerSecond)}, p99 ${ms(run.p99Ms)}, ${cpu(run)}${failures(run)}`;

	const js = figures.clientJs;
	add(
		`JS for a lesson step, ${js.files} files (raw ${kb(js.raw)}, brotli ${kb(js.brotli)})`,
		`${kb(js.gzip)} gzip${js.uncompressedFiles ? `, ${js.uncompressedFiles} files sent uncompressed` : ''}`,
		'< 80 KB gzip',
		js.gzip < 80 * 1024
	);

	add('Lesson step page, student, 100 conn.', load(figures.page), '', null);
	add('Static asset /favicon.svg, 100 conn.', load(figures.staticAsset), '', null);
	const pageShare = figures.page.requestsPerSecond / figures.staticAsset.requestsPerSecond;
	add(
		'  lesson page / static asset',
		`${(pageShare * 100).toFixed(0)}%`,
		'>= 50%',
		pageShare >= 0.5
	);

	for (const [label, run] of [
		['Save an answer (?/answer)', figures.answer],
		['Autosave a draft (?/draft)', figures.draft]
	]) {
		add(
			`${label}, 100 students, 100 conn.`,
			load(run),
			'>= 1,000/s',
			run.requestsPerSecond >= 1000 && run.failed === 0
		);
		add('  p99 latency', ms(run.p99Ms), '< 50 ms', run.p99Ms < 50);
	}

	const [small, large] = figures.results;
	add(
		`Class results page, ${small.size} students`,
		`${ms(small.meanMs)} mean, p99 ${ms(small.p99Ms)}, ${cpu(small)}${failures(small)}`,
		'< 30 ms',
		small.meanMs < 30 && small.failed === 0
	);
	add(
		`Class results page, ${large.size} students`,
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

	const [busiest] = Object.entries(figures.memory.byPhase).sort((a, b) => b[1] - a[1]);
	add(
		`Server peak RSS under load (idle ${mb(figures.memory.idleBytes)}; at ${busiest[0]})`,
		mb(figures.memory.peakBytes),
		'< 200 MB',
		figures.memory.peakBytes < 200 * 1024 * 1024
	);
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

export function printHeader({ loadSeconds }) {
	console.log(
		[
			`Byline benchmark on ${machine()}`,
			`Each load run lasts ${loadSeconds} s (5 s for one-connection runs) after a 2 s warm-up. autocannon`,
			'runs in the bench process on the same two cores as the server. "CPU/req" is the CPU time',
			'the app server (and on PostgreSQL the database backends serving it) spent per response.'
		].join('\n')
	);
}

export function printEngine(figures) {
	const s = figures.seeded;
	const count = (n) => n.toLocaleString('en-GB');
	console.log(
		[
			'',
			`${figures.engine}: ${s.teachers} teachers, ${s.classes} classes, ${count(s.students)} students, ${count(s.attempts)} attempts, ${count(s.drafts)} drafts, ${count(s.reviews)} reviews, ${count(s.completed)} completed`,
			`Other processes took ${(figures.othersShare * 100).toFixed(0)}% of the machine's busy CPU time during the load runs.`,
			'',
			table(rowsOf(figures)),
			'',
			`Peak RSS by phase: ${Object.entries(figures.memory.byPhase)
				.filter(([name]) => name !== 'start')
				.map(([name, bytes]) => `${name} ${mb(bytes)}`)
				.join(', ')}`
		].join('\n')
	);
}
