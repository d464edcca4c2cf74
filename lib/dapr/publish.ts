// Publishing to pub/sub through the sidecar's HTTP API, over the same keep-alive pool as service
// invocation (sidecarRequest). A non-2xx answer or an unreachable sidecar throws: the outbox relay
// then keeps the row and retries.
import { sidecarRequest } from './sidecar';

export type PublishOptions = { id: string; type: string; traceparent?: string };

export async function publishEvent(
  pubsub: string,
  topic: string,
  data: unknown,
  options: PublishOptions,
): Promise<void> {
  // Overriding the CloudEvent id and type keeps them stable across relay retries, so subscribers
  // can de-duplicate on the id; the event carries the trace of the request that wrote it.
  const metadata = new URLSearchParams({
    'metadata.cloudevent.id': options.id,
    'metadata.cloudevent.type': options.type,
    ...(options.traceparent ? { 'metadata.cloudevent.traceparent': options.traceparent } : {}),
  });
  const path = `/v1.0/publish/${encodeURIComponent(pubsub)}/${encodeURIComponent(topic)}?${metadata}`;
  let answer: Awaited<ReturnType<typeof sidecarRequest>>;
  try {
    answer = await sidecarRequest(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(data),
    });
  } catch (error) {
    throw new Error(`publish to ${pubsub}/${topic} failed: ${String(error)}`, { cause: error });
  }
  if (answer.status >= 300) {
    throw new Error(`publish to ${pubsub}/${topic} failed: ${answer.status} ${answer.text.slice(0, 300)}`);
  }
}
