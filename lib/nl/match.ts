// Which tasks a chat reference points at. More than one candidate means the assistant asks
// "Which one: A or B?" instead of guessing; none means it says so.
import type { TaskRef, TaskTarget } from './types';

/** Words that never tell tasks apart ("delete the milk task" -> "milk"). */
const FILLER = new Set(['the', 'a', 'an', 'my', 'task', 'tasks', 'todo', 'todos', 'item', 'items', 'one', 'ones']);

/** Lower-case words of a text: letters and digits only, apostrophes dropped ("Mom's" -> "moms"). */
export function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const contentWords = (text: string) => {
  const all = wordsOf(text);
  const content = all.filter((w) => !FILLER.has(w));
  return content.length > 0 ? content : all;
};

const singular = (word: string) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word);

function wordMatches(titleWord: string, wanted: string): boolean {
  if (titleWord === wanted || singular(titleWord) === singular(wanted)) return true;
  // "dent" finds "dentist", but a one- or two-letter word must match whole.
  return wanted.length >= 3 && titleWord.startsWith(wanted);
}

const normalTitle = (title: string) => title.trim().replace(/\s+/g, ' ').toLowerCase();

export type MatchOptions = {
  /** Keep only open (or only completed) candidates when there are any: "complete X" prefers open tasks. */
  prefer?: 'open' | 'completed';
};

/**
 * The tasks a target points at, best first. Quoted: the task with exactly that title (case and spacing
 * aside), else titles containing the phrase. Words: a task whose title is those words wins alone;
 * otherwise every task containing all the words (a word may be the start of a title word). Position: the task at that index of `tasks` (pass the
 * list shown last; a negative index counts from its end).
 */
export function matchTasks(target: TaskTarget, tasks: readonly TaskRef[], options: MatchOptions = {}): TaskRef[] {
  if (target.by === 'position') {
    const task = tasks.at(target.index);
    return task ? [task] : [];
  }
  const preferred = (found: TaskRef[]) => {
    if (!options.prefer) return found;
    const wantCompleted = options.prefer === 'completed';
    const kept = found.filter((t) => t.completed === wantCompleted);
    return kept.length > 0 ? kept : found;
  };
  if (target.by === 'quoted') {
    const wanted = normalTitle(target.title);
    if (!wanted) return [];
    const exact = tasks.filter((t) => normalTitle(t.title) === wanted);
    if (exact.length > 0) return preferred(exact);
    return preferred(tasks.filter((t) => normalTitle(t.title).includes(wanted)));
  }
  const words = contentWords(target.words);
  if (words.length === 0) return [];
  const phrase = words.join(' ');
  const candidates = preferred(
    tasks.filter((t) => {
      const titleWords = wordsOf(t.title);
      return words.every((w) => titleWords.some((tw) => wordMatches(tw, w)));
    }),
  );
  const exact = candidates.filter((t) => contentWords(t.title).join(' ') === phrase);
  return exact.length > 0 ? exact : candidates;
}
