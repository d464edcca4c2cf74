// task-service HTTP API, reached only through its Dapr sidecar. Each handler parses, runs one
// operation (reads directly, changes as a unit of work: lib/service-kit/unit-of-work.ts) and maps.
import type { Context, Hono } from 'hono';
import {
  AppError,
  CreateTaskSchema,
  HEADERS,
  ListTasksQuerySchema,
  NextOccurrenceSchema,
  parseOrThrow,
  taskIdOf,
  UpdateTaskSchema,
} from '@/lib/contracts';
import { log } from '@/lib/platform/log';
import { reminderLateness, remindersFired } from '@/lib/platform/metrics';
import { contextOfTraceparent, inSpan, linkToActive } from '@/lib/platform/tracing';
import { actingUser, createServiceApp, readJson } from '@/lib/service-kit/app';
import type { Db, RunTaskOperation } from './db/client';
import { fireReminder } from './reminders/fire-reminder';
import { REMINDER_JOB_PREFIX, ReminderJobDataSchema, reminderJobName } from './reminders/reminder-job';
import { sweepReminders } from './reminders/sweep-reminders';
import { createNextOccurrence } from './tasks/create-next-occurrence';
import { createTask } from './tasks/create-task';
import { deleteTask } from './tasks/delete-task';
import { getTask } from './tasks/get-task';
import { listTasks } from './tasks/list-tasks';
import { setCompleted } from './tasks/set-completed';
import { updateTask } from './tasks/update-task';
import { DEFAULT_LIMITS, type TaskLimits } from './tasks/user-limits';

/** A malformed id names no task: 404, as in web (lib/contracts/ids.ts). */
const taskId = (c: Context) => taskIdOf(c.req.param('id') ?? '');

export type Deps = { appApiToken: string; db: () => Promise<Db>; run: RunTaskOperation; limits?: TaskLimits };

export function createTaskServiceApp({ appApiToken, db, run, limits = DEFAULT_LIMITS }: Deps): Hono {
  const app = createServiceApp(appApiToken);

  // GET /tasks: list the acting user's tasks
  app.get('/tasks', async (c) => {
    const query = parseOrThrow(ListTasksQuerySchema, c.req.query(), 'query');
    return c.json(await listTasks(await db(), actingUser(c), query));
  });

  // POST /tasks: create a task (optionally idempotent)
  app.post('/tasks', async (c) => {
    const userId = actingUser(c);
    const input = await readJson(c, CreateTaskSchema);
    const key = idempotencyKey(c);
    const { task, isReplay } = await run((work) => createTask(work, userId, input, limits, key));
    return c.json(task, 201, isReplay ? { 'idempotent-replayed': 'true' } : {});
  });

  // GET /tasks/:id
  app.get('/tasks/:id', async (c) => c.json(await getTask(await db(), actingUser(c), taskId(c))));

  // PATCH /tasks/:id (If-Match: "<version>")
  app.patch('/tasks/:id', async (c) => {
    const userId = actingUser(c);
    const id = taskId(c);
    const patch = await readJson(c, UpdateTaskSchema);
    const expectedVersion = parseIfMatch(c.req.header('if-match'));
    return c.json(await run((work) => updateTask(work, userId, id, patch, limits, expectedVersion)));
  });

  // DELETE /tasks/:id
  app.delete('/tasks/:id', async (c) => {
    const userId = actingUser(c);
    const id = taskId(c);
    await run((work) => deleteTask(work, userId, id));
    return c.body(null, 204);
  });

  // POST /tasks/:id/complete and /reopen
  for (const action of ['complete', 'reopen'] as const) {
    app.post(`/tasks/:id/${action}`, async (c) => {
      const userId = actingUser(c);
      const id = taskId(c);
      return c.json(await run((work) => setCompleted(work, userId, id, action === 'complete', limits)));
    });
  }

  // POST /tasks/:id/next-occurrence: the worker's recurrence step, idempotent on the event id
  app.post('/tasks/:id/next-occurrence', async (c) => {
    const { eventId } = await readJson(c, NextOccurrenceSchema);
    const userId = actingUser(c);
    const id = taskId(c);
    const task = await run((work) => createNextOccurrence(work, userId, id, eventId));
    return task ? c.json(task, 201) : c.body(null, 204);
  });

  // POST /job/:name: the scheduler triggers a reminder job
  app.post('/job/:name', async (c) => {
    const data = await reminderJobData(c);
    if (!data) return c.body(null, 200);
    // The reminder continues the trace of the request that set it; the trigger's own trace is linked.
    const result = await inSpan(
      'reminder fire',
      {
        parent: contextOfTraceparent(data.traceparent),
        links: linkToActive(),
        attributes: { 'todo.task_id': data.taskId },
      },
      async (span) => {
        const fired = await run((work) => fireReminder(work, data.taskId, new Date(data.remindAt)));
        span.setAttribute('todo.reminder.result', fired);
        return fired;
      },
    );
    if (result === 'early') throw new AppError('unavailable', 'reminder triggered before its time; retry');
    if (result === 'fired') {
      remindersFired.inc({ trigger: 'job' });
      reminderLateness.observe({ trigger: 'job' }, (Date.now() - Date.parse(data.remindAt)) / 1000);
    }
    log.info({ taskId: data.taskId, result }, 'reminder job triggered');
    return c.json({ result });
  });

  // POST /reminder-sweep: the cron input binding reconciles reminders every minute
  app.post('/reminder-sweep', async (c) => {
    const result = await sweepReminders(await db(), run);
    if (result.fired || result.scheduled) log.info(result, 'reminder sweep');
    return c.json(result);
  });

  return app;
}

function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header(HEADERS.idempotencyKey);
  if (key !== undefined && !/^[\w.:-]{1,200}$/.test(key)) {
    throw new AppError(
      'bad_request',
      'Idempotency-Key must be 1-200 characters of letters, digits, "-", "_", ".", ":"',
    );
  }
  return key;
}

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new AppError('bad_request', 'If-Match must be the ETag of the task, e.g. "3"');
  return Number(match[1]);
}

/** The data of a reminder job trigger, or undefined (logged) for a job this service does not know. */
async function reminderJobData(c: Context) {
  const name = c.req.param('name') ?? '';
  if (!name.startsWith(REMINDER_JOB_PREFIX)) {
    log.warn({ name }, 'unknown job; ignoring');
    return undefined;
  }
  const parsed = ReminderJobDataSchema.safeParse(await c.req.json().catch(() => null));
  if (!parsed.success || reminderJobName(parsed.data.taskId) !== name) {
    log.warn({ name }, 'malformed reminder job data; ignoring');
    return undefined;
  }
  return parsed.data;
}
