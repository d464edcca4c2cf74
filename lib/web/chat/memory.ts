// What a conversation remembers between turns besides its history: the last list it showed
// ("complete the second one") and a bulk change waiting for the user's yes.
import { z } from 'zod';

export const TaskRefSchema = z.object({ id: z.string(), title: z.string(), completed: z.boolean() });

/** How long a bulk change waits for its confirmation. */
export const PENDING_TTL_MS = 10 * 60 * 1000;

export const PendingSchema = z.object({
  action: z.enum(['delete', 'complete']),
  tasks: z.array(TaskRefSchema),
  expiresAt: z.string(),
});
export type Pending = z.infer<typeof PendingSchema>;

export const MemorySchema = z.object({
  lastShown: z.array(TaskRefSchema).default([]),
  pending: PendingSchema.nullable().default(null),
});
export type Memory = z.infer<typeof MemorySchema>;

export const EMPTY_MEMORY: Memory = { lastShown: [], pending: null };
