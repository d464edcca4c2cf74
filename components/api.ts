// Browser-side fetch helper: JSON in and out, problem+json errors turned into ApiError.
import type { Problem } from '@/lib/contracts';
import { isRecord } from '@/lib/contracts/record';

type FieldErrors = NonNullable<Problem['errors']>;

/** A non-2xx answer of the web API, carrying its problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get detail(): string {
    return this.problem.detail ?? this.problem.title;
  }

  get errors(): FieldErrors {
    return this.problem.errors ?? {};
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** A message a person can act on, for any error a request can end with. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.detail;
  if (error instanceof TypeError) return 'Could not reach the server. Check your connection and try again.';
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}

/** First message for a field in a problem's `errors` (keys are dotted paths, e.g. `tags.0`). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!isApiError(error)) return undefined;
  const entry = Object.entries(error.errors).find(([key]) => key === field || key.startsWith(`${field}.`));
  return entry?.[1][0];
}

function isFieldErrors(value: unknown): value is FieldErrors {
  return (
    isRecord(value) &&
    Object.values(value).every((messages) => Array.isArray(messages) && messages.every((m) => typeof m === 'string'))
  );
}

function toProblem(status: number, statusText: string, body: unknown): Problem {
  const fallbackTitle = statusText || `Request failed with status ${status}`;
  if (!isRecord(body)) return { type: 'about:blank', title: fallbackTitle, status };
  return {
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: typeof body.title === 'string' ? body.title : fallbackTitle,
    status,
    ...(typeof body.detail === 'string' ? { detail: body.detail } : {}),
    ...(isFieldErrors(body.errors) ? { errors: body.errors } : {}),
  };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export interface ApiRequest extends Omit<RequestInit, 'body'> {
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
}

/**
 * Calls the web API. Resolves with the parsed JSON body (undefined for 204),
 * throws ApiError for a non-2xx answer and TypeError when the network fails.
 */
export async function api<T>(path: string, { json, headers, ...init }: ApiRequest = {}): Promise<T> {
  const requestHeaders = new Headers(headers);
  requestHeaders.set('Accept', 'application/json, application/problem+json');
  if (json !== undefined) requestHeaders.set('Content-Type', 'application/json');

  const response = await fetch(path, {
    credentials: 'same-origin',
    ...init,
    headers: requestHeaders,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const body = await readBody(response);
  if (!response.ok) throw new ApiError(toProblem(response.status, response.statusText, body));
  return body as T;
}

/** A fresh key for `Idempotency-Key`; `crypto.randomUUID` exists only in secure contexts. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
