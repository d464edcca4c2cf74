// Publishing to pub/sub through the SDK. Its HTTP publish returns `{ error }` instead of throwing.
import { daprClient } from './client';

export type PublishOptions = { id: string; type: string; traceparent?: string };

export async function publishEvent(
  pubsub: string,
  topic: string,
  data: unknown,
  options: PublishOptions,
): Promise<void> {
  const result = await daprClient().pubsub.publish(pubsub, topic, data as object, {
    contentType: 'application/json',
    // Overriding the CloudEvent id and type keeps them stable across relay retries,
    // so subscribers can de-duplicate on the id.
    metadata: {
      'cloudevent.id': options.id,
      'cloudevent.type': options.type,
      // The event carries this trace to its subscribers, whatever trace the publish request itself is in.
      ...(options.traceparent ? { 'cloudevent.traceparent': options.traceparent } : {}),
    },
  });
  if (result.error)
    throw new Error(`publish to ${pubsub}/${topic} failed: ${String(result.error)}`, { cause: result.error });
}
