import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { NotFoundError, getTeacherClass, setJoinCode } from '$lib/server/classes';
import {
	bulkAddStudents,
	deleteStudentAccount,
	listRoster,
	removeStudentFromClass,
	resetStudentPassword
} from '$lib/server/roster';
import {
	AlreadyAssignedError,
	NoDelayedCheckError,
	assignModule,
	getTeacherAssignment,
	listClassAssignments,
	removeAssignment,
	setDelayedCheck,
	updateAssignment
} from '$lib/server/assignments';
import { delayedCheckOf, isDelayedCheckOpen } from '$lib/server/delayed-check';
import { listModulesFor, mayAssign } from '$lib/server/authoring';
import { getModuleVersion, getLatestModule } from '$lib/server/modules';
import { parseForm, rejectForm, type FormFailure } from '$lib/server/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const db = getDb();
	const klass = await getTeacherClass(db, locals.user!.id, params.classId);
	if (!klass) error(404, 'No such class.');
	const [roster, assignments, modules] = await Promise.all([
		listRoster(db, locals.user!.id, klass.id),
		listClassAssignments(db, locals.user!.id, klass.id),
		// What this teacher may assign: shipped, their own published, and shared modules.
		listModulesFor(db, locals.user!).then((all) =>
			all.filter((m): m is typeof m & { version: number } => m.version !== null)
		)
	]);
	const versions = await Promise.all(
		assignments.map((a) => getModuleVersion(db, a.module_id, a.module_version))
	);
	const now = Date.now();
	const newest = new Map(modules.map((m) => [m.id, m.version]));
	return {
		klass,
		roster: roster.map((s) => ({
			id: s.id,
			username: s.username,
			displayName: s.display_name,
			mustChangePassword: s.must_change_password !== 0
		})),
		assignments: assignments.map((a, i) => {
			const version = versions[i];
			return {
				id: a.id,
				moduleId: a.module_id,
				moduleVersion: a.module_version,
				title: version?.meta.title ?? a.module_id,
				opensAt: a.opens_at,
				dueAt: a.due_at,
				opensAtInput: toDateInput(a.opens_at),
				dueAtInput: toDateInput(a.due_at),
				newerVersion:
					(newest.get(a.module_id) ?? 0) > a.module_version ? newest.get(a.module_id)! : null,
				delayedCheck:
					version && delayedCheckOf(version)
						? {
								opensAt: a.delayed_check_opens_at,
								open: isDelayedCheckOpen(a.delayed_check_opens_at, now),
								opensAtInput: toDateInput(a.delayed_check_opens_at)
							}
						: null
			};
		}),
		modules: modules.map((m) => ({ id: m.id, title: m.title, version: m.version }))
	};
};

/**
 * A datetime-local value in the server's time zone, the zone Date.parse reads the posted one in,
 * so saving the form unchanged keeps the date.
 */
