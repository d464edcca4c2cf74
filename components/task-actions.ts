// Complete, reopen and delete with a toast offering Undo; failures become error toasts.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { Task } from '@/lib/contracts/task';
import { errorMessage, isApiError } from './api';
import { useToasts } from './toasts';
import { deleteTask, restoreDeletedTask, setTaskCompleted, TASKS_KEY } from './use-tasks';

const UNDO_MS = 8_000;

export interface TaskActions {
  toggle: (task: Task, completed: boolean) => void;
  remove: (task: Task) => void;
}

export function useTaskActions(): TaskActions {
  const queryClient = useQueryClient();
  const { show } = useToasts();

  const fail = useCallback(
    (what: string, error: unknown) => {
      const isGone = isApiError(error) && error.status === 404;
      show({
        kind: 'error',
        title: isGone ? 'That task no longer exists' : `Could not ${what}`,
        body: errorMessage(error),
      });
      if (isGone) void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
    },
    [queryClient, show],
  );

  const toggle = useCallback(
    (task: Task, completed: boolean) => {
      setTaskCompleted(queryClient, task, completed).then(
        (saved) => {
          if (!completed) return;
          show({
            title: 'Completed',
            body: task.title,
            durationMs: UNDO_MS,
            action: {
              label: 'Undo',
              run: () => {
                setTaskCompleted(queryClient, saved, false).catch((error: unknown) => fail('undo', error));
              },
            },
          });
        },
        (error: unknown) => fail(completed ? 'complete the task' : 'reopen the task', error),
      );
    },
    [queryClient, show, fail],
  );

  const remove = useCallback(
    (task: Task) => {
      deleteTask(queryClient, task).then(
        () =>
          show({
            title: 'Deleted',
            body: task.title,
            durationMs: UNDO_MS,
            action: {
              label: 'Undo',
              run: () => {
                restoreDeletedTask(task).then(
                  () => queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
                  (error: unknown) => fail('restore the task', error),
                );
              },
            },
          }),
        (error: unknown) => fail('delete the task', error),
      );
    },
    [queryClient, show, fail],
  );

  return useMemo(() => ({ toggle, remove }), [toggle, remove]);
}
