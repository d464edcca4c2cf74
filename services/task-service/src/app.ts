// task-service HTTP API, reached only through its Dapr sidecar.
import type { Hono } from 'hono';
import { z } from 'zod';
import {
  AppError,
  CreateTaskSchema,
  HEADERS,
  ListTasksQuerySchema,
  NextOccurrenceSchema,
  parseOrThrow,
  UpdateTaskSchema,
} from '@/lib/contracts';
import { log } from '@/lib/platform/log';
import { reminderLateness, remindersFired } from '@/lib/platform/metrics';
import { contextOfTraceparent, inSpan, linkToActive } from '@/lib/platform/tracing';
import { actingUser, createServiceApp, readJson } from '@/lib/service-kit/app';
import type { Db } from './db/client';
import { fireReminder } from './reminders/fire-reminder';
import {
  cancelReminderJob,
  REMINDER_JOB_PREFIX,
  ReminderJobDataSchema,
  reminderJobName,
  syncReminderJob,
} from './reminders/reminder-job';
import { sweepReminders } from './reminders/sweep-reminders';
import { createNextOccurrence } from './tasks/create-next-occurrence';
import { createTask } from './tasks/create-task';
import { deleteTask } from './tasks/delete-task';
import { getTask } from './tasks/get-task';
import { listTasks } from './tasks/list-tasks';
import { setCompleted } from './tasks/set-completed';
import { toTask } from './tasks/to-task';
import { updateTask } from './tasks/update-task';

const IdSchema = z.uuid({ message: 'task id must be a UUID' });
const taskId = (raw: string) => parseOrThrow(IdSchema, raw, 'task id');

export type Deps = { appApiToken: string; db: () => Promise<Db>; kickRelay: () => void };

export function createTaskServiceApp({ appApiToken, db, kickRelay }: Deps): Hono {
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
    const key = c.req.header(HEADERS.idempotencyKey);
    if (key !== undefined && !/^[\w.:-]{1,200}$/.test(key)) {
      throw new AppError(
        'bad_request',
        'Idempotency-Key must be 1-200 characters of letters, digits, "-", "_", ".", ":"',
      );
    }
    const database = await db();
    const { task, row } = await createTask(database, userId, input, key);
    if (row) {
      kickRelay();
      if (row.remindAt) await syncReminderJob(database, row);
    }
    return c.json(task, 201, row ? {} : { 'idempotent-replayed': 'true' });
  });

  // GET /tasks/:id
  app.get('/tasks/:id', async (c) => c.json(await getTask(await db(), actingUser(c), taskId(c.req.param('id')))));

  // PATCH /tasks/:id (If-Match: "<version>")
  app.patch('/tasks/:id', async (c) => {
    const userId = actingUser(c);
    const id = taskId(c.req.param('id'));
    const patch = await readJson(c, UpdateTaskSchema);
    const expectedVersion = parseIfMatch(c.req.header('if-match'));
    const database = await db();
    const { row, isReminderChanged } = await updateTask(database, userId, id, patch, expectedVersion);
    kickRelay();
    if (isReminderChanged) await syncReminderJob(database, row);
    return c.json(toTask(row));
  });

  // DELETE /tasks/:id
  app.delete('/tasks/:id', async (c) => {
    const id = taskId(c.req.param('id'));
    await deleteTask(await db(), actingUser(c), id);
    kickRelay();
    await cancelReminderJob(id);
    return c.body(null, 204);
  });

  // POST /tasks/:id/complete and /reopen
  for (const action of ['complete', 'reopen'] as const) {
    app.post(`/tasks/:id/${action}`, async (c) => {
      const database = await db();
      const { row, isChanged } = await setCompleted(
        database,
        actingUser(c),
        taskId(c.req.param('id')),
        action === 'complete',
      );
      if (isChanged) {
        kickRelay();
        await syncReminderJob(database, row);
      }
      return c.json(toTask(row));
    });
  }

  // POST /tasks/:id/next-occurrence: the worker's recurrence step, idempotent on the event id
  app.post('/tasks/:id/next-occurrence', async (c) => {
    const { eventId } = await readJson(c, NextOccurrenceSchema);
    const database = await db();
    const { task, row } = await createNextOccurrence(database, actingUser(c), taskId(c.req.param('id')), eventId);
    if (row) {
      kickRelay();
      if (row.remindAt) await syncReminderJob(database, row);
    }
    return task ? c.json(task, 201) : c.body(null, 204);
  });

  // POST /job/:name: the scheduler triggers a reminder job
  app.post('/job/:name', async (c) => {
    const name = c.req.param('name');
    if (!name.startsWith(REMINDER_JOB_PREFIX)) {
      log.warn({ name }, 'unknown job; ignoring');
      return c.body(null, 200);
    }
    const parsed = ReminderJobDataSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success || reminderJobName(parsed.data.taskId) !== name) {
      log.warn({ name }, 'malformed reminder job data; ignoring');
      return c.body(null, 200);
    }
    // The reminder continues the trace of the request that set it; the trigger's own trace is linked.
    const { taskId, remindAt, traceparent } = parsed.data;
    const result = await inSpan(
      'reminder fire',
      { parent: contextOfTraceparent(traceparent), links: linkToActive(), attributes: { 'todo.task_id': taskId } },
      async (span) => {
        const fired = await fireReminder(await db(), taskId, new Date(remindAt));
        span.setAttribute('todo.reminder.result', fired);
        return fired;
      },
    );
    if (result === 'early') throw new AppError('unavailable', 'reminder triggered before its time; retry');
    if (result === 'fired') {
      kickRelay();
      remindersFired.inc({ trigger: 'job' });
      reminderLateness.observe({ trigger: 'job' }, (Date.now() - Date.parse(remindAt)) / 1000);
    }
    log.info({ taskId, result }, 'reminder job triggered');
    return c.json({ result });
  });

  // POST /reminder-sweep: the cron input binding reconciles reminders every minute
  app.post('/reminder-sweep', async (c) => {
    const result = await sweepReminders(await db());
    if (result.fired > 0) kickRelay();
    if (result.fired || result.scheduled) log.info(result, 'reminder sweep');
    return c.json(result);
  });

  return app;
}

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new AppError('bad_request', 'If-Match must be the ETag of the task, e.g. "3"');
  return Number(match[1]);
}
