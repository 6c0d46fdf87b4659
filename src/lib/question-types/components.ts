import type { Component } from 'svelte';
import type { InputProps, QuestionTypeName, ResultProps } from './props';
import ChoiceInput from './single/Input.svelte';
import ChoiceResult from './single/Result.svelte';
import MarkInput from './mark/Input.svelte';
import MarkResult from './mark/Result.svelte';
import SortInput from './sort/Input.svelte';
import SortResult from './sort/Result.svelte';
import WrittenInput from './written/Input.svelte';
import WrittenResult from './written/Result.svelte';

export type { InputProps, QuestionTypeName, ResultProps } from './props';

export type QuestionComponents<T extends QuestionTypeName = QuestionTypeName> = {
	/** The fields of the answer form. */
	Input: Component<InputProps<T>>;
	/** The feedback on a graded attempt. */
	Result: Component<ResultProps<T>>;
};

const components: { [T in QuestionTypeName]: QuestionComponents<T> } = {
	single: { Input: ChoiceInput, Result: ChoiceResult },
	multiple: { Input: ChoiceInput, Result: ChoiceResult },
	mark: { Input: MarkInput, Result: MarkResult },
	sort: { Input: SortInput, Result: SortResult },
	written: { Input: WrittenInput, Result: WrittenResult }
};

/**
 * The components of a question's type. Each takes its own type's props only; widening them is
 * safe because the caller passes the question they were picked for, and the server grades an
 * attempt as its question's type.
 */
export function componentsFor(type: QuestionTypeName): QuestionComponents {
	return components[type] as QuestionComponents;
}
