import 'server-only';
import { webConfig } from './env';
import type { ApiRequest } from './route';

/**
 * The client's address for rate limiting, as reported by the trusted proxy. TRUSTED_PROXY_HOPS
 * proxies in front of web append to X-Forwarded-For (the ingress: 1): the address they saw is the
 * entry that many places from the right; entries further left are the client's own claim.
 */
export function clientAddress(req: ApiRequest): string {
  const { TRUSTED_PROXY_HOPS } = webConfig();
  const hops = (req.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (TRUSTED_PROXY_HOPS > 0 && hops.length > 0) {
    return hops[Math.max(0, hops.length - TRUSTED_PROXY_HOPS)] ?? 'unknown';
  }
  return req.headers.get('x-real-ip') ?? 'unknown';
}
