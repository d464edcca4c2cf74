// The one place the chat binds the natural-language parser of lib/nl: message -> Intent, and the
// matcher that finds the tasks a target points at.
import { interpret, matchTasks } from '@/lib/nl';
import type { InterpretContext } from '@/lib/nl/interpret';
import type { MatchOptions } from '@/lib/nl/match';
import type { Intent, TaskRef, TaskTarget } from '@/lib/nl/types';

export type Interpreter = {
  interpret(message: string, ctx: InterpretContext): Intent;
  /** The tasks `target` may mean, best first; more than one is ambiguous. */
  matchTasks(target: TaskTarget, tasks: readonly TaskRef[], options?: MatchOptions): TaskRef[];
};

export const interpreter: Interpreter = { interpret, matchTasks };
