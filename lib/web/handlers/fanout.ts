// Deliveries from web's sidecar through `pubsub-fanout`: every replica gets every event and
// pushes it to the open streams of its user. Losing one loses no data: SSE replay reads the store.
// The subscriptions are bulk (dapr/subscriptions/web-*.yaml): one request carries up to a batch of
// events, so a burst costs one request instead of one per event (served by the fast lane of web-server.ts). A
// single CloudEvent (a subscription without bulk) is still accepted.
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { EVENT_TYPES, HEADERS, TOPICS } from '@/lib/contracts';
import { type DeliveryStatus, handleDelivery } from '@/lib/service-kit/subscriber';
import { webConfig } from '@/lib/web/env';
import { hub } from '@/lib/web/hub';
import { type ApiRequest, asRoute, jsonText } from '@/lib/web/route';

/** Dapr's bulk delivery: each entry's `event` is the CloudEvent (an object, or its JSON text). */
const BulkDeliverySchema = z.object({
  entries: z.array(z.object({ entryId: z.string().min(1), event: z.unknown() })),
});

function isFromSidecar(req: ApiRequest): boolean {
  const token = Buffer.from(req.headers.get(HEADERS.appApiToken) ?? '');
  const expected = Buffer.from(webConfig().APP_API_TOKEN);
  return token.length === expected.length && timingSafeEqual(token, expected);
}

async function deliver(topic: string, body: unknown): Promise<DeliveryStatus> {
  if (topic === TOPICS.taskEvents) {
    const { status } = await handleDelivery(topic, body, async (_id, event) => {
      const taskId = event.type === EVENT_TYPES.taskDeleted ? event.data.taskId : event.data.task.id;
      hub.publish(event.data.userId, { event: 'task', data: { type: event.type, taskId } });
      return 'SUCCESS';
    });
    return status;
  }
  if (topic === TOPICS.notifications) {
    const { status } = await handleDelivery(topic, body, async (_id, { data }) => {
      hub.publish(data.userId, { event: 'notification', data: data.notification, id: data.notification.id });
      return 'SUCCESS';
    });
    return status;
  }
  return 'DROP';
}

function eventOf(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

// POST /api/internal/fanout/{topic}: sidecar deliveries (task-events, notifications), bulk or single
export const POST = asRoute<{ topic: string }>(async (req: ApiRequest, ctx) => {
  if (!isFromSidecar(req)) return new Response(null, { status: 401 });
  const { topic } = await ctx.params;
  const body: unknown = await req.json().catch(() => null);
  const bulk = BulkDeliverySchema.safeParse(body);
  if (bulk.success) {
    const statuses: { entryId: string; status: DeliveryStatus }[] = [];
    for (const entry of bulk.data.entries) {
      statuses.push({ entryId: entry.entryId, status: await deliver(topic, eventOf(entry.event)) });
    }
    return jsonText(JSON.stringify({ statuses }));
  }
  return jsonText(JSON.stringify({ status: await deliver(topic, body) }));
});
