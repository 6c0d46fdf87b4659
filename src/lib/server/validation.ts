import { z } from 'zod';

export const USERNAME_MAX = 64;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 80;

/** Case and width variants of a username are the same account. */
export function normalizeUsername(raw: string): string {
	return raw.normalize('NFKC').trim().toLowerCase();
}

export const usernameSchema = z
	.string({ error: 'Enter a username.' })
	.transform(normalizeUsername)
	.pipe(
		z
			.string()
			.min(3, 'A username needs at least 3 characters.')
			.max(USERNAME_MAX, `A username can have at most ${USERNAME_MAX} characters.`)
			.regex(
				/^[a-z0-9][a-z0-9._-]*$/,
				'Use only letters, digits, dots, dashes and underscores, starting with a letter or digit.'
			)
	);

// NIST SP 800-63B: length is the rule; no composition rules, no trimming of what was typed.
export const passwordSchema = z
	.string({ error: 'Enter a password.' })
	.min(PASSWORD_MIN, `A password needs at least ${PASSWORD_MIN} characters.`)
	.max(PASSWORD_MAX, `A password can have at most ${PASSWORD_MAX} characters.`);

export const displayNameSchema = z
	.string({ error: 'Enter a name.' })
	.transform((value) => value.normalize('NFC').replace(/\s+/g, ' ').trim())
	.pipe(
		z
			.string()
			.min(1, 'Enter a name.')
			.max(DISPLAY_NAME_MAX, `A name can have at most ${DISPLAY_NAME_MAX} characters.`)
			// Control and bidirectional-override characters can disguise a name in a report.
			.regex(/^[^\p{Cc}\u202A-\u202E\u2066-\u2069]*$/u, 'A name cannot contain control characters.')
	);

export const newPasswordFields = {
	password: passwordSchema,
	confirmPassword: z.string({ error: 'Type the password again.' })
};

export function passwordsMatch(data: { password: string; confirmPassword: string }): boolean {
	return data.password === data.confirmPassword;
}
