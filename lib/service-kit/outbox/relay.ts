// The outbox relay: publishes unsent rows in id order and marks them sent. One relay at a time
// per database (advisory lock), so events keep their order; a failure stops the batch and backs off.
import { asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { log } from '../../platform/log';
import { type OutboxRow, outbox } from './schema';

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

export type RelayOptions = { batchSize?: number; idleMs?: number; lockKey?: number };

export class OutboxRelay {
  private failures = 0;
  private kicked = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    // biome-ignore lint/suspicious/noExplicitAny: any schema
    private readonly db: () => Promise<PostgresJsDatabase<any>>,
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

  /** One pass: returns how many rows were published, or -1 if another relay holds the lock. */
  async drainOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 100;
    const lockKey = this.options.lockKey ?? RELAY_LOCK;
    const db = await this.db();
    const result = await db.transaction(async (tx) => {
      const [lock] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${lockKey}) as locked`);
      if (!lock?.locked) return undefined;
      const rows = await tx.select().from(outbox).where(isNull(outbox.sentAt)).orderBy(asc(outbox.id)).limit(batchSize);
      if (rows.length === 0) return { sent: [] } satisfies BatchResult;
      const batch = await publishInOrder(rows, this.publish);
      if (batch.sent.length > 0) {
        await tx.update(outbox).set({ sentAt: sql`now()` }).where(inArray(outbox.id, batch.sent));
      }
      if (batch.failed) {
        // Recorded in the same (committed) transaction, so the attempt count survives the failure.
        await tx
          .update(outbox)
          .set({ attempts: sql`${outbox.attempts} + 1`, lastError: messageOf(batch.failed.error).slice(0, 500) })
          .where(eq(outbox.id, batch.failed.id));
      }
      return batch;
    });
    if (!result) return -1;
    if (result.failed)
      throw new Error(`publish failed after ${result.sent.length} sent: ${messageOf(result.failed.error)}`);
    return result.sent.length;
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
