// Sends the e-mail rows of the email outbox through the SMTP binding: due rows oldest first, each
// claimed with SKIP LOCKED (replicas share the work), marked sent in the claiming transaction.
// A failure backs the row off and keeps it; a crash or SIGKILL mid-send leaves it unsent, so it
// is sent again after the restart (at least once: a crash between the SMTP answer and the commit
// can send one e-mail twice, never zero times). A stop waits for the batch in flight.
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { log } from '@/lib/platform/log';
import type { Db } from '../db/client';
import { type EmailOutboxRow, emailOutbox } from '../db/email-outbox-schema';

export type SendEmail = (row: EmailOutboxRow) => Promise<void>;

const BATCH = 10;
const IDLE_MS = 1000;
/** An e-mail still unsent a day after its reminder is given up (logged), not retried forever. */
const GIVE_UP_MS = 24 * 3600_000;

/** 1 s, 2 s, 4 s, ... up to 10 minutes between attempts at one e-mail. */
export function emailBackoffMs(attempts: number): number {
  return Math.min(600_000, 1000 * 2 ** Math.max(0, attempts - 1));
}

export class EmailRelay {
  private stopped = false;
  private kicked = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly db: () => Promise<Db>,
    private readonly send: SendEmail,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** After a transaction that queued an e-mail has committed. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  /** Sends the due rows of one batch; returns how many were handled (sent, backed off or given up). */
  async sendDue(): Promise<number> {
    const db = await this.db();
    return db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(emailOutbox)
        .where(
          and(isNull(emailOutbox.sentAt), isNull(emailOutbox.abandonedAt), lte(emailOutbox.nextAttemptAt, sql`now()`)),
        )
        .orderBy(asc(emailOutbox.id))
        .limit(BATCH)
        .for('update', { skipLocked: true });
      for (const row of rows) {
        if (Date.now() - row.createdAt.getTime() > GIVE_UP_MS) {
          log.error(
            { notificationId: row.notificationId, attempts: row.attempts },
            'reminder e-mail given up after a day',
          );
          await tx.update(emailOutbox).set({ abandonedAt: sql`now()` }).where(eq(emailOutbox.id, row.id));
          continue;
        }
        try {
          await this.send(row);
          await tx.update(emailOutbox).set({ sentAt: sql`now()` }).where(eq(emailOutbox.id, row.id));
        } catch (error) {
          const attempts = row.attempts + 1;
          if (attempts === 1 || attempts % 10 === 0)
            log.warn(
              { err: error, notificationId: row.notificationId, attempts },
              'reminder e-mail not sent; retrying',
            );
          await tx
            .update(emailOutbox)
            .set({
              attempts,
              lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
              nextAttemptAt: new Date(Date.now() + emailBackoffMs(attempts)),
            })
            .where(eq(emailOutbox.id, row.id));
        }
      }
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.kicked = false;
      let delay = IDLE_MS;
      try {
        const n = await this.sendDue();
        if (n >= BATCH || this.kicked) delay = 0;
      } catch (error) {
        log.warn({ err: error }, 'e-mail relay pass failed; retrying');
      }
      if (this.stopped || delay === 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
