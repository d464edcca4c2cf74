// The shapes the natural-language parser produces. Pure data: the quick-add box renders a preview
// from a QuickAdd, and the chat assistant turns an Intent into calls on the typed task client.
// Isomorphic (browser and server): no Node APIs, no I/O.
import type { CreateTask, ListTasksQuery, Priority, Recurrence } from '../contracts/task';

/** What the parser needs to know besides the text. */
export type ParseContext = {
  /** "Now", injected so every parse is deterministic in tests. */
  now: Date;
  /** The user's IANA time zone; dates and times in the text are read in it. */
  timeZone: string;
};

/** One recognised part of the text, for the preview chips; start/end index into the original text. */
export type ParsedPart = {
  kind: 'due' | 'remind' | 'tag' | 'priority' | 'recurrence';
  text: string;
  start: number;
  end: number;
  /** Human label for the chip, e.g. "Tomorrow 09:00", "#home", "High", "Every month". */
  label: string;
};

/** A task written in one line ("Buy milk tomorrow 9am #home !high"); title is the text without the parts. */
export type QuickAdd = {
  task: Pick<CreateTask, 'title' | 'dueAt' | 'remindAt' | 'tags' | 'priority' | 'recurrence'>;
  parts: ParsedPart[];
};

/** How the user pointed at a task. */
export type TaskTarget =
  | { by: 'words'; words: string } // "mark call mom done"
  | { by: 'quoted'; title: string } // 'complete "Call mom"'
  | { by: 'position'; index: number }; // "complete the second one" (0-based, in the last list shown; -1 = the last)

export type TaskQuery = Partial<Pick<ListTasksQuery, 'view' | 'q' | 'tag' | 'priority'>>;

export type Intent =
  | { kind: 'add'; task: QuickAdd['task'] }
  | { kind: 'list'; query: TaskQuery }
  | { kind: 'complete' | 'reopen' | 'delete'; target: TaskTarget }
  | { kind: 'rename'; target: TaskTarget; title: string }
  | { kind: 'reschedule'; target: TaskTarget; dueAt: string | null }
  | { kind: 'set-reminder'; target: TaskTarget; remindAt: string | null }
  | { kind: 'set-priority'; target: TaskTarget; priority: Priority }
  | { kind: 'set-tags'; target: TaskTarget; tags: string[]; mode: 'add' | 'remove' | 'set' }
  | { kind: 'set-recurrence'; target: TaskTarget; recurrence: Recurrence | null }
  /** A bulk change ("delete all completed"): the assistant asks for confirmation before doing it. */
  | { kind: 'bulk'; action: 'delete' | 'complete'; query: TaskQuery }
  | { kind: 'confirm' }
  | { kind: 'cancel' }
  | { kind: 'help' }
  | { kind: 'unknown'; text: string };

/** The least the matcher needs of a task. */
export type TaskRef = { id: string; title: string; completed: boolean };
