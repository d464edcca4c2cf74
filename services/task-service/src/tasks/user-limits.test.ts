import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitsFromEnv, secondsToWindowEnd, TaskLimitsSchema } from './user-limits';

describe('task limits', () => {
  it('defaults to 5000 open tasks, 1000 pending reminders, 120 creates and 120 reminders a minute', () => {
    expect(DEFAULT_LIMITS).toEqual({
      openTasks: 5000,
      pendingReminders: 1000,
      createsPerMinute: 120,
      remindersPerMinute: 120,
    });
  });

  it('reads each limit from the environment and refuses a limit that is not a positive integer', () => {
    expect(limitsFromEnv(TaskLimitsSchema.parse({ TASK_LIMIT_OPEN_TASKS: '3' })).openTasks).toBe(3);
    expect(TaskLimitsSchema.safeParse({ TASK_LIMIT_CREATES_PER_MINUTE: '0' }).success).toBe(false);
    expect(TaskLimitsSchema.safeParse({ TASK_LIMIT_PENDING_REMINDERS: 'lots' }).success).toBe(false);
  });

  it('asks a refused client to wait until the current minute window ends, at least 1 s', () => {
    expect(secondsToWindowEnd(Date.UTC(2026, 0, 1, 12, 0, 0))).toBe(60);
    expect(secondsToWindowEnd(Date.UTC(2026, 0, 1, 12, 0, 45, 500))).toBe(15);
    expect(secondsToWindowEnd(Date.UTC(2026, 0, 1, 12, 0, 59, 999))).toBe(1);
  });
});
