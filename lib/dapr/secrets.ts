// Secrets through the Dapr secrets API; each value is read once per process.
import { COMPONENTS } from '../contracts';
import { processSingleton } from '../platform/singleton';
import { daprClient } from './client';

const cache = processSingleton('dapr.secrets', () => new Map<string, Promise<string>>());

export function getSecret(key: string): Promise<string> {
  let pending = cache.get(key);
  if (!pending) {
    pending = daprClient()
      .secret.get(COMPONENTS.secretstore, key)
      .then((result) => {
        const value = (result as Record<string, string>)[key];
        if (!value) throw new Error(`secret "${key}" is missing from the ${COMPONENTS.secretstore} component`);
        return value;
      });
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

/** A secret that may be absent (optional integrations such as OAuth providers). */
export async function getOptionalSecret(key: string): Promise<string | undefined> {
  try {
    return await getSecret(key);
  } catch {
    return undefined;
  }
}
