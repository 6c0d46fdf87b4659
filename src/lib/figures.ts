/** A d′ or c to two places with a true minus sign, as the results pages show it; `signed` adds a plus. */
export function decimal(value: number | null | undefined, signed = false): string {
	if (value === null || value === undefined) return '–';
	if (Math.abs(value) < 0.005) return '0.00';
	return `${value < 0 ? '−' : signed ? '+' : ''}${Math.abs(value).toFixed(2)}`;
}
