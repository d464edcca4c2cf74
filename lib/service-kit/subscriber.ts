// Pub/sub delivery results. A handler returns one of these explicitly; a throw becomes RETRY, never SUCCESS.
import type { z } from 'zod';
import { CloudEventSchema } from '../contracts';
import { log } from '../platform/log';

export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';

/**
 * Runs a subscription handler on a raw CloudEvent body: malformed envelopes or payloads
 * are DROPped (Dapr then sends them to the dead-letter topic); thrown errors are RETRY.
 */
export async function handleDelivery<S extends z.ZodType>(
  body: unknown,
  schema: S,
  /** Receives the CloudEvent id and the validated `{ type, data }`. */
  handler: (id: string, event: z.infer<S>) => Promise<DeliveryStatus>,
  topic: string,
): Promise<{ status: DeliveryStatus }> {
  const envelope = CloudEventSchema.safeParse(body);
  if (!envelope.success) {
    log.warn({ topic, issues: envelope.error.issues }, 'dropping a message that is not a CloudEvent');
    return { status: 'DROP' };
  }
  const payload = schema.safeParse({ type: envelope.data.type, data: envelope.data.data });
  if (!payload.success) {
    log.warn(
      { topic, id: envelope.data.id, type: envelope.data.type, issues: payload.error.issues },
      'dropping malformed event',
    );
    return { status: 'DROP' };
  }
  try {
    return { status: await handler(envelope.data.id, payload.data) };
  } catch (error) {
    log.warn({ err: error, topic, id: envelope.data.id }, 'handler failed; asking for redelivery');
    return { status: 'RETRY' };
  }
}
