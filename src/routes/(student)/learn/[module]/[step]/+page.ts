import type { Component } from 'svelte';
import type { PageLoad } from './$types';

const stepComponents = import.meta.glob<{ default: Component }>('/lessons/*/[0-9][0-9]-*.md');

export const load: PageLoad = async ({ data }) => {
	const content = await stepComponents[data.step.file]!();
	return { ...data, content: content.default };
};
