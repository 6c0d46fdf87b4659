// Writes a school district straight into a migrated database: teachers, classes, students,
// assignments of one published version of the module, and each student's work for their class's
// assignment partway through it (attempts, retries, drafts, progress, teachers' reviews and the
// odd score override), answered with the graded answers from lesson-answers.js. Also signs
// students in by writing their sessions, as the app's sign-in does after the password check.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { writtenText } from './lesson-answers.js';

const FIRST_NAMES = [
	'Amina',
	'Ben',
	'Chloé',
	'Dmitri',
	'Emeka',
	'Farida',
	'Gabriel',
	'Hana',
	'Ivan',
	'Jamal',
	'Keiko',
	'Liam',
	'Maya',
	'Nikolai',
	'Olu',
	'Priya',
	'Quinn',
	'Rosa',
	'Samir',
	'Tara',
	'Umar',
	'Valentina',
	'Wei',
	'Ximena',
	'Yusuf',
	'Zara',
	'Aleksander',
	'Bianca',
	'Carlos',
	'Dilnoza',
	'Eilidh',
	'Faisal',
	'Greta',
	'Hugo',
	'Ines',
	'Jonas',
	'Kofi',
	'Lena',
	'Mateo',
	'Noor'
];
const LAST_NAMES = [
	'Rahimova',
	'Okafor',
	'Dubois',
	'Petrov',
	'Nwosu',
	'Karimov',
	'Silva',
	'Tanaka',
	'Novak',
	'Haddad',
	'O’Brien',
	'García',
	'Chen',
	'Mensah',
	'Schmidt',
	'Kowalski',
	'Ahmed',
	'Rossi',
	'Yilmaz',
	'Nazarov',
	'Fischer',
	'Singh',
	'Johansson',
	'Costa',
	'Murphy',
	'Ivanova',
	'Kim',
	'Mahmoud',
	'Fernández',
	'Sultanov'
];
const SUBJECTS = ['English', 'History', 'Civics', 'Media Studies', 'Social Studies', 'Citizenship'];
const REVIEW_COMMENTS = [
	'Good use of evidence from the text.',
	'Name the sentence you are pointing to.',
	'Say who is behind the article, and why it matters.',
	'A fair judgement: you saw what the article gets right as well.',
	''
];
const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH_ROWS = 500;
/** The app's session cookie (src/lib/server/auth.ts, SESSION_COOKIE). */
const SESSION_COOKIE = 'byline_session';
/** How far the district's students have got: 15% finished, the rest anywhere in the lesson. */
const districtReach = (random, stepCount) =>
	random() < 0.15 ? stepCount : Math.floor(random() * stepCount);
/** The extra classes are early in the lesson: at most at its third step. */
const extraReach = (random, stepCount) => Math.floor(random() * Math.min(3, stepCount));

/** A small seeded generator, so every run seeds the same district. */
function randomFrom(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const asciiName = (name) =>
	name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z]/g, '');

/**
 * The rows of one student's work for their class's assignment: how far they got, what they
 * answered (right with a chance that grows with their skill, otherwise a wrong or partly right
 * answer), retries after a wrong answer, a draft on the question they are working on, and their
 * teacher's reviews. Every row belongs to the assignment and its module version.
 */
