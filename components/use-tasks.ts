// TanStack Query hooks for tasks: the paged list and the mutations that change it.
import {
  type InfiniteData,
  type QueryClient,
  type QueryKey,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
} from '@tanstack/react-query';
import type { Priority, Recurrence, SORTS, Task, VIEWS } from '@/lib/contracts';
import { api, newIdempotencyKey } from './api';
import { browserTimeZone } from './datetime';

export type View = (typeof VIEWS)[number];
export type Sort = (typeof SORTS)[number];
export type Order = 'asc' | 'desc';

export interface TaskFilters {
  view: View;
  q: string;
  tag: string;
  priority: Priority | '';
  sort: Sort;
  order: Order | '';
}

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

type TaskListData = InfiniteData<TaskPage, string | null>;

/** Every task query lives under this prefix, so one invalidation refreshes all views. */
export const TASKS_KEY = ['tasks'] as const;

const PAGE_SIZE = 50;

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

const taskUrl = (id: string, action?: 'complete' | 'reopen') =>
  `/api/tasks/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** Applies `change` to every cached task list; `null` removes the task. */
function updateCachedTasks(queryClient: QueryClient, taskId: string, change: (task: Task) => Task | null) {
  queryClient.setQueriesData<TaskListData>({ queryKey: TASKS_KEY }, (data) => {
    if (!data?.pages) return data;
    return {
      ...data,
      pages: data.pages.map((page) => ({
        ...page,
        items: page.items.flatMap((task) => {
          if (task.id !== taskId) return [task];
          const next = change(task);
          return next ? [next] : [];
        }),
      })),
    };
  });
}

export interface NewTask {
  title: string;
  notes?: string | null;
  priority: Priority;
  tags: string[];
  dueAt: string | null;
  remindAt: string | null;
  recurrence: Recurrence | null;
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

/** Complete or reopen, shown at once and rolled back if the server refuses. */
export function useToggleTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ task, completed }: { task: Task; completed: boolean }) =>
      api<Task>(taskUrl(task.id, completed ? 'complete' : 'reopen'), { method: 'POST' }),
    onMutate: async ({ task, completed }) => {
      await queryClient.cancelQueries({ queryKey: TASKS_KEY });
      const snapshot = queryClient.getQueriesData<TaskListData>({ queryKey: TASKS_KEY });
      updateCachedTasks(queryClient, task.id, (t) => ({
        ...t,
        completed,
        completedAt: completed ? new Date().toISOString() : null,
      }));
      return { snapshot };
    },
    onError: (_error, _vars, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (saved) => updateCachedTasks(queryClient, saved.id, () => saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
  });
}

export function useDeleteTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (task: Task) => api<void>(taskUrl(task.id), { method: 'DELETE' }),
    onSuccess: (_result, task) => updateCachedTasks(queryClient, task.id, () => null),
    onSettled: () => queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
  });
}

/** PATCH guarded by the version the user edited (`If-Match: "<version>"`); 412 if it moved on. */
export function useRenameTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ task, title }: { task: Task; title: string }) =>
      api<Task>(taskUrl(task.id), {
        method: 'PATCH',
        headers: { 'If-Match': `"${task.version}"` },
        json: { title },
      }),
    onSuccess: (saved) => updateCachedTasks(queryClient, saved.id, () => saved),
    onSettled: () => queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
  });
}
