import type { Answer } from '$lib/lesson';
import { CONFIDENCE_LEVELS } from '$lib/lesson';
import { NotFoundError } from './classes';
import { getTeacherAssignment, isLate } from './assignments';
import { percentCell } from './csv';
import type { Db } from './db';
import type { LessonModule } from './module-document';
import { getModuleVersion } from './modules';
import { readingSupportsOf } from './reading-supports';
import { describeSupports } from '$lib/reading';
import { effectiveScore, hasCheck, mean, scoreStudent } from './scoring';
import {
	discernmentChange,
	discernmentForms,
	discernmentReport,
	type DiscernmentForm,
	type DiscernmentReading
} from './discernment';
import { articleContext } from '$lib/question-types/article-context';
import { analyseItem, describeAnswer } from '$lib/question-types/registry.server';

// A teacher's results for one assignment: the grid, item analysis, one student's work and the
// CSV exports. Every query is scoped to the teacher's own class.

export type ReviewRow = {
	attempt_id: string;
	rubric: string;
	comment: string;
	score: number;
	updated_at: number;
};
export type OverrideRow = { attempt_id: string; score: number; reason: string; updated_at: number };

/** Everything one assignment's results need, in five queries whatever the class size. */
export async function loadAssignmentData(db: Db, teacherId: string, assignmentId: string) {
	const assignment = await getTeacherAssignment(db, teacherId, assignmentId);
	const module =
		assignment && (await getModuleVersion(db, assignment.module_id, assignment.module_version));
	if (!assignment || !module) throw new NotFoundError('No such assignment.');
	const [students, attempts, reviews, overrides, started] = await Promise.all([
		db
			.selectFrom('class_members')
			.innerJoin('users', 'users.id', 'class_members.student_id')
			.select([
				'users.id',
				'users.username',
				'users.display_name',
				'users.text_size',
				'users.line_spacing',
				'users.read_aloud'
			])
			.where('class_members.class_id', '=', assignment.class_id)
			.orderBy('users.display_name')
			.execute(),
		db
			.selectFrom('attempts')
			.innerJoin('class_members', 'class_members.student_id', 'attempts.student_id')
			.select([
				'attempts.id',
				'attempts.student_id',
				'attempts.question_id',
				'attempts.attempt_no',
				'attempts.module_version',
				'attempts.answer',
				'attempts.score',
				'attempts.correct',
				'attempts.confidence',
				'attempts.created_at'
			])
			.where('class_members.class_id', '=', assignment.class_id)
			.where('attempts.assignment_id', '=', assignment.id)
			.orderBy('attempts.created_at')
			.execute(),
		db
			.selectFrom('reviews')
			.innerJoin('attempts', 'attempts.id', 'reviews.attempt_id')
			.innerJoin('class_members', 'class_members.student_id', 'attempts.student_id')
			.select([
				'reviews.attempt_id',
				'reviews.rubric',
				'reviews.comment',
				'reviews.score',
				'reviews.updated_at'
			])
			.where('class_members.class_id', '=', assignment.class_id)
			.where('attempts.assignment_id', '=', assignment.id)
			.execute(),
		db
			.selectFrom('score_overrides')
			.innerJoin('attempts', 'attempts.id', 'score_overrides.attempt_id')
			.innerJoin('class_members', 'class_members.student_id', 'attempts.student_id')
			.select([
				'score_overrides.attempt_id',
				'score_overrides.score',
				'score_overrides.reason',
				'score_overrides.updated_at'
			])
			.where('class_members.class_id', '=', assignment.class_id)
			.where('attempts.assignment_id', '=', assignment.id)
			.execute(),
		db
			.selectFrom('progress')
			.select(['student_id', 'module_version', 'current_step', 'completed_at'])
			.where('assignment_id', '=', assignment.id)
			.execute()
	]);
	// Each student is scored on the version they started; others would start on the assignment's.
	const versionOf = new Map(started.map((p) => [p.student_id, p.module_version]));
	const progress = new Map(started.map((p) => [p.student_id, p]));
	const modules = new Map<number, LessonModule>([[module.version, module]]);
	for (const version of new Set(versionOf.values())) {
		const other = await getModuleVersion(db, module.id, version);
		if (other) modules.set(version, other);
	}
	return {
		assignment,
		module,
		moduleOf: (studentId: string) =>
			modules.get(versionOf.get(studentId) ?? module.version) ?? module,
		progressOf: (studentId: string) => progress.get(studentId) ?? null,
		students,
		attempts,
		reviews: new Map(reviews.map((r) => [r.attempt_id, r])),
		overrides: new Map(overrides.map((o) => [o.attempt_id, o]))
	};
}

