/**
 * The sort's three categories, defined by two questions asked in turn (could a record settle it?
 * if so, does the text say where it comes from?), so each claim fits exactly one. A new sort, and
 * the lesson skeleton's, start from them.
 */
export const FACT_CHECK_CATEGORIES = [
	{
		id: 'sourced',
		label: 'Checkable, source given',
		description:
			'A record or recording could show it true or false, and the text says where it comes from (a named person, body, document or record).'
	},
	{
		id: 'unsourced',
		label: 'Checkable, no source given',
		description:
			'A record could show it true or false, but the text does not say where it comes from, or only points at “experts”, “observers” or what “everyone knows”.'
	},
	{
		id: 'judgement',
		label: 'Judgement or guess',
		description:
			'No record could settle it. An opinion, a label, a prediction, or a guess about what someone wants or hopes.'
	}
] as const;