function studentWork(lesson, assignment, studentId, teacherId, random, now, reach = districtReach) {
	const pick = (list) => list[Math.floor(random() * list.length)];
	const skill = 0.35 + 0.6 * random();
	const reachedStep = reach(random, lesson.steps.length);
	const startedAt = Math.round(now - DAY_MS * (1 + random() * 6));
	let clock = startedAt;
	const tick = () => (clock += 20_000 + Math.floor(random() * 100_000));

	const rows = { attempts: [], drafts: [], reviews: [], overrides: [] };
	const addAttempt = (question, attemptNo, graded, confidence) => {
		const id = randomUUID();
		if (!lesson.accepts(question.id, graded.answer, confidence, true)) {
			throw new Error(`The bench made an answer the app refuses for ${question.id}`);
		}
		rows.attempts.push({
			id,
			student_id: studentId,
			assignment_id: assignment.id,
			module_id: lesson.id,
			module_version: assignment.module_version,
			question_id: question.id,
			attempt_no: attemptNo,
			answer: JSON.stringify(graded.answer),
			score: graded.score,
			correct: graded.correct ? 1 : 0,
			confidence,
			elapsed_ms: 5_000 + Math.floor(random() * 85_000),
			created_at: tick()
		});
		return id;
	};
	const confidenceFor = (question, correct) =>
		question.confidence
			? correct
				? pick(['high', 'high', 'medium'])
				: pick(['low', 'medium', 'high'])
			: null;
	const writtenAnswer = (question) => ({
		answer: {
			type: 'written',
			text: writtenText(random, question.minWords),
			selfAssessment:
				random() < 0.5 ? Object.fromEntries(question.rubric.map((c) => [c.id, pick(c.levels)])) : {}
		},
		score: null,
		correct: false
	});

	const answeredIds = [];
	lesson.steps.forEach((step, stepIndex) => {
		if (stepIndex > reachedStep) return;
		const answeredHere =
			stepIndex < reachedStep
				? step.questionIds.length
				: Math.floor(random() * step.questionIds.length);
		step.questionIds.forEach((questionId, questionIndex) => {
			const question = lesson.questions.get(questionId);
			if (questionIndex >= answeredHere) {
				if (questionIndex === answeredHere && random() < 0.6) {
					const draft =
						question.type === 'written'
							? { type: 'written', text: writtenText(random, 5).slice(0, 120), selfAssessment: {} }
							: pick(question.drafts);
					if (!lesson.accepts(questionId, draft, null, false)) {
						throw new Error(`The bench made a draft the app refuses for ${questionId}`);
					}
					rows.drafts.push({
						assignment_id: assignment.id,
						student_id: studentId,
						module_id: lesson.id,
						question_id: questionId,
						answer: JSON.stringify(draft),
						updated_at: tick()
					});
				}
				return;
			}
			answeredIds.push(questionId);
			if (question.type === 'written') {
				const first = addAttempt(question, 1, writtenAnswer(question), null);
				if (random() < 0.4) {
					const levels = question.rubric.map((c) => [c.id, pick(c.levels)]);
					const total = levels.reduce((sum, [, level]) => sum + level, 0);
					const max = question.rubric.reduce((sum, c) => sum + Math.max(...c.levels), 0);
					rows.reviews.push({
						attempt_id: first,
						reviewer_id: teacherId,
						rubric: JSON.stringify(Object.fromEntries(levels)),
						comment: pick(REVIEW_COMMENTS),
						score: total / max,
						updated_at: tick()
					});
				}
				return;
			}
			const right = random() < skill;
			const graded = right ? pick(question.right) : pick(question.wrong);
			const first = addAttempt(question, 1, graded, confidenceFor(question, graded.correct));
			if (!graded.correct && random() < 0.01) {
				rows.overrides.push({
					attempt_id: first,
					teacher_id: teacherId,
					score: 0.5,
					reason: 'A reasonable reading of the article',
					updated_at: tick()
				});
			}
			if (!graded.correct && !question.once && random() < 0.5) {
				const retry = random() < skill ? pick(question.right) : pick(question.wrong);
				addAttempt(question, 2, retry, confidenceFor(question, retry.correct));
			}
		});
	});

	const questionCount = lesson.steps.reduce((sum, s) => sum + s.questionIds.length, 0);
	const lastStep = lesson.steps[Math.min(reachedStep, lesson.steps.length - 1)];
	const progress = {
		assignment_id: assignment.id,
		student_id: studentId,
		module_id: lesson.id,
		module_version: assignment.module_version,
		current_step: lastStep.slug,
		started_at: startedAt,
		updated_at: clock,
		completed_at: answeredIds.length === questionCount ? clock : null
	};
	return { ...rows, progress };
}

async function insertAll(db, table, rows) {
	for (let start = 0; start < rows.length; start += BATCH_ROWS) {
		await db
			.insertInto(table)
			.values(rows.slice(start, start + BATCH_ROWS))
			.execute();
	}
}

