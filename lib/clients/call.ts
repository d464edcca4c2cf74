// One service call: invoke through the sidecar, turn a problem answer into the same AppError,
// and parse a success with the contract's schema (a shape the contract does not allow is the
// callee's fault: 503, never a cast that lets a wrong shape travel on).
import type { z } from 'zod';
import { AppError, appErrorFromProblem } from '../contracts';
import { type InvokeOptions, invoke } from '../dapr/invoke';

export type Answer<T> = { status: number; headers: Headers; body: T };

export async function call<S extends z.ZodType>(
  appId: string,
  path: string,
  schema: S,
  options: InvokeOptions,
): Promise<Answer<z.infer<S>>> {
  const result = await invoke(appId, path, options);
  if (result.status >= 400) throw appErrorFromProblem(result.status, result.body, result.headers.get('retry-after'));
  const parsed = schema.safeParse(result.body);
  if (!parsed.success) {
    throw new AppError('unavailable', `${appId} answered ${path} with an unexpected shape`, { cause: parsed.error });
  }
  return { status: result.status, headers: result.headers, body: parsed.data };
}
