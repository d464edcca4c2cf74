import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../contracts';
import { createUnitOfWork } from './unit-of-work';

/**
 * A transactional database that records what happens in order. The transaction's callback gets a
 * tx whose outbox inserts are recorded; `isCommitFailing` makes the commit itself fail after the
 * callback succeeded (a serialization failure, a lost connection).
 */
function recordingDb(options: { isCommitFailing?: boolean } = {}) {
  const journal: string[] = [];
  const db = {
    journal,
    async transaction<T>(callback: (tx: unknown) => Promise<T>): Promise<T> {
      journal.push('begin');
      const tx = {
        insert: () => ({
          values: async (row: { type: string }) => {
            journal.push(`outbox ${row.type}`);
          },
        }),
      };
      let result: T;
      try {
        result = await callback(tx);
      } catch (error) {
        journal.push('rollback');
        throw error;
      }
      if (options.isCommitFailing) {
        journal.push('rollback');
        throw new Error('could not serialize access');
      }
      journal.push('commit');
      return result;
    },
  };
  return db;
}

const taskDeleted = { userId: 'user-1', taskId: '00000000-0000-4000-8000-000000000001' };

function setUp(options: { isCommitFailing?: boolean } = {}) {
  const db = recordingDb(options);
  const run = createUnitOfWork({ db: async () => db, kickRelay: () => db.journal.push('kick relay') });
  return { db, run };
}

describe('createUnitOfWork', () => {
  it('runs the after-commit effects only after the commit, in order, after waking the relay', async () => {
    const { db, run } = setUp();
    const result = await run(async ({ emit, afterCommit }) => {
      await emit(EVENT_TYPES.taskDeleted, taskDeleted.taskId, taskDeleted);
      afterCommit(() => {
        db.journal.push('effect 1');
      });
      afterCommit(async () => {
        db.journal.push('effect 2');
      });
      db.journal.push('operation done');
      return 'the result';
    });
    expect(result).toBe('the result');
    expect(db.journal).toEqual([
      'begin',
      `outbox ${EVENT_TYPES.taskDeleted}`,
      'operation done',
      'commit',
      'kick relay',
      'effect 1',
      'effect 2',
    ]);
  });

  it('runs no effect and wakes no relay when the operation fails', async () => {
    const { db, run } = setUp();
    const failure = new Error('task does not exist');
    await expect(
      run(async ({ emit, afterCommit }) => {
        await emit(EVENT_TYPES.taskDeleted, taskDeleted.taskId, taskDeleted);
        afterCommit(() => {
          db.journal.push('effect');
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(db.journal).toEqual(['begin', `outbox ${EVENT_TYPES.taskDeleted}`, 'rollback']);
  });

  it('runs no effect and wakes no relay when the commit fails', async () => {
    const { db, run } = setUp({ isCommitFailing: true });
    await expect(
      run(async ({ emit, afterCommit }) => {
        await emit(EVENT_TYPES.taskDeleted, taskDeleted.taskId, taskDeleted);
        afterCommit(() => {
          db.journal.push('effect');
        });
      }),
    ).rejects.toThrow('could not serialize access');
    expect(db.journal).toEqual(['begin', `outbox ${EVENT_TYPES.taskDeleted}`, 'rollback']);
  });

  it('leaves the relay asleep when the operation wrote no event', async () => {
    const { db, run } = setUp();
    await run(async ({ afterCommit }) => {
      afterCommit(() => {
        db.journal.push('effect');
      });
    });
    expect(db.journal).toEqual(['begin', 'commit', 'effect']);
  });

  it('answers with the committed result when an effect fails, and still runs the later effects', async () => {
    const { db, run } = setUp();
    const result = await run(async ({ afterCommit }) => {
      afterCommit(() => {
        throw new Error('scheduler unreachable');
      });
      afterCommit(() => {
        db.journal.push('later effect');
      });
      return 42;
    });
    expect(result).toBe(42);
    expect(db.journal).toEqual(['begin', 'commit', 'later effect']);
  });

  it('hands each effect the database, not the finished transaction', async () => {
    const { db, run } = setUp();
    let received: unknown;
    await run(async ({ afterCommit }) => {
      afterCommit((database) => {
        received = database;
      });
    });
    expect(received).toBe(db);
  });
});
