import type { Component } from 'svelte';
import type { PageLoad } from './$types';

const guides = import.meta.glob<{ default: Component }>('/lessons/*/teacher-guide.md');

// A shipped module has a written guide; a teacher's own module has the answer key alone.
export const load: PageLoad = async ({ data }) => {
	const guide = guides[`/lessons/${data.module.id}/teacher-guide.md`];
	return { ...data, guide: guide ? (await guide()).default : null };
};