export type AssignmentData = Awaited<ReturnType<typeof loadAssignmentData>>;

export type StudentStatus =
	{ kind: 'not-started' } | { kind: 'in-progress'; step: number; of: number } | { kind: 'done' };

/** A student's status in words, as the grid, its narrow list and the grid CSV say it. */
export function statusLabel(status: StudentStatus) {
	if (status.kind === 'done') return 'Done';
	if (status.kind === 'not-started') return 'Not started';
	return `At step ${status.step} of ${status.of}`;
}

/** What the teacher's pages and exports call each part of a module. */
export const FORM_NAMES: Record<DiscernmentForm, string> = {
	pre: 'Pre-check',
	lesson: 'Lesson',
	post: 'Post-check',
	delayed: 'Delayed check'
};

const present = <T>(value: T | null): value is T => value !== null;

/** What a student's row needs of the module they work on, worked out once per version. */
type ModulePlan = {
	/** The step with the delayed check, which a student's path leaves out until it opens. */
	delayedSlug: string | undefined;
	/** Steps outside the delayed check: "step 3 of 7". */
	pathSteps: number;
	stepNumberOf: Map<string, number>;
};

const plans = new WeakMap<LessonModule, ModulePlan>();

function planOf(module: LessonModule): ModulePlan {
	let plan = plans.get(module);
	if (!plan) {
		plan = {
			delayedSlug: module.steps.find((s) => s.check === 'delayed')?.slug,
			pathSteps: module.steps.filter((s) => s.check !== 'delayed').length,
			stepNumberOf: new Map(module.steps.map((s) => [s.slug, s.number]))
		};
		plans.set(module, plan);
	}
	return plan;
}

type ResultsAttempt = AssignmentData['attempts'][number];

/** A student's work on one question: how often they tried, and the attempt that is scored. */
type QuestionWork = { tries: number; first: ResultsAttempt };

