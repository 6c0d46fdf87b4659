import type { SessionValidationResult } from '$lib/server/auth';

declare global {
	namespace App {
		interface Locals {
			user: SessionValidationResult['user'];
			session: SessionValidationResult['session'];
			/** Read with the session; undefined when no one is signed in. */
			schoolName?: string | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
