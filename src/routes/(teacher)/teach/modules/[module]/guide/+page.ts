import { error } from '@sveltejs/kit';
import type { Component } from 'svelte';
import type { PageLoad } from './$types';

const guides = import.meta.glob<{ default: Component }>('/lessons/*/teacher-guide.md');

export const load: PageLoad = async ({ data }) => {
	const guide = guides[`/lessons/${data.module.id}/teacher-guide.md`];
	if (!guide) error(404, 'This lesson has no teacher guide.');
	return { ...data, guide: (await guide()).default };
};
