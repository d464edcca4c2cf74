// TanStack Query hooks for tasks: the paged list, the summary behind counts/tags/chart, and the mutations.
import {
  type InfiniteData,
  type QueryClient,
  type QueryKey,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateTaskSchema, Priority, SORTS, Task, TaskPage, UpdateTaskSchema, VIEWS } from '@/lib/contracts';
import { api, newIdempotencyKey } from './api';
import { browserTimeZone } from './datetime';

export type View = (typeof VIEWS)[number];
export type Sort = (typeof SORTS)[number];
export type Order = 'asc' | 'desc';
/** The body of `POST /api/tasks` as the browser sends it (defaults filled in by the server). */
export type NewTask = z.input<typeof CreateTaskSchema>;
/** The body of `PATCH /api/tasks/{id}`. */
export type TaskPatch = z.input<typeof UpdateTaskSchema>;

export interface TaskFilters {
  view: View;
  q: string;
  tag: string;
  priority: Priority | '';
  sort: Sort;
  order: Order | '';
}

type TaskListData = InfiniteData<TaskPage, string | null>;

/** Every task query lives under this prefix, so one invalidation refreshes all views. */
export const TASKS_KEY = ['tasks'] as const;
const SUMMARY_KEY = [...TASKS_KEY, 'summary'] as const;

const PAGE_SIZE = 50;
const SUMMARY_PAGE_SIZE = 100;
/** The summary reads at most this many pages (1,000 tasks); counts beyond show as "999+". */
const SUMMARY_MAX_PAGES = 10;

export function taskListKey(filters: TaskFilters): QueryKey {
  return [...TASKS_KEY, 'list', filters];
}

function taskListUrl(filters: TaskFilters, cursor: string | null): string {
  const params = new URLSearchParams({ view: filters.view, tz: browserTimeZone(), limit: String(PAGE_SIZE) });
  if (filters.q) params.set('q', filters.q);
  if (filters.tag) params.set('tag', filters.tag);
  if (filters.priority) params.set('priority', filters.priority);
  params.set('sort', filters.sort);
  if (filters.order) params.set('order', filters.order);
  if (cursor) params.set('cursor', cursor);
  return `/api/tasks?${params}`;
}

export function useTaskList(filters: TaskFilters) {
  return useInfiniteQuery({
    queryKey: taskListKey(filters),
    queryFn: ({ pageParam, signal }) => api<TaskPage>(taskListUrl(filters, pageParam), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });
}

export interface TaskSummary {
  tasks: Task[];
  /** More tasks exist than the summary read. */
  isTruncated: boolean;
}

/** Every task of the user (up to 1,000): the source of view counts, the tag list and the chart. */
export function useTaskSummary() {
  return useQuery({
    queryKey: SUMMARY_KEY,
    queryFn: async ({ signal }): Promise<TaskSummary> => {
      const tasks: Task[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < SUMMARY_MAX_PAGES; page++) {
        const params = new URLSearchParams({ view: 'all', limit: String(SUMMARY_PAGE_SIZE), tz: browserTimeZone() });
        if (cursor) params.set('cursor', cursor);
        const result: TaskPage = await api<TaskPage>(`/api/tasks?${params}`, { signal });
        tasks.push(...result.items);
        cursor = result.nextCursor;
        if (!cursor) break;
      }
      return { tasks, isTruncated: cursor !== null };
    },
  });
}

const taskUrl = (id: string, action?: 'complete' | 'reopen') =>
  `/api/tasks/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** Applies `change` to every cached copy of a task (lists and summary); `null` removes it. */
function updateCachedTasks(queryClient: QueryClient, taskId: string, change: (task: Task) => Task | null) {
  const apply = (items: Task[]) =>
    items.flatMap((task) => {
      if (task.id !== taskId) return [task];
      const next = change(task);
      return next ? [next] : [];
    });
  queryClient.setQueriesData<TaskListData | TaskSummary>({ queryKey: TASKS_KEY }, (data) => {
    if (!data) return data;
    if ('pages' in data) return { ...data, pages: data.pages.map((page) => ({ ...page, items: apply(page.items) })) };
    if ('tasks' in data) return { ...data, tasks: apply(data.tasks) };
    return data;
  });
}

async function snapshotTasks(queryClient: QueryClient) {
  await queryClient.cancelQueries({ queryKey: TASKS_KEY });
  return queryClient.getQueriesData({ queryKey: TASKS_KEY });
}

function restore(queryClient: QueryClient, snapshot: [QueryKey, unknown][] | undefined) {
  for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
}

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewTask) =>
      api<Task>('/api/tasks', {
        method: 'POST',
        headers: { 'Idempotency-Key': newIdempotencyKey() },
        json: input,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
  });
}

/**
 * Complete or reopen, shown at once in every cached list and rolled back if the server refuses.
 * A plain function rather than a mutation hook: every call settles on its own (Undo toasts need each).
 */
export async function setTaskCompleted(queryClient: QueryClient, task: Task, completed: boolean): Promise<Task> {
  const snapshot = await snapshotTasks(queryClient);
  updateCachedTasks(queryClient, task.id, (t) => ({
    ...t,
    completed,
    completedAt: completed ? new Date().toISOString() : null,
  }));
  try {
    const saved = await api<Task>(taskUrl(task.id, completed ? 'complete' : 'reopen'), { method: 'POST' });
    updateCachedTasks(queryClient, saved.id, () => saved);
    return saved;
  } catch (error) {
    restore(queryClient, snapshot);
    throw error;
  } finally {
    void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
  }
}

/** Delete, removed from every cached list at once and put back if the server refuses. */
export async function deleteTask(queryClient: QueryClient, task: Task): Promise<void> {
  const snapshot = await snapshotTasks(queryClient);
  updateCachedTasks(queryClient, task.id, () => null);
  try {
    await api<void>(taskUrl(task.id), { method: 'DELETE' });
  } catch (error) {
    restore(queryClient, snapshot);
    throw error;
  } finally {
    void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
  }
}

/** PATCH guarded by the version the user edited (`If-Match: "<version>"`); 412 if it moved on. */
export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ task, patch }: { task: Task; patch: TaskPatch }) =>
      api<Task>(taskUrl(task.id), {
        method: 'PATCH',
        headers: { 'If-Match': `"${task.version}"` },
        json: patch,
      }),
    onSuccess: (saved) => updateCachedTasks(queryClient, saved.id, () => saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
  });
}

/**
 * Puts a deleted task back (Undo): the same fields as a new task, completed again if it was.
 * A reminder already in the past is dropped, so undoing does not fire it a second time.
 */
export async function restoreDeletedTask(task: Task): Promise<Task> {
  const isReminderPast = task.remindAt !== null && Date.parse(task.remindAt) <= Date.now();
  const created = await api<Task>('/api/tasks', {
    method: 'POST',
    headers: { 'Idempotency-Key': newIdempotencyKey() },
    json: {
      title: task.title,
      notes: task.notes,
      priority: task.priority,
      tags: task.tags,
      dueAt: task.dueAt,
      remindAt: isReminderPast ? null : task.remindAt,
      recurrence: task.recurrence,
    } satisfies NewTask,
  });
  return task.completed ? api<Task>(taskUrl(created.id, 'complete'), { method: 'POST' }) : created;
}

export async function fetchTask(id: string): Promise<Task> {
  return api<Task>(taskUrl(id));
}
