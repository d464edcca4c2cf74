import type { Task } from '@/lib/contracts';

/** A task's ETag is its version: PATCH with If-Match: "<version>". */
export const etagOf = (task: Pick<Task, 'version'>) => `"${task.version}"`;