/**
 * @typedef {{ teachers: number, classes: number, students: number, growthClassSizes: number[],
 *   loadStudents: number, extraStudents?: number, extraClassSize?: number }} DistrictPlan
 */

/**
 * Seeds the district and returns who to sign in as. Every account shares one password hash,
 * made once, because hashing at production cost takes about 50 ms a time.
 *
 * `plan.extraStudents` adds that many students with seedExtraClasses, in classes of
 * `plan.extraClassSize`; the rest of the district is the same with or without them.
 * `allStudents` lists every student's username: the district's, the growth classes', then the
 * extra ones.
 *
 * @param {import('kysely').Kysely<any>} db
 * @param {DistrictPlan} plan
 */
export async function seedDistrict(db, lesson, plan) {
	const random = randomFrom(20251125);
	const now = Date.now();
	const users = [];
	const person = (username, displayName, role) => {
		const user = {
			id: randomUUID(),
			username,
			display_name: displayName,
			role,
			password_hash: lesson.passwordHash,
			must_change_password: 0,
			created_at: now - 30 * DAY_MS
		};
		users.push(user);
		return user;
	};
	const admin = person('bench.admin', 'District Administrator', 'admin');
	const teachers = Array.from({ length: plan.teachers }, (_, i) =>
		person(
			`teacher${String(i + 1).padStart(2, '0')}`,
			`${FIRST_NAMES[(i * 7) % FIRST_NAMES.length]} ${LAST_NAMES[(i * 11) % LAST_NAMES.length]}`,
			'teacher'
		)
	);
	const usedCodes = new Set();
	const joinCode = () => {
		for (;;) {
			const code = Array.from(
				{ length: 6 },
				() => JOIN_CODE_ALPHABET[Math.floor(random() * JOIN_CODE_ALPHABET.length)]
			).join('');
			if (!usedCodes.has(code)) {
				usedCodes.add(code);
				return code;
			}
		}
	};
	const classes = [];
	const makeClass = (teacher, name) => {
		const klass = {
			id: randomUUID(),
			teacher_id: teacher.id,
			name,
			section: `${new Date(now).getUTCFullYear()} autumn`,
			join_code: joinCode(),
			created_at: now - 20 * DAY_MS
		};
		classes.push(klass);
		return klass;
	};
	for (let i = 0; i < plan.classes; i++) {
		makeClass(
			teachers[i % teachers.length],
			`Year ${7 + (i % 6)} ${SUBJECTS[Math.floor(i / 6) % SUBJECTS.length]} ${String.fromCharCode(65 + Math.floor(i / 36))}`
		);
	}
	const growthClasses = plan.growthClassSizes.map((size, i) =>
		makeClass(teachers[i % teachers.length], `Growth class of ${size}`)
	);

	let studentNumber = 0;
	const newStudent = () => {
		studentNumber += 1;
		const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)];
		const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)];
		return person(
			`${asciiName(first)}.${asciiName(last)}${studentNumber}`,
			`${first} ${last}`,
			'student'
		);
	};
	const members = [];
	const districtStudents = [];
	for (let i = 0; i < plan.students; i++) {
		const student = newStudent();
		districtStudents.push(student);
		members.push({ class: classes[i % plan.classes], student });
	}
	growthClasses.forEach((klass, i) => {
		for (let n = 0; n < plan.growthClassSizes[i]; n++)
			members.push({ class: klass, student: newStudent() });
	});

	const assignments = classes.map((klass) => ({
		id: randomUUID(),
		class_id: klass.id,
		module_id: lesson.id,
		module_version: lesson.version,
		opens_at: null,
		due_at: now + 7 * DAY_MS,
		created_at: now - 10 * DAY_MS
	}));
	const assignmentByClass = new Map(assignments.map((a) => [a.class_id, a]));

	const work = { attempts: [], drafts: [], reviews: [], overrides: [], progress: [] };
	for (const { class: klass, student } of members) {
		const assignment = assignmentByClass.get(klass.id);
		const rows = studentWork(lesson, assignment, student.id, klass.teacher_id, random, now);
		for (const table of ['attempts', 'drafts', 'reviews', 'overrides']) {
			for (const row of rows[table]) work[table].push(row);
		}
		work.progress.push(rows.progress);
	}

	await db.transaction().execute(async (trx) => {
		// The server publishes these at start-up too; the seed does not rely on it having run.
		await lesson.publishShippedModules(trx, now - 30 * DAY_MS);
		await insertAll(trx, 'users', users);
		await insertAll(trx, 'classes', classes);
		await insertAll(
			trx,
			'class_members',
			members.map((m) => ({
				class_id: m.class.id,
				student_id: m.student.id,
				joined_at: now - 15 * DAY_MS
			}))
		);
		await insertAll(trx, 'assignments', assignments);
		await insertAll(trx, 'progress', work.progress);
		await insertAll(trx, 'attempts', work.attempts);
		await insertAll(trx, 'drafts', work.drafts);
		await insertAll(trx, 'reviews', work.reviews);
		await insertAll(trx, 'score_overrides', work.overrides);
	});
	const extra = plan.extraStudents
		? await seedExtraClasses(db, lesson, {
				students: plan.extraStudents,
				classSize: plan.extraClassSize,
				now
			})
		: null;

	const assignmentOf = (klass) => assignmentByClass.get(klass.id);
	const teacherOf = (klass) => teachers.find((t) => t.id === klass.teacher_id);
	const students = members.map((m) => m.student.username).concat(extra?.usernames ?? []);
	const loadStride = Math.floor(districtStudents.length / plan.loadStudents);
	return {
		admin: admin.username,
		loadStudents: Array.from(
			{ length: plan.loadStudents },
			(_, i) => districtStudents[i * loadStride].username
		),
		allStudents: students,
		growth: growthClasses.map((klass, i) => ({
			size: plan.growthClassSizes[i],
			assignmentId: assignmentOf(klass).id,
			teacher: teacherOf(klass).username
		})),
		counts: {
			teachers: teachers.length + (extra?.counts.teachers ?? 0),
			students: members.length + (extra?.counts.students ?? 0),
			classes: classes.length + (extra?.counts.classes ?? 0),
			assignments: assignments.length + (extra?.counts.classes ?? 0),
			attempts: work.attempts.length + (extra?.counts.attempts ?? 0),
			drafts: work.drafts.length + (extra?.counts.drafts ?? 0),
			reviews: work.reviews.length,
			completed: work.progress.filter((p) => p.completed_at !== null).length,
			...(extra && { extraStudents: extra.counts.students })
		}
	};
}

