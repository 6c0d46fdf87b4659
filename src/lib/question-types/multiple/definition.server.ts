import { choiceType } from '../single/choice.server';

export const multiple = choiceType('multiple', 'Multiple choice');
