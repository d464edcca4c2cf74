import 'server-only';
import { AppError } from '@/lib/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names no task: 404, like another user's task. */
export function taskIdOf(id: string): string {
  if (!UUID.test(id)) throw new AppError('not_found', `task ${id} does not exist`);
  return id.toLowerCase();
}
