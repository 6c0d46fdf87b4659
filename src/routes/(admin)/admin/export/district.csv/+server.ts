import { getDb } from '$lib/server/db';
import { csvResponse } from '$lib/server/csv';
import { districtResultsTable, listDistrictResults } from '$lib/server/district-results';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	const rows = await listDistrictResults(getDb());
	const day = new Date().toISOString().slice(0, 10);
	return csvResponse(`district-results-${day}.csv`, districtResultsTable(rows));
};
