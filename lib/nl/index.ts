// The natural-language parser: quick add for the task box, the offline interpreter for chat.
// Isomorphic (browser and server): no Node APIs, no I/O.
export { DATE_ONLY_DUE_TIME, DATE_ONLY_REMIND_TIME } from './dates';
export { describeQuery, formatDue, formatWhen, priorityLabel, recurrenceLabel } from './format';
export { EXAMPLE_PHRASES, helpText, notUnderstoodText } from './help';
export { type InterpretContext, interpret } from './interpret';
export { type MatchOptions, matchTasks } from './match';
export { parseQuickAdd, type QuickAddOptions } from './quick-add';
export type { Intent, ParseContext, ParsedPart, QuickAdd, TaskQuery, TaskRef, TaskTarget } from './types';
