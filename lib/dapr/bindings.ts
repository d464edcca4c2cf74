// Output bindings through the sidecar (`/v1.0/bindings/{name}`), over HTTP so a failure carries its answer.
import { sidecarFetch } from './sidecar';

export type BindingRequest = {
  operation: string;
  data?: unknown;
  metadata?: Record<string, string>;
};

/** Invokes an output binding; throws with the sidecar's answer when it is not a success. */
export async function invokeBinding(name: string, request: BindingRequest): Promise<void> {
  const res = await sidecarFetch(`/v1.0/bindings/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  if (!res.ok) throw new Error(`binding ${name} answered ${res.status}: ${await res.text()}`);
}
