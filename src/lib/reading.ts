// Reading supports a student can set on their account, as CommonLit and Newsela readers expect.
// Shared by server and browser: the page carries them as attributes on <html>.

export const TEXT_SIZES = [
	{ id: 'standard', label: 'Standard' },
	{ id: 'large', label: 'Large' },
	{ id: 'larger', label: 'Larger' }
] as const;

export const LINE_SPACINGS = [
	{ id: 'standard', label: 'Standard' },
	{ id: 'wide', label: 'Wide' }
] as const;

export type TextSize = (typeof TEXT_SIZES)[number]['id'];
export type LineSpacing = (typeof LINE_SPACINGS)[number]['id'];

export type ReadingSupports = { textSize: TextSize; lineSpacing: LineSpacing; readAloud: boolean };

export const STANDARD_READING: ReadingSupports = {
	textSize: 'standard',
	lineSpacing: 'standard',
	readAloud: false
};

/** The supports a student uses, in words for their teacher; empty when none. */
export function describeSupports(supports: ReadingSupports): string[] {
	return [
		supports.textSize !== 'standard' ? `${supports.textSize} text` : null,
		supports.lineSpacing === 'wide' ? 'wide line spacing' : null,
		supports.readAloud ? 'read-aloud' : null
	].filter((s): s is string => s !== null);
}
