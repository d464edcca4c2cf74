// Typed calls from the BFF to task-service and notification-service through Dapr.
import 'server-only';
import { APP_IDS, appErrorFromProblem } from '@/lib/contracts';
import { type InvokeOptions, invoke } from '@/lib/dapr/invoke';

/** A success answer of a service: `body` is parsed on first read, `text` is the answer as sent. */
export type ServiceAnswer<T> = { status: number; readonly body: T; readonly headers: Headers; text: string };

/** Invokes a service as the user; a problem answer becomes the same AppError here. */
export async function callService<T>(
  appId: string,
  path: string,
  userId: string,
  options: Omit<InvokeOptions, 'userId'> = {},
): Promise<ServiceAnswer<T>> {
  const result = await invoke(appId, path, { ...options, userId });
  if (result.status >= 400) throw appErrorFromProblem(result.status, result.body, result.headers.get('retry-after'));
  return result as ServiceAnswer<T>;
}

export const taskService = <T>(path: string, userId: string, options?: Omit<InvokeOptions, 'userId'>) =>
  callService<T>(APP_IDS.taskService, path, userId, options);

export const notificationService = <T>(path: string, userId: string, options?: Omit<InvokeOptions, 'userId'>) =>
  callService<T>(APP_IDS.notificationService, path, userId, options);
