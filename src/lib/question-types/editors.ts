import type { Component } from 'svelte';
import type { EditorProps, EditorType } from './editing/checks';
import ChoiceEditor from './single/Editor.svelte';
import MarkEditor from './mark/Editor.svelte';
import SortEditor from './sort/Editor.svelte';
import WrittenEditor from './written/Editor.svelte';

export {
	blankRows,
	canonicalQuote,
	checkDraft,
	normaliseQuote,
	sentencesMatching,
	NOT_FOUND,
	type EditorProps,
	type EditorType,
	type KeyDraft
} from './editing/checks';

// Each takes its own type's key only; widening is safe because the page passes the key it picked
// the editor for.
const editors = {
	single: ChoiceEditor,
	multiple: ChoiceEditor,
	mark: MarkEditor,
	sort: SortEditor,
	written: WrittenEditor
} as Record<EditorType, Component<EditorProps>>;

/** The editor of a question type, to render inside the page's form. */
export function editorFor(type: EditorType): Component<EditorProps> {
	return editors[type];
}