function toDateInput(ms: number | null): string {
	if (ms === null) return '';
	const d = new Date(ms);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Runs a class action, turning "not this teacher's" into a 404 that changes nothing. */
async function owned<T>(work: () => Promise<T>) {
	try {
		return { value: await work() };
	} catch (cause) {
		if (cause instanceof NotFoundError) return { failure: rejectForm(404, cause.message) };
		throw cause;
	}
}

/** A delayed-check action: not this teacher's is a 404, a lesson without the check a 400. */
async function delayedCheckAction(work: () => Promise<void>) {
	try {
		return await owned(work);
	} catch (cause) {
		if (cause instanceof NoDelayedCheckError) return { failure: rejectForm(400, cause.message) };
		throw cause;
	}
}

const studentSchema = z.object({ studentId: z.string().min(1).max(64) });

const optionalDate = z
	.string()
	.trim()
	.max(40)
	.optional()
	.transform((value, ctx) => {
		if (!value) return null;
		const ms = Date.parse(value);
		if (Number.isNaN(ms)) {
			ctx.addIssue({ code: 'custom', message: 'Enter a date and time.' });
			return z.NEVER;
		}
		return ms;
	});

const datesSchema = z.object({ opensAt: optionalDate, dueAt: optionalDate });
const datesInOrder = (a: { opensAt: number | null; dueAt: number | null }) =>
	a.opensAt === null || a.dueAt === null || a.opensAt < a.dueAt;
const datesOutOfOrder = { path: ['dueAt'], message: 'The due date must come after the open date.' };

const assignSchema = datesSchema
	.extend({ moduleId: z.string().max(100) })
	.refine(datesInOrder, datesOutOfOrder);

const editAssignmentSchema = datesSchema
	.extend({
		assignmentId: z.string().min(1).max(64),
		newest: z.literal('yes').optional()
	})
	.refine(datesInOrder, datesOutOfOrder);

// Named apart from the date form's assignmentId, so a refusal opens only its own form.
const assignmentIdField = z.string().min(1).max(64);

const openDelayedCheckSchema = z
	.object({
		delayedCheckOf: assignmentIdField,
		when: z.enum(['now', 'date'], { error: 'Choose to open the check now or from a date.' }),
		delayedFrom: optionalDate
	})
	.refine((a) => a.when === 'now' || a.delayedFrom !== null, {
		path: ['delayedFrom'],
		message: 'Enter the date to open the check from.'
	});

async function studentAction<T>(
	event: RequestEvent,
	work: (teacherId: string, classId: string, studentId: string) => Promise<T>,
	schema: z.ZodType<{ studentId: string }> = studentSchema
) {
	const { data, failure } = await parseForm(event.request, schema);
	if (failure) return { failure };
	const result = await owned(() =>
		work(event.locals.user!.id, event.params.classId, data.studentId)
	);
	return result.failure
		? { failure: result.failure }
		: { value: result.value as T, studentId: data.studentId };
}

export const actions: Actions = {
	newCode: async ({ locals, params }) => {
		const result = await owned(() => setJoinCode(getDb(), locals.user!.id, params.classId, true));
		return result.failure ?? { done: `The new class code is ${result.value}.` };
	},
	disableCode: async ({ locals, params }) => {
		const result = await owned(() => setJoinCode(getDb(), locals.user!.id, params.classId, false));
		return result.failure ?? { done: 'Joining with a code is turned off for this class.' };
	},
	bulkAdd: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(
			request,
			z.object({
				names: z
					.string({ error: 'Paste a list of names, one per line.' })
					.max(20_000, 'Paste at most 20,000 characters at a time.')
					.refine((v) => v.trim().length > 0, 'Paste a list of names, one per line.'),
				sameName: z.literal('add').optional()
			})
		);
		if (failure) return failure;
		const result = await owned(() =>
			bulkAddStudents(getDb(), locals.user!.id, params.classId, data.names, {
				allowSameName: data.sameName === 'add'
			})
		);
		return result.failure ?? { bulk: result.value };
	},
	resetPassword: async (event) => {
		const result = await studentAction(
			event,
			(teacherId, classId, studentId) =>
				resetStudentPassword(getDb(), teacherId, classId, studentId),
			studentSchema.extend({
				confirm: z.literal('reset', {
					error: 'To reset the password, tick the confirmation box.'
				})
			})
		);
		if (result.failure) return result.failure;
		return { reset: { studentId: result.studentId, password: result.value } };
	},
	removeStudent: async (event) => {
		const result = await studentAction(
			event,
			(teacherId, classId, studentId) =>
				removeStudentFromClass(getDb(), teacherId, classId, studentId),
			studentSchema.extend({
				confirm: z.literal('remove', {
					error: 'To remove the student from the class, tick the confirmation box.'
				})
			})
		);
		return (
			result.failure ?? { done: 'The student was removed from this class. Their work is kept.' }
		);
	},
	deleteStudent: async (event) => {
		const result = await studentAction(
			event,
			(teacherId, classId, studentId) =>
				deleteStudentAccount(getDb(), teacherId, classId, studentId),
			studentSchema.extend({
				confirm: z.literal('delete', {
					error: 'To delete an account and all its work, tick the confirmation box.'
				})
			})
		);
		return result.failure ?? { done: 'The account and all its work were deleted.' };
	},
	assign: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, assignSchema);
		if (failure) return failure;
		// Another teacher's unshared module reads as no module at all.
		const module =
			(await mayAssign(getDb(), locals.user!, data.moduleId)) &&
			(await getLatestModule(getDb(), data.moduleId));
		if (!module) {
			return rejectForm(400, 'Choose a lesson from the list.', {
				errors: { moduleId: 'Choose a lesson from the list.' }
			});
		}
		try {
			const result = await owned(() =>
				assignModule(getDb(), locals.user!.id, params.classId, {
					...data,
					moduleVersion: module.version
				})
			);
			return result.failure ?? { done: 'The lesson is assigned.' };
		} catch (cause) {
			if (!(cause instanceof AlreadyAssignedError)) throw cause;
			const refused: FormFailure & { alreadyAssigned: string } = {
				message: `“${module.meta.title}” is already assigned; change its dates below.`,
				errors: {},
				values: {},
				alreadyAssigned: cause.assignmentId
			};
			return fail(409, refused);
		}
	},
	editAssignment: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, editAssignmentSchema);
		if (failure) return failure;
		const db = getDb();
		let moduleVersion: number | undefined;
		if (data.newest) {
			const current = await getTeacherAssignment(db, locals.user!.id, data.assignmentId);
			moduleVersion = current && (await getLatestModule(db, current.module_id))?.version;
		}
		const result = await owned(() =>
			updateAssignment(db, locals.user!.id, params.classId, data.assignmentId, {
				opensAt: data.opensAt,
				dueAt: data.dueAt,
				moduleVersion
			})
		);
		return result.failure ?? { done: 'The assignment’s dates are changed.' };
	},
	/** Opens an assignment's delayed check now or from a chosen date; a date set before is replaced. */
	openDelayedCheck: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(request, openDelayedCheckSchema);
		if (failure) return failure;
		const opensAt = data.when === 'now' ? Date.now() : data.delayedFrom!;
		const result = await delayedCheckAction(() =>
			setDelayedCheck(getDb(), locals.user!.id, params.classId, data.delayedCheckOf, opensAt)
		);
		return (
			result.failure ?? {
				done:
					opensAt <= Date.now()
						? 'The delayed check is open: students see it in their lessons.'
						: 'The delayed check will open on the date you chose.'
			}
		);
	},
	closeDelayedCheck: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(
			request,
			z.object({ delayedCheckOf: assignmentIdField })
		);
		if (failure) return failure;
		const result = await delayedCheckAction(() =>
			setDelayedCheck(getDb(), locals.user!.id, params.classId, data.delayedCheckOf, null)
		);
		return (
			result.failure ?? {
				done: 'The delayed check is closed: students no longer see it. Their answers are kept.'
			}
		);
	},
	unassign: async ({ request, locals, params }) => {
		const { data, failure } = await parseForm(
			request,
			z.object({ assignmentId: z.string().min(1).max(64) })
		);
		if (failure) return failure;
		const result = await owned(() =>
			removeAssignment(getDb(), locals.user!.id, params.classId, data.assignmentId)
		);
		return result.failure ?? { done: 'The assignment was removed. Students’ answers are kept.' };
	}
};