/**
 * Adds `students` students to a seeded database in classes of `classSize`, each class with a
 * teacher of its own and the module assigned, early in the lesson (at most at its third step:
 * a few answers and a draft each), for loads of many signed-in students. Its own names
 * (`hour.teacher001`, `hour.<name><n>`) and random sequence, so it can run on a district seeded
 * before, even under a running server (the district's own measurements then see the larger
 * database). Returns the new students' usernames and the counts of what it added.
 *
 * @param {import('kysely').Kysely<any>} db
 * @param {{ students: number, classSize?: number, now?: number }} options
 */
export async function seedExtraClasses(db, lesson, options) {
	const { students, classSize = 32, now = Date.now() } = options;
	const random = randomFrom(20260901);
	const existingCodes = await db.selectFrom('classes').select('join_code').execute();
	const usedCodes = new Set(existingCodes.map((row) => row.join_code));
	const joinCode = () => {
		for (;;) {
			const code = Array.from(
				{ length: 6 },
				() => JOIN_CODE_ALPHABET[Math.floor(random() * JOIN_CODE_ALPHABET.length)]
			).join('');
			if (!usedCodes.has(code)) {
				usedCodes.add(code);
				return code;
			}
		}
	};
	const user = (username, displayName, role) => ({
		id: randomUUID(),
		username,
		display_name: displayName,
		role,
		password_hash: lesson.passwordHash,
		must_change_password: 0,
		created_at: now - 30 * DAY_MS
	});
	const rows = {
		users: [],
		classes: [],
		class_members: [],
		assignments: [],
		progress: [],
		attempts: [],
		drafts: [],
		reviews: [],
		score_overrides: []
	};
	const usernames = [];
	for (let i = 0; i * classSize < students; i++) {
		const number = i + 1;
		const teacher = user(
			`hour.teacher${String(number).padStart(3, '0')}`,
			`${FIRST_NAMES[(number * 7) % FIRST_NAMES.length]} ${LAST_NAMES[(number * 11) % LAST_NAMES.length]}`,
			'teacher'
		);
		rows.users.push(teacher);
		const klass = {
			id: randomUUID(),
			teacher_id: teacher.id,
			name: `Lesson hour ${String(number).padStart(3, '0')} ${SUBJECTS[i % SUBJECTS.length]}`,
			section: `${new Date(now).getUTCFullYear()} autumn`,
			join_code: joinCode(),
			created_at: now - 20 * DAY_MS
		};
		rows.classes.push(klass);
		const assignment = {
			id: randomUUID(),
			class_id: klass.id,
			module_id: lesson.id,
			module_version: lesson.version,
			opens_at: null,
			due_at: now + 7 * DAY_MS,
			created_at: now - DAY_MS
		};
		rows.assignments.push(assignment);
		for (let n = i * classSize; n < Math.min(students, (i + 1) * classSize); n++) {
			const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)];
			const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)];
			const student = user(
				`hour.${asciiName(first)}.${asciiName(last)}${n + 1}`,
				`${first} ${last}`,
				'student'
			);
			rows.users.push(student);
			usernames.push(student.username);
			rows.class_members.push({
				class_id: klass.id,
				student_id: student.id,
				joined_at: now - 15 * DAY_MS
			});
			const work = studentWork(lesson, assignment, student.id, teacher.id, random, now, extraReach);
			rows.progress.push(work.progress);
			for (const row of work.attempts) rows.attempts.push(row);
			for (const row of work.drafts) rows.drafts.push(row);
			for (const row of work.reviews) rows.reviews.push(row);
			for (const row of work.overrides) rows.score_overrides.push(row);
		}
	}
	await db.transaction().execute(async (trx) => {
		// In the order of their references.
		for (const [table, tableRows] of Object.entries(rows)) await insertAll(trx, table, tableRows);
	});
	return {
		usernames,
		counts: {
			teachers: rows.classes.length,
			classes: rows.classes.length,
			students: usernames.length,
			attempts: rows.attempts.length,
			drafts: rows.drafts.length
		}
	};
}

