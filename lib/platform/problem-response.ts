// Errors to problem+json responses, shared by the services and web's route handlers.
import { AppError, problemOf } from '../contracts';
import { log, traceIdOf } from './log';

export function problemResponse(error: AppError): Response {
  const headers = new Headers({ 'content-type': 'application/problem+json', ...error.headers });
  return new Response(JSON.stringify(problemOf(error)), { status: error.status, headers });
}

/** Maps any thrown value to a problem response; unexpected errors are logged and answered with a generic 500. */
export function errorResponse(error: unknown, context: { method: string; url: string; headers: Headers }): Response {
  if (error instanceof AppError) {
    if (error.status >= 500)
      log.warn({ err: error, route: context.url, traceId: traceIdOf(context.headers) }, error.message);
    return problemResponse(error);
  }
  log.error(
    { err: error, method: context.method, route: context.url, traceId: traceIdOf(context.headers) },
    'unhandled error',
  );
  return problemResponse(new AppError('internal', 'Something went wrong on our side; the change was not applied.'));
}
