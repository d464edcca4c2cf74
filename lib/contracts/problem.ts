// The problem+json shape (RFC 9457) and the error codes every process shares.
import { z } from 'zod';

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  quota_exceeded: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export const FieldErrorsSchema = z.record(z.string(), z.array(z.string()));
export type FieldErrors = z.infer<typeof FieldErrorsSchema>;

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: FieldErrorsSchema.optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** The one error type of the project: a code that maps to an HTTP status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: FieldErrors | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { errors?: FieldErrors; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  unauthorized: 'Sign-in required',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  quota_exceeded: 'Quota exceeded',
  precondition_failed: 'Precondition failed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  unprocessable: 'Unprocessable request',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

export function problemOf(error: AppError): Problem {
  return {
    type: `https://todo.example/problems/${error.code.replaceAll('_', '-')}`,
    title: TITLES[error.code],
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.errors ? { errors: error.errors } : {}),
  };
}

/** Turns a zod error into field errors keyed by dotted path ("" for the whole body). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // Name each unknown field, so the client sees which one to remove.
      for (const unknown of issue.keys) {
        out[[...issue.path, unknown].join('.')] = [`unknown field "${unknown}"`];
      }
      continue;
    }
    const key = issue.path.join('.') || '_';
    const messages = out[key] ?? [];
    messages.push(issue.message);
    out[key] = messages;
  }
  return out;
}

/** Parses with a schema or throws a 400 AppError naming each bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what = 'request'): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrorsOf(result.error);
  const summary = Object.entries(errors)
    .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
    .join('; ');
  throw new AppError('bad_request', `Invalid ${what}: ${summary}`, { errors });
}

/**
 * Rebuilds an AppError from a problem body received from another service: the body's code when it
 * is one of ours with this status (409 is `conflict` or `quota_exceeded`), and its Retry-After.
 */
export function appErrorFromProblem(status: number, body: unknown, retryAfter?: string | null): AppError {
  const parsed = ProblemSchema.safeParse(body);
  const codes = (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((c) => ERROR_STATUS[c] === status);
  const code = codes.find((c) => parsed.success && c === parsed.data.code) ?? codes[0];
  if (!parsed.success || !code) return new AppError('unavailable', `Upstream answered ${status}`);
  return new AppError(code, parsed.data.detail ?? parsed.data.title, {
    ...(parsed.data.errors ? { errors: parsed.data.errors } : {}),
    ...(retryAfter && /^\d{1,6}$/.test(retryAfter) ? { headers: { 'retry-after': retryAfter } } : {}),
  });
}
