import { availableParallelism } from 'node:os';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
// Algorithm is a const enum that isolatedModules cannot inline; 2 is Argon2id.
const ARGON2_OPTIONS = {
	algorithm: 2 as Algorithm,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1
};

// Each hash takes a core for tens of milliseconds. Run more at once than there are cores and a
// class signing in together slows every other request (and every hash) instead of queueing.
let parallelHashes = availableParallelism();
let running = 0;
const waiting: Array<() => void> = [];

/** Shares the cores among the server's worker processes: called once at start-up. */
export function limitParallelHashes(workers: number) {
	parallelHashes = Math.max(1, Math.floor(availableParallelism() / workers));
}

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
	if (running >= parallelHashes) await new Promise<void>((go) => waiting.push(go));
	else running++;
	try {
		return await work();
	} finally {
		// The slot passes straight to the next in line, so `running` counts it throughout.
		const next = waiting.shift();
		if (next) next();
		else running--;
	}
}

export function hashPassword(password: string): Promise<string> {
	return inTurn(() => hash(password, ARGON2_OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await inTurn(() => verify(passwordHash, password));
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
