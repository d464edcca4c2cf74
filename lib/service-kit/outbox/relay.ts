// The outbox relay: publishes unsent rows in id order and marks them sent. One relay at a time
// per database (advisory lock), so events keep their order; a failure stops the batch and backs off.
import type postgres from 'postgres';
import type { Database } from '../../platform/lazy-db';
import { log } from '../../platform/log';
import type { OutboxRow } from './schema';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export type Publish = (row: OutboxRow) => Promise<void>;

export type BatchResult = { sent: number[]; failed?: { id: number; error: unknown } };

/**
 * Publishes rows in order until one fails. Rows after a failure stay pending so that
 * no event overtakes an earlier one of the same aggregate.
 */
export async function publishInOrder(rows: OutboxRow[], publish: Publish): Promise<BatchResult> {
  const sent: number[] = [];
  for (const row of rows) {
    try {
      await publish(row);
      sent.push(row.id);
    } catch (error) {
      return { sent, failed: { id: row.id, error } };
    }
  }
  return { sent };
}

/** Exponential backoff with a ceiling: 100 ms, 200 ms, ... up to 10 s. */
export function backoffMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 0) return 0;
  return Math.min(10_000, 100 * 2 ** (consecutiveFailures - 1));
}

const RELAY_LOCK = 0x0b0c; // advisory lock key for "the outbox relay of this database"

/**
 * An outbox row as postgres.js reads it on a drizzle client: column names as in the table, the
 * bigserial id and the timestamps as text (drizzle leaves dates to its own mapping).
 */
type StoredRow = {
  id: string;
  event_id: string;
  aggregate_id: string;
  topic: string;
  type: string;
  data: unknown;
  created_at: string;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  traceparent: string | null;
};

const toOutboxRow = (r: StoredRow): OutboxRow => ({
  id: Number(r.id),
  eventId: r.event_id,
  aggregateId: r.aggregate_id,
  topic: r.topic,
  type: r.type,
  data: r.data,
  createdAt: new Date(r.created_at),
  sentAt: r.sent_at === null ? null : new Date(r.sent_at),
  attempts: r.attempts,
  lastError: r.last_error,
  traceparent: r.traceparent,
});

/**
 * Sends queries of one reserved connection as one pipeline: started in this order, postgres.js
 * writes them together and Postgres runs them in that order, each statement after the one before
 * it (so each reads a snapshot taken after the statements before it). One round trip for all.
 */
// biome-ignore lint/suspicious/noExplicitAny: queries of any row type
function pipeline<Q extends readonly postgres.PendingQuery<any>[]>(
  ...queries: Q
): Promise<{ [K in keyof Q]: Awaited<Q[K]> }> {
  for (const query of queries) query.execute();
  return Promise.all(queries) as Promise<{ [K in keyof Q]: Awaited<Q[K]> }>;
}

export type RelayOptions = { batchSize?: number; idleMs?: number; lockKey?: number };

export class OutboxRelay {
  private failures = 0;
  private kicked = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: any schema
    private readonly db: () => Promise<Database<any>>,
    private readonly publish: Publish,
    private readonly options: RelayOptions = {},
  ) {}

  start(): void {
    if (this.loop !== undefined) return;
    this.loop = this.run();
  }

  /** Call after a transaction that wrote outbox rows has committed. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /**
   * One pass: returns how many rows were published, or -1 if another relay holds the lock. Two round
   * trips to Postgres around the publishes: begin, lock and read in one pipeline; the marks and the
   * commit in another (a drizzle transaction waits for each statement: five).
   */
  async drainOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 100;
    const lockKey = this.options.lockKey ?? RELAY_LOCK;
    const conn = await (await this.db()).$client.reserve();
    let isOpen = true;
    try {
      const [, [lock], stored] = await pipeline(
        conn`begin`,
        conn<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(${lockKey}) as locked`,
        conn<StoredRow[]>`select * from outbox where sent_at is null order by id limit ${batchSize}`,
      );
      if (!lock?.locked) {
        isOpen = false;
        await conn`rollback`;
        return -1;
      }
      const batch = await publishInOrder(stored.map(toOutboxRow), this.publish);
      const failed = batch.failed;
      await pipeline(
        ...(batch.sent.length > 0 ? [conn`update outbox set sent_at = now() where id in ${conn(batch.sent)}`] : []),
        // Recorded in the same (committed) transaction, so the attempt count survives the failure.
        ...(failed
          ? [
              conn`update outbox set attempts = attempts + 1, last_error = ${messageOf(failed.error).slice(0, 500)}
                   where id = ${failed.id}`,
            ]
          : []),
        conn`commit`,
      );
      isOpen = false;
      if (failed) throw new Error(`publish failed after ${batch.sent.length} sent: ${messageOf(failed.error)}`);
      return batch.sent.length;
    } catch (error) {
      // A statement of a pipeline failed: the rest of it did not commit. Leave no transaction open.
      if (isOpen) await conn`rollback`.catch(() => {});
      throw error;
    } finally {
      conn.release();
    }
  }

  private async run(): Promise<void> {
    const idleMs = this.options.idleMs ?? 1000;
    const batchSize = this.options.batchSize ?? 100;
    while (!this.stopped) {
      this.kicked = false;
      let delay = idleMs;
      try {
        const n = await this.drainOnce();
        this.failures = 0;
        // A full batch, or a kick during the pass, means more may be waiting: go again at once.
        if (n >= batchSize || this.kicked) delay = 0;
      } catch (error) {
        this.failures += 1;
        delay = backoffMs(this.failures);
        if (this.failures === 1 || this.failures % 20 === 0) {
          log.warn({ err: error, failures: this.failures, retryInMs: delay }, 'outbox relay failed; retrying');
        }
      }
      if (this.stopped || delay === 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        // Kicks shorten the idle wait, never a backoff.
        this.wake =
          this.failures === 0
            ? () => {
                clearTimeout(timer);
                resolve();
              }
            : undefined;
      });
      this.wake = undefined;
    }
  }
}
