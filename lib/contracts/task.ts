// Task shapes: the public API of web and the task-service API use the same schemas.
import { z } from 'zod';
import {
  FREQUENCIES,
  NOTES_MAX,
  PRIORITIES,
  RECURRENCE_INTERVAL_MAX,
  SORTS,
  TAG_PATTERN,
  TAG_RULE,
  TAGS_MAX,
  TITLE_MAX,
  VIEWS,
} from './rules';
import { IsoDateTimeSchema, lineText, multilineText } from './text';

export { FREQUENCIES, PRIORITIES, SORTS, VIEWS };

export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

const IsoDateTime = IsoDateTimeSchema;

export const RecurrenceSchema = z.strictObject({
  freq: z.enum(FREQUENCIES, { message: `must be one of ${FREQUENCIES.join(', ')}` }),
  interval: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(RECURRENCE_INTERVAL_MAX, `must be at most ${RECURRENCE_INTERVAL_MAX}`)
    .default(1),
  until: IsoDateTime.nullish(),
});
export type Recurrence = z.infer<typeof RecurrenceSchema>;

export const TagSchema = z.string().regex(TAG_PATTERN, TAG_RULE);

const TitleSchema = lineText('title')
  .trim()
  .min(1, 'title must not be empty')
  .max(TITLE_MAX, `title must be at most ${TITLE_MAX} characters`);
const NotesSchema = multilineText('notes').max(NOTES_MAX, `notes must be at most ${NOTES_MAX} characters`).nullable();
const TagsSchema = z
  .array(TagSchema)
  .max(TAGS_MAX, `at most ${TAGS_MAX} tags`)
  .transform((tags) => [...new Set(tags)]);

export const TaskSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  notes: z.string().nullable(),
  priority: PrioritySchema,
  tags: z.array(z.string()),
  dueAt: z.string().nullable(),
  remindAt: z.string().nullable(),
  recurrence: RecurrenceSchema.nullable(),
  completed: z.boolean(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Task = z.infer<typeof TaskSchema>;

const recurrenceNeedsDue = (t: { recurrence?: Recurrence | null | undefined; dueAt?: string | null | undefined }) =>
  !t.recurrence || Boolean(t.dueAt);

export const CreateTaskSchema = z
  .strictObject({
    title: TitleSchema,
    notes: NotesSchema.optional().default(null),
    priority: PrioritySchema.optional().default('none'),
    tags: TagsSchema.optional().default([]),
    dueAt: IsoDateTime.nullable().optional().default(null),
    remindAt: IsoDateTime.nullable().optional().default(null),
    recurrence: RecurrenceSchema.nullable().optional().default(null),
  })
  .refine(recurrenceNeedsDue, { message: 'a recurring task needs dueAt', path: ['recurrence'] });
export type CreateTask = z.infer<typeof CreateTaskSchema>;

export const UpdateTaskSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    notes: NotesSchema.optional(),
    priority: PrioritySchema.optional(),
    tags: TagsSchema.optional(),
    dueAt: IsoDateTime.nullable().optional(),
    remindAt: IsoDateTime.nullable().optional(),
    recurrence: RecurrenceSchema.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'send at least one field to change' });
export type UpdateTask = z.infer<typeof UpdateTaskSchema>;

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const ListTasksQuerySchema = z.strictObject({
  view: z.enum(VIEWS, { message: `view must be one of ${VIEWS.join(', ')}` }).default('all'),
  q: lineText('q').trim().max(200, 'q must be at most 200 characters').optional(),
  tag: TagSchema.optional(),
  priority: PrioritySchema.optional(),
  sort: z.enum(SORTS, { message: `sort must be one of ${SORTS.join(', ')}` }).default('created'),
  order: z.enum(['asc', 'desc'], { message: 'order must be asc or desc' }).optional(),
  limit: z.coerce
    .number({ message: 'limit must be a number' })
    .int('limit must be an integer')
    .min(1, 'limit must be between 1 and 100')
    .max(100, 'limit must be between 1 and 100')
    .default(50),
  cursor: z.string().max(500).optional(),
  tz: z.string().refine(isTimeZone, 'tz must be an IANA time zone such as Europe/Berlin').default('UTC'),
});
export type ListTasksQuery = z.infer<typeof ListTasksQuerySchema>;

export const TaskPageSchema = z.object({ items: z.array(TaskSchema), nextCursor: z.string().nullable() });
export type TaskPage = z.infer<typeof TaskPageSchema>;

/** Body of `POST /tasks/{id}/next-occurrence` (worker -> task-service). */
export const NextOccurrenceSchema = z.strictObject({ eventId: z.string().min(1) });
