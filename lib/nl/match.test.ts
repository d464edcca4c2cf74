import { describe, expect, it } from 'vitest';
import { matchTasks } from './match';
import type { TaskRef } from './types';

const task = (n: number, title: string, completed = false): TaskRef => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  title,
  completed,
});
const CALL_MOM = task(1, 'Call mom');
const CALL_MOM_DINNER = task(2, 'Call mom about dinner');
const BUY_MILK = task(3, 'Buy milk');
const OAT_MILK = task(4, 'Buy oat milk', true);
const DENTIST = task(5, 'Dentist appointment');
const DENTIST_BILL = task(6, "Dentist's bill");
const RENT = task(7, 'Pay rent', true);
const TASKS = [CALL_MOM, CALL_MOM_DINNER, BUY_MILK, OAT_MILK, DENTIST, DENTIST_BILL, RENT];

describe('matchTasks', () => {
  it('returns the task whose title is exactly the words, not every task containing them', () => {
    expect(matchTasks({ by: 'words', words: 'call mom' }, TASKS)).toEqual([CALL_MOM]);
  });

  it('returns every task containing all the words when none is exact (the caller asks which one)', () => {
    expect(matchTasks({ by: 'words', words: 'mom' }, TASKS)).toEqual([CALL_MOM, CALL_MOM_DINNER]);
    expect(matchTasks({ by: 'words', words: 'milk' }, TASKS)).toEqual([BUY_MILK, OAT_MILK]);
  });

  it('ignores case, filler words and punctuation', () => {
    expect(matchTasks({ by: 'words', words: 'the MILK task' }, TASKS)).toEqual([BUY_MILK, OAT_MILK]);
    expect(matchTasks({ by: 'words', words: 'call, mom!' }, TASKS)).toEqual([CALL_MOM]);
  });

  it('matches the start of a word and a plural', () => {
    expect(matchTasks({ by: 'words', words: 'dent' }, TASKS)).toEqual([DENTIST, DENTIST_BILL]);
    expect(matchTasks({ by: 'words', words: 'dentists' }, TASKS)).toEqual([DENTIST, DENTIST_BILL]);
    expect(matchTasks({ by: 'words', words: 'appointments' }, TASKS)).toEqual([DENTIST]);
  });

  it('needs every word: one missing word excludes the task', () => {
    expect(matchTasks({ by: 'words', words: 'call dad' }, TASKS)).toEqual([]);
  });

  it('matches a word of one or two letters only as a whole word', () => {
    expect(matchTasks({ by: 'words', words: 'it' }, [task(8, 'Iterate'), task(9, 'Fix it')])).toEqual([
      task(9, 'Fix it'),
    ]);
  });

  it('prefers open or completed tasks when asked, and falls back to all candidates', () => {
    expect(matchTasks({ by: 'words', words: 'milk' }, TASKS, { prefer: 'open' })).toEqual([BUY_MILK]);
    expect(matchTasks({ by: 'words', words: 'milk' }, TASKS, { prefer: 'completed' })).toEqual([OAT_MILK]);
    expect(matchTasks({ by: 'words', words: 'rent' }, TASKS, { prefer: 'open' })).toEqual([RENT]);
  });

  it('matches a quoted title exactly (case and spacing aside), else titles containing it', () => {
    expect(matchTasks({ by: 'quoted', title: 'call  MOM' }, TASKS)).toEqual([CALL_MOM]);
    expect(matchTasks({ by: 'quoted', title: 'Call mom about' }, TASKS)).toEqual([CALL_MOM_DINNER]);
    expect(matchTasks({ by: 'quoted', title: ' ' }, TASKS)).toEqual([]);
  });

  it('picks by position in the list given, counting a negative index from its end', () => {
    expect(matchTasks({ by: 'position', index: 1 }, TASKS)).toEqual([CALL_MOM_DINNER]);
    expect(matchTasks({ by: 'position', index: -1 }, TASKS)).toEqual([RENT]);
    expect(matchTasks({ by: 'position', index: 7 }, TASKS)).toEqual([]);
    expect(matchTasks({ by: 'position', index: 0 }, [])).toEqual([]);
  });

  it('finds nothing for words made only of fillers when no title has them', () => {
    expect(matchTasks({ by: 'words', words: 'the task' }, TASKS)).toEqual([]);
  });
});