/** The grid, item analysis and class-level figures for one assignment. */
export function analyseAssignment(data: AssignmentData, now = Date.now()) {
	const { module } = data;
	const dueAt = data.assignment.due_at;
	const questions = [...module.questions.values()];
	// One pass over the attempts, in the order they were made: each student's attempts, and their
	// tries and first attempt at each question (the first in attempt number, as scoring takes it).
	const answeredQuestions = new Set<string>();
	const byStudent = new Map<
		string,
		{ attempts: ResultsAttempt[]; work: Map<string, QuestionWork>; lastAt: number }
	>();
	for (const attempt of data.attempts) {
		answeredQuestions.add(attempt.question_id);
		let mine = byStudent.get(attempt.student_id);
		if (!mine) {
			mine = { attempts: [], work: new Map(), lastAt: attempt.created_at };
			byStudent.set(attempt.student_id, mine);
		}
		mine.attempts.push(attempt);
		if (attempt.created_at > mine.lastAt) mine.lastAt = attempt.created_at;
		const work = mine.work.get(attempt.question_id);
		if (!work) mine.work.set(attempt.question_id, { tries: 1, first: attempt });
		else {
			work.tries++;
			if (attempt.attempt_no < work.first.attempt_no) work.first = attempt;
		}
	}
	// Columns are grouped by the steps of the assignment's version.
	// A delayed check nobody has answered yet would be an empty column on every row.
	const stepGroups = module.steps
		.filter((s) => s.questionIds.length > 0)
		.filter((s) => s.check !== 'delayed' || s.questionIds.some((id) => answeredQuestions.has(id)))
		.map((s) => ({
			slug: s.slug,
			number: s.number,
			title: s.title,
			check: s.check ?? null,
			questionIds: s.questionIds
		}));

	const rows = data.students.map((student) => {
		const mine = byStudent.get(student.id);
		const studentModule = data.moduleOf(student.id);
		const plan = planOf(studentModule);
		const scores = scoreStudent(studentModule, mine?.attempts ?? [], data);
		const cells: Record<
			string,
			{
				tries: number;
				score: number | null;
				overridden: boolean;
				awaitingReview: boolean;
				attemptId: string | null;
			}
		> = {};
		let answered = 0;
		let pathQuestions = 0;
		let awaitingReview = 0;
		for (const q of questions) {
			const work = mine?.work.get(q.id);
			const first = work?.first;
			const cell = {
				tries: work?.tries ?? 0,
				score: scores.scoreOf(q.id),
				overridden: first ? data.overrides.has(first.id) : false,
				awaitingReview: q.type === 'written' && first !== undefined && !data.reviews.has(first.id),
				attemptId: first?.id ?? null
			};
			cells[q.id] = cell;
			if (cell.awaitingReview) awaitingReview++;
			// The delayed check opens days after the lesson: the lesson is done without it.
			if (q.stepSlug !== plan.delayedSlug) {
				pathQuestions++;
				if (cell.tries > 0) answered++;
			}
		}
		const progress = data.progressOf(student.id);
		const done = progress?.completed_at != null || answered === pathQuestions;
		const lastAttemptAt = mine ? mine.lastAt : null;
		const completedAt = done ? (progress?.completed_at ?? lastAttemptAt) : null;
		const status: StudentStatus = done
			? { kind: 'done' }
			: progress || mine
				? {
						kind: 'in-progress',
						step: (progress && plan.stepNumberOf.get(progress.current_step)) ?? 1,
						of: plan.pathSteps
					}
				: { kind: 'not-started' };
		const steps: Record<
			string,
			{ answered: number; score: number | null; awaitingReview: number }
		> = {};
		for (const step of stepGroups) {
			const scored: number[] = [];
			let stepAnswered = 0;
			let stepAwaiting = 0;
			for (const id of step.questionIds) {
				const cell = cells[id]!;
				if (cell.score !== null) scored.push(cell.score);
				if (cell.tries > 0) stepAnswered++;
				if (cell.awaitingReview) stepAwaiting++;
			}
			steps[step.slug] = {
				answered: stepAnswered,
				score: mean(scored),
				awaitingReview: stepAwaiting
			};
		}
		return {
			status,
			statusText: statusLabel(status),
			late: isLate(dueAt, completedAt, now),
			steps,
			student: { id: student.id, username: student.username, displayName: student.display_name },
			moduleVersion: studentModule.version,
			cells,
			answered,
			completion: answered / questions.length,
			score: scores.score,
			pre: scores.pre,
			post: scores.post,
			delayed: scores.delayed,
			gain: scores.gain,
			delayedGain: scores.delayedGain,
			discernment: scores.discernment,
			awaitingReview
		};
	});

	// Item analysis compares answers to one key: the assignment's version. Each question's first
	// attempts, in the order the students first answered.
	const firstsOf = new Map<string, ResultsAttempt[]>(questions.map((q) => [q.id, []]));
	const firstAttempts: ResultsAttempt[] = [];
	for (const { work } of byStudent.values()) {
		for (const { first } of work.values()) {
			if (first.module_version !== module.version) continue;
			firstAttempts.push(first);
			firstsOf.get(first.question_id)?.push(first);
		}
	}

	const items = questions.map((q) => analyseItem(q, firstsOf.get(q.id)!, data));

	// The class line of discernment: mean d′ and c in each part, and the mean of each student's
	// change from the pre-check (over the students with both readings, as the class gain is).
	const readingsIn = (form: DiscernmentForm) =>
		rows.map((r) => r.discernment[form]).filter(present);
	const meanOf = (readings: DiscernmentReading[]) => ({
		dPrime: mean(readings.map((r) => r.dPrime)),
		criterion: mean(readings.map((r) => r.criterion))
	});
	const discernment = discernmentForms(module).map((form) => {
		const changes =
			form === 'post' || form === 'delayed'
				? rows.map((r) => discernmentChange(r.discernment.pre, r.discernment[form])).filter(present)
				: [];
		return {
			form,
			name: FORM_NAMES[form],
			students: readingsIn(form).length,
			...meanOf(readingsIn(form)),
			fromPre:
				changes.length === 0
					? null
					: {
							students: changes.length,
							dPrime: mean(changes.map((c) => c.dPrime))!,
							criterion: mean(changes.map((c) => c.criterion))!
						}
		};
	});

	const calibration = CONFIDENCE_LEVELS.map((level) => {
		const scores = firstAttempts
			.filter((a) => a.confidence === level.id && a.score !== null)
			.map((a) => a.score as number);
		return { level: level.id, label: level.label, count: scores.length, meanScore: mean(scores) };
	});

	const studentScores = rows.map((r) => r.score).filter((s): s is number => s !== null);
	const distribution = [0, 1, 2, 3, 4].map((bucket) => ({
		label: bucket === 4 ? '80–100%' : `${bucket * 20}–${bucket * 20 + 19}%`,
		count: studentScores.filter((s) => Math.min(4, Math.floor(s * 5)) === bucket).length
	}));
	const gains = rows.map((r) => r.gain).filter(present);

	return {
		questions: questions.map((q) => ({
			id: q.id,
			type: q.type,
			prompt: q.prompt,
			stepNumber: module.steps.find((s) => s.questionIds.includes(q.id))!.number,
			check: module.steps.find((s) => s.questionIds.includes(q.id))!.check ?? null
		})),
		steps: stepGroups,
		rows,
		items,
		discernment,
		calibration,
		distribution,
		classScore: mean(studentScores),
		classGain: mean(gains),
		classDelayedGain: mean(rows.map((r) => r.delayedGain).filter(present)),
		classPre: mean(rows.map((r) => r.pre).filter(present)),
		classPost: mean(rows.map((r) => r.post).filter(present)),
		classDelayed: mean(rows.map((r) => r.delayed).filter(present)),
		/** Whether the assignment's version has a delayed check: its columns show only then. */
		hasDelayed: hasCheck(module, 'delayed'),
		completed: rows.filter((r) => r.status.kind === 'done').length,
		late: rows.filter((r) => r.late).length
	};
}

