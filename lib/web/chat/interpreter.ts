// The one place the chat binds the natural-language parser of lib/nl: message -> Intent, and the
// matcher that finds the tasks a target words point at.
import type { Intent, ParseContext, TaskRef, TaskTarget } from '@/lib/nl/types';

export type Interpreter = {
  interpret(message: string, ctx: ParseContext): Intent;
  /** The tasks `target` may mean, best first; more than one is ambiguous. */
  matchTasks(target: Exclude<TaskTarget, { by: 'position' }>, tasks: TaskRef[]): TaskRef[];
};

export const interpreter: Interpreter = {
  interpret: (message) => ({ kind: 'unknown', text: message }),
  matchTasks: () => [],
};
