import type { Task } from '@/lib/contracts';
import type { TaskRow } from '../db/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    priority: row.priority,
    tags: row.tags,
    dueAt: iso(row.dueAt),
    remindAt: iso(row.remindAt),
    recurrence: row.recurrence ?? null,
    completed: row.completed,
    completedAt: iso(row.completedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