/** One student's work on the assignment, step by step, with the figures that count. */
export function studentWork(data: AssignmentData, studentId: string) {
	const student = data.students.find((s) => s.id === studentId);
	if (!student) return null;
	const mine = data.attempts.filter((a) => a.student_id === student.id);
	const module = data.moduleOf(student.id);
	const scores = scoreStudent(module, mine, data);
	const steps = module.steps.map((step) => ({
		number: step.number,
		title: step.title,
		questions: step.questionIds.map((id) => {
			const question = module.questions.get(id)!;
			return {
				id,
				type: question.type,
				prompt: question.prompt,
				score: scores.scoreOf(id),
				attempts: mine
					.filter((a) => a.question_id === id)
					.sort((a, b) => a.attempt_no - b.attempt_no)
					.map((a) => ({
						id: a.id,
						attemptNo: a.attempt_no,
						createdAt: a.created_at,
						answer: describeAnswer(
							question,
							JSON.parse(a.answer) as Answer,
							articleContext(module.article)
						),
						confidence: a.confidence,
						autoScore: a.score,
						score: effectiveScore(a, data),
						review: data.reviews.get(a.id) ?? null,
						override: data.overrides.get(a.id) ?? null
					}))
			};
		})
	}));
	return {
		student: { id: student.id, displayName: student.display_name, username: student.username },
		readingSupports: describeSupports(readingSupportsOf(student)),
		moduleVersion: module.version,
		figures: {
			score: scores.score,
			pre: scores.pre,
			post: scores.post,
			delayed: scores.delayed,
			gain: scores.gain,
			delayedGain: scores.delayedGain
		},
		hasDelayed: hasCheck(module, 'delayed'),
		discernment: discernmentReport(module, scores.discernment),
		formNames: FORM_NAMES,
		steps
	};
}

