// The sidecar's metadata API: which components this sidecar loaded.
import { z } from 'zod';
import { sidecarFetch } from './sidecar';

const MetadataSchema = z.object({
  components: z.array(z.object({ name: z.string(), type: z.string() })).default([]),
});
export type LoadedComponent = z.infer<typeof MetadataSchema>['components'][number];

/** The components the sidecar has loaded (name and type, e.g. `conversation.openai`). */
export async function loadedComponents(timeoutMs = 2000): Promise<LoadedComponent[]> {
  const res = await sidecarFetch('/v1.0/metadata', { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`sidecar metadata failed: ${res.status}`);
  return MetadataSchema.parse(await res.json()).components;
}
