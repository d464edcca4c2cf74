// Service invocation through the sidecar. Plain fetch, because callers need the status,
// headers and problem body of the callee, which the SDK's invoker turns into a bare Error.
import { AppError, HEADERS } from '../contracts';
import { sidecarFetch } from './sidecar';

export type InvokeOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** The acting user; sent as a header only the BFF and worker set. */
  userId?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  timeoutMs?: number;
};

export type InvokeResult = { status: number; headers: Headers; body: unknown };

export async function invoke(appId: string, path: string, options: InvokeOptions = {}): Promise<InvokeResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.userId) headers[HEADERS.userId] = options.userId;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') query.set(k, String(v));
  const qs = query.size ? `?${query}` : '';
  let res: Response;
  try {
    res = await sidecarFetch(`/v1.0/invoke/${appId}/method/${path.replace(/^\//, '')}${qs}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw new AppError('unavailable', `${appId} is not reachable right now; try again shortly`, { cause: error });
  }
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body };
}
