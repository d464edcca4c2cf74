// Pub/sub delivery results. A handler returns one of these explicitly; a throw becomes RETRY, never SUCCESS.
import { CloudEventSchema, type Topic, type TopicEvent, topicEventSchema } from '../contracts';
import { log } from '../platform/log';

export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';

/**
 * Runs a subscription handler on a raw CloudEvent body delivered on `topic`: the payload is checked
 * against the event catalogue's schema for that topic's event types (the publisher's own schema).
 * Malformed envelopes or payloads are DROPped (Dapr then sends them to the dead-letter topic);
 * thrown errors are RETRY.
 */
export async function handleDelivery<T extends Topic>(
  topic: T,
  body: unknown,
  /** Receives the CloudEvent id and the validated `{ type, data }`. */
  handler: (id: string, event: TopicEvent<T>) => Promise<DeliveryStatus>,
): Promise<{ status: DeliveryStatus }> {
  const envelope = CloudEventSchema.safeParse(body);
  if (!envelope.success) {
    log.warn({ topic, issues: envelope.error.issues }, 'dropping a message that is not a CloudEvent');
    return { status: 'DROP' };
  }
  const payload = topicEventSchema(topic).safeParse({ type: envelope.data.type, data: envelope.data.data });
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
