// What a task created with only a title holds, stated once for the unit, integration and e2e tests.
export const NEW_TASK_DEFAULTS = {
  notes: null,
  priority: 'none',
  tags: [],
  dueAt: null,
  remindAt: null,
  recurrence: null,
} as const;
