import { z } from 'zod';
import type { Db } from './db';
import { LINE_SPACINGS, TEXT_SIZES, type ReadingSupports } from '$lib/reading';

const ids = <T extends readonly { id: string }[]>(list: T) =>
	list.map((item) => item.id) as [T[number]['id'], ...T[number]['id'][]];

export const readingSupportsSchema = z.object({
	textSize: z.enum(ids(TEXT_SIZES), { error: 'Choose a text size from the list.' }),
	lineSpacing: z.enum(ids(LINE_SPACINGS), { error: 'Choose a line spacing from the list.' }),
	readAloud: z
		.enum(['on', 'off'], { error: 'Choose whether to show read-aloud buttons.' })
		.transform((value) => value === 'on')
});

/** A new account's columns: no supports until the student chooses some. */
export const STANDARD_READING_COLUMNS = {
	text_size: 'standard',
	line_spacing: 'standard',
	read_aloud: 0
};

/** The stored columns as the app uses them; an unknown stored value reads as standard. */
export function readingSupportsOf(row: {
	text_size: string;
	line_spacing: string;
	read_aloud: number;
}): ReadingSupports {
	const textSize = TEXT_SIZES.find((s) => s.id === row.text_size)?.id ?? 'standard';
	const lineSpacing = LINE_SPACINGS.find((s) => s.id === row.line_spacing)?.id ?? 'standard';
	return { textSize, lineSpacing, readAloud: row.read_aloud === 1 };
}

export async function saveReadingSupports(
	db: Db,
	userId: string,
	supports: ReadingSupports
): Promise<void> {
	await db
		.updateTable('users')
		.set({
			text_size: supports.textSize,
			line_spacing: supports.lineSpacing,
			read_aloud: supports.readAloud ? 1 : 0
		})
		.where('id', '=', userId)
		.execute();
}
