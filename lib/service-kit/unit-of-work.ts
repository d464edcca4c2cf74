// The unit of work: an operation runs in one transaction, writes its events to the outbox and
// names what must happen once the change is durable. This is the one place that commits and then
// does that: wakes the outbox relay (when events were written) and runs the after-commit effects.
// A rolled-back operation runs none of them.
import type { EventData, EventType } from '../contracts';
import { log } from '../platform/log';
import { enqueueEvent } from './outbox/enqueue';

/** A database that can open a transaction (a drizzle database). */
// biome-ignore lint/suspicious/noExplicitAny: the transaction callback's parameter is the driver's own type
export type Transactional = { transaction: (run: (tx: any) => Promise<any>) => Promise<any> };

/** The transaction type of a drizzle database. */
export type TxOf<Db extends Transactional> = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Runs after commit with the database (not the finished transaction). */
export type Effect<Db> = (db: Db) => Promise<void> | void;

/** What an operation gets: its transaction, and the two ways to say what follows a commit. */
export type Work<Db extends Transactional> = {
  tx: TxOf<Db>;
  /** Writes an event to the outbox in this transaction; the relay is woken after the commit. */
  emit: <T extends EventType>(type: T, aggregateId: string, data: EventData<T>) => Promise<void>;
  /** Runs `effect` after the commit, in the order registered; never when the transaction rolls back. */
  afterCommit: (effect: Effect<Db>) => void;
};

export type Operation<Db extends Transactional, T> = (work: Work<Db>) => Promise<T>;

/** Runs an operation as one unit of work and returns its result once its effects have run. */
export type RunOperation<Db extends Transactional> = <T>(operation: Operation<Db, T>) => Promise<T>;

export type UnitOfWorkOptions<Db extends Transactional> = {
  db: () => Promise<Db>;
  /** Wakes the outbox relay. */
  kickRelay: () => void;
};

export function createUnitOfWork<Db extends Transactional>({ db, kickRelay }: UnitOfWorkOptions<Db>): RunOperation<Db> {
  return async <T>(operation: Operation<Db, T>): Promise<T> => {
    const database = await db();
    let effects: Effect<Db>[] = [];
    let hasEvents = false;
    const result: T = await database.transaction(async (tx: TxOf<Db>) => {
      // A driver may retry the callback: each attempt starts with nothing pending.
      effects = [];
      hasEvents = false;
      return operation({
        tx,
        emit: async (type, aggregateId, data) => {
          await enqueueEvent(tx, type, aggregateId, data);
          hasEvents = true;
        },
        afterCommit: (effect) => {
          effects.push(effect);
        },
      });
    });
    if (hasEvents) kickRelay();
    for (const effect of effects) {
      // The change is committed: a failing effect is logged, never turned into a failed request.
      // Each effect leaves a trace the reconciling jobs pick up (see the effects themselves).
      try {
        await effect(database);
      } catch (error) {
        log.error({ err: error }, 'an after-commit effect failed');
      }
    }
    return result;
  };
}
