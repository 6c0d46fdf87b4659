import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { NotFoundError } from '$lib/server/classes';
import { loadAssignmentData } from '$lib/server/class-results';

/** The assignment's results data, if it is this teacher's; otherwise a 404. */
export async function assignmentFor(teacherId: string, assignmentId: string) {
	try {
		return await loadAssignmentData(getDb(), teacherId, assignmentId);
	} catch (cause) {
		if (cause instanceof NotFoundError) error(404, cause.message);
		throw cause;
	}
}
