import { choiceType } from './choice.server';

export const single = choiceType('single', 'Single choice');
