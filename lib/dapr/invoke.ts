// Service invocation through the sidecar, over one keep-alive connection pool (sidecarRequest).
// Callers need the status, headers and problem body of the callee, which the SDK's invoker turns
// into a bare Error. The body is parsed only when read: a caller that passes it through unchanged
// (the BFF's list) sends `text` on and never pays for JSON.parse and JSON.stringify.
import { AppError, HEADERS } from '../contracts';
import { sidecarRequest } from './sidecar';

export type InvokeOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** The acting user; sent as a header only the BFF and worker set. */
  userId?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  timeoutMs?: number;
};

export type InvokeResult = {
  status: number;
  headers: Headers;
  /** The answer as JSON when it is JSON, else its text; null when empty. Parsed on first read. */
  readonly body: unknown;
  /** The answer exactly as the callee sent it. */
  text: string;
};

/** The JSON of a body, or the text itself when it is not JSON. */
function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function invoke(appId: string, path: string, options: InvokeOptions = {}): Promise<InvokeResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.userId) headers[HEADERS.userId] = options.userId;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') query.set(k, String(v));
  const qs = query.size ? `?${query}` : '';
  let answer: Awaited<ReturnType<typeof sidecarRequest>>;
  try {
    answer = await sidecarRequest(`/v1.0/invoke/${appId}/method/${path.replace(/^\//, '')}${qs}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? null : JSON.stringify(options.body),
      timeoutMs: options.timeoutMs ?? 15_000,
    });
  } catch (error) {
    throw new AppError('unavailable', `${appId} is not reachable right now; try again shortly`, { cause: error });
  }
  const { status, text } = answer;
  let parsed: { value: unknown } | undefined;
  let headerObject: Headers | undefined;
  return {
    status,
    text,
    get body() {
      parsed ??= { value: parseBody(text) };
      return parsed.value;
    },
    get headers() {
      headerObject ??= toHeaders(answer.headers);
      return headerObject;
    },
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) out.append(name, v);
    else if (value !== undefined) out.set(name, value);
  }
  return out;
}
