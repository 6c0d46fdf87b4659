import { hash, verify, type Algorithm } from '@node-rs/argon2';

// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
// Algorithm is a const enum that isolatedModules cannot inline; 2 is Argon2id.
const ARGON2_OPTIONS = {
	algorithm: 2 as Algorithm,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1
};

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let decoyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so a missing username is not told apart by timing. */
export async function verifyDecoyPassword(password: string): Promise<false> {
	decoyHash ??= hashPassword('decoy password that matches nothing');
	await verifyPassword(await decoyHash, password);
	return false;
}