const yesNo = (flag: boolean) => (flag ? 'yes' : 'no');

const twoPlaces = (value: number) => Math.round(value * 100) / 100;

/**
 * The grid as CSV rows, header first. The delayed check's columns are there only when the
 * assignment's version has one; discernment's for each part that has a sort measuring it.
 */
export function gridTable(results: ReturnType<typeof analyseAssignment>) {
	const forms = results.discernment.map((d) => d.form);
	const delayed = results.hasDelayed;
	return [
		[
			'Student',
			'Username',
			'Module version',
			'Completion %',
			'Score %',
			'Pre-check %',
			'Post-check %',
			...(delayed ? ['Delayed-check %'] : []),
			'Gain pre to post (points)',
			...(delayed ? ['Gain pre to delayed (points)'] : []),
			...forms.flatMap((form) => {
				const name = FORM_NAMES[form];
				return [
					`${name} caught`,
					`${name} to catch`,
					`${name} kept`,
					`${name} to keep`,
					`${name} sensitivity d'`,
					`${name} bias c`
				];
			}),
			'Awaiting review',
			...results.questions.map((q, i) => `Q${i + 1} ${q.id} %`),
			...results.questions.map((q, i) => `Q${i + 1} tries`),
			'Status',
			'Late'
		],
		...results.rows.map((row) => [
			row.student.displayName,
			row.student.username,
			row.moduleVersion,
			percentCell(row.completion),
			percentCell(row.score),
			percentCell(row.pre),
			percentCell(row.post),
			...(delayed ? [percentCell(row.delayed)] : []),
			percentCell(row.gain),
			...(delayed ? [percentCell(row.delayedGain)] : []),
			...forms.flatMap((form): (string | number)[] => {
				const reading = row.discernment[form];
				return reading
					? [
							reading.caught,
							reading.toCatch,
							reading.kept,
							reading.toKeep,
							twoPlaces(reading.dPrime),
							twoPlaces(reading.criterion)
						]
					: ['', '', '', '', '', ''];
			}),
			row.awaitingReview,
			...results.questions.map((q) => percentCell(row.cells[q.id]!.score)),
			...results.questions.map((q) => row.cells[q.id]!.tries),
			row.statusText,
			yesNo(row.late)
		])
	];
}

/** Every attempt as CSV rows, header first, with its automatic score and the score that counts. */
export function attemptsTable(data: AssignmentData) {
	const names = new Map(data.students.map((s) => [s.id, s]));
	return [
		[
			'Student',
			'Username',
			'Question',
			'Attempt',
			'Time (UTC)',
			'Answer',
			'Confidence',
			'Automatic score %',
			'Score that counts %',
			'Review comment',
			'Override reason',
			'Late'
		],
		...data.attempts.map((a) => {
			const module = data.moduleOf(a.student_id);
			const question = module.questions.get(a.question_id);
			const student = names.get(a.student_id);
			return [
				student?.display_name,
				student?.username,
				a.question_id,
				a.attempt_no,
				new Date(a.created_at).toISOString(),
				question
					? describeAnswer(question, JSON.parse(a.answer) as Answer, articleContext(module.article))
					: a.answer,
				a.confidence,
				percentCell(a.score),
				percentCell(effectiveScore(a, data)),
				data.reviews.get(a.id)?.comment ?? '',
				data.overrides.get(a.id)?.reason ?? '',
				yesNo(data.assignment.due_at !== null && a.created_at > data.assignment.due_at)
			];
		})
	];
}
