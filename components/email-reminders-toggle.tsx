'use client';
// The "Email me reminders" setting (GET/PUT /api/settings).

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from './api';

interface Settings {
  emailReminders: boolean;
}

const SETTINGS_KEY = ['settings'] as const;

export function EmailRemindersToggle() {
  const queryClient = useQueryClient();
  const settings = useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: ({ signal }) => api<Settings>('/api/settings', { signal }),
  });
  const update = useMutation({
    mutationFn: (next: Settings) => api<Settings | undefined>('/api/settings', { method: 'PUT', json: next }),
    onMutate: async (next) => {
      await queryClient.cancelQueries({ queryKey: SETTINGS_KEY });
      const previous = queryClient.getQueryData<Settings>(SETTINGS_KEY);
      queryClient.setQueryData<Settings>(SETTINGS_KEY, (current) => ({ ...current, ...next }));
      return { previous };
    },
    onError: (_error, _next, context) => {
      if (context?.previous) queryClient.setQueryData(SETTINGS_KEY, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });

  const error = settings.error ?? update.error;
  return (
    <div className="setting">
      <input
        id="email-reminders"
        type="checkbox"
        checked={settings.data?.emailReminders ?? false}
        disabled={!settings.isSuccess}
        onChange={(e) => update.mutate({ emailReminders: e.target.checked })}
        aria-describedby={error ? 'email-reminders-error' : undefined}
      />
      <label htmlFor="email-reminders">Email me reminders</label>
      {error ? (
        <span id="email-reminders-error" className="setting-error" role={update.error ? 'alert' : undefined}>
          {settings.error ? `Unavailable: ${errorMessage(error)}` : `Not saved: ${errorMessage(error)}`}
        </span>
      ) : null}
    </div>
  );
}
