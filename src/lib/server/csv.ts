// Spreadsheets run a cell that starts with = + - @ (or tab / carriage return) as a formula.
// OWASP's advice: prefix such a cell with a single quote so it is shown as text.
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
	return /[",\n\r]/.test(text) || text.startsWith("'") ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file as spreadsheets open it: UTF-8 with a byte-order mark, CRLF line ends. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
	return '\uFEFF' + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function csvResponse(
	filename: string,
	rows: (string | number | null | undefined)[][]
): Response {
	return new Response(toCsv(rows), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename.replace(/[^a-z0-9._-]/gi, '-')}"`
		}
	});
}

/** A 0..1 score as a whole percentage for a spreadsheet; empty when there is none. */
export const percentCell = (value: number | null) =>
	value === null ? '' : Math.round(value * 100);