/**
 * Signs students (or anyone) in without the login form, which spends an argon2id hash on each:
 * writes each a session as the app's createSession does (src/lib/server/auth.ts: a token
 * `<id>.<secret>` of 15 and 32 random bytes in base64url, only the SHA-256 of the secret stored,
 * in hex) and returns their session cookies (`byline_session=<token>`), in the order given.
 *
 * @param {import('kysely').Kysely<any>} db
 * @param {string[]} usernames
 * @returns {Promise<string[]>}
 */
export async function createSessions(db, usernames, now = Date.now()) {
	const idOf = new Map();
	for (let start = 0; start < usernames.length; start += BATCH_ROWS) {
		const rows = await db
			.selectFrom('users')
			.select(['id', 'username'])
			.where('username', 'in', usernames.slice(start, start + BATCH_ROWS))
			.execute();
		for (const row of rows) idOf.set(row.username, row.id);
	}
	const cookies = [];
	const sessions = usernames.map((username) => {
		const userId = idOf.get(username);
		if (!userId) throw new Error(`No account "${username}" to sign in`);
		const id = randomBytes(15).toString('base64url');
		const secret = randomBytes(32).toString('base64url');
		cookies.push(`${SESSION_COOKIE}=${id}.${secret}`);
		return {
			id,
			secret_hash: createHash('sha256').update(secret).digest('hex'),
			user_id: userId,
			created_at: now,
			last_seen_at: now
		};
	});
	await db.transaction().execute((trx) => insertAll(trx, 'sessions', sessions));
	return cookies;
}
