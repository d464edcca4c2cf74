// worker: subscriptions. Every handler is idempotent (delivery is at-least-once) and answers
// SUCCESS, RETRY or DROP explicitly.
import type { Hono } from 'hono';
import { APP_IDS, COMPONENTS, EVENT_TYPES, TOPICS } from '@/lib/contracts';
import { type InvokeResult, invoke } from '@/lib/dapr/invoke';
import { getState, StateConflictError, saveState } from '@/lib/dapr/state';
import { log } from '@/lib/platform/log';
import { createServiceApp } from '@/lib/service-kit/app';
import { type DeliveryStatus, handleDelivery } from '@/lib/service-kit/subscriber';

/** Processed-event records live for a week: longer than any redelivery window. */
const PROCESSED_TTL_SECONDS = 7 * 24 * 3600;
export const processedKey = (eventId: string) => `processed:${eventId}`;

async function isProcessed(eventId: string): Promise<boolean> {
  return (await getState(COMPONENTS.statestore, processedKey(eventId))) !== undefined;
}

async function markProcessed(eventId: string, type: string): Promise<void> {
  try {
    await saveState(
      COMPONENTS.statestore,
      processedKey(eventId),
      { type, at: new Date().toISOString() },
      { onlyIfAbsent: true, ttlSeconds: PROCESSED_TTL_SECONDS },
    );
  } catch (error) {
    // A concurrent delivery recorded it first: the effect is idempotent downstream, so this is fine.
    if (!(error instanceof StateConflictError)) throw error;
  }
}

/** Maps a downstream answer: 2xx and 404 (the thing is gone) are done, other 4xx can never succeed. */
function statusOf(result: InvokeResult, what: string): DeliveryStatus {
  if (result.status < 300 || result.status === 404) return 'SUCCESS';
  if (result.status < 500 && result.status !== 408 && result.status !== 429) {
    log.warn({ status: result.status, body: result.body }, `${what} rejected; dropping`);
    return 'DROP';
  }
  return 'RETRY';
}

async function onceOnly(eventId: string, type: string, effect: () => Promise<DeliveryStatus>): Promise<DeliveryStatus> {
  if (await isProcessed(eventId)) return 'SUCCESS';
  const status = await effect();
  if (status === 'SUCCESS') await markProcessed(eventId, type);
  return status;
}

export function createWorkerApp(appApiToken: string): Hono {
  const app = createServiceApp(appApiToken);

  // POST /events/task-events: recurrence (a completed recurring task gets its next occurrence)
  app.post(`/events/${TOPICS.taskEvents}`, async (c) =>
    c.json(
      await handleDelivery(TOPICS.taskEvents, await c.req.json().catch(() => null), async (id, event) => {
        // Only a completed recurring task has an effect here. Every other task event (most of them)
        // is acknowledged as it is: there is nothing to do twice, so nothing to record.
        if (event.type !== EVENT_TYPES.taskCompleted || !event.data.task.recurrence) return 'SUCCESS';
        return onceOnly(id, event.type, async () => {
          const result = await invoke(APP_IDS.taskService, `tasks/${event.data.task.id}/next-occurrence`, {
            method: 'POST',
            userId: event.data.userId,
            body: { eventId: id },
          });
          return statusOf(result, 'next-occurrence');
        });
      }),
    ),
  );

  // POST /events/reminders: a due reminder becomes one notification
  app.post(`/events/${TOPICS.reminders}`, async (c) =>
    c.json(
      await handleDelivery(TOPICS.reminders, await c.req.json().catch(() => null), (id, { type, data }) =>
        onceOnly(id, type, async () => {
          const result = await invoke(APP_IDS.notificationService, 'notifications', {
            method: 'POST',
            userId: data.userId,
            body: {
              taskId: data.taskId,
              reminderId: data.reminderId,
              title: data.title,
              // The server does not know the reader's time zone; the client shows times locally.
              body: data.dueAt ? `Due ${new Date(data.dueAt).toUTCString()}` : 'Your reminder is due now.',
            },
          });
          return statusOf(result, 'notification');
        }),
      ),
    ),
  );

  return app;
}
