'use client';
// A clear banner (not a blank page) while a part of the backend does not answer: any query of
// tasks, notifications or chat that failed with a 5xx or a network error.

import { type Query, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { isApiError } from './api';

const SERVICES: Record<string, string> = {
  tasks: 'Tasks',
  notifications: 'Notifications',
  settings: 'Settings',
  chat: 'The assistant',
};

const RETRY_EVERY_MS = 10_000;

const isOutage = (error: unknown) => error instanceof TypeError || (isApiError(error) && error.status >= 500);

/** The areas whose queries failed with an outage (5xx or no answer), as a stable string. */
export function downServices(queries: readonly Query[]): string {
  const down = new Set<string>();
  for (const query of queries) {
    const area = String(query.queryKey[0]);
    if (query.state.status === 'error' && SERVICES[area] && isOutage(query.state.error)) down.add(area);
  }
  return [...down].sort().join(',');
}

export function ServiceBanner() {
  const queryClient = useQueryClient();
  const cache = queryClient.getQueryCache();
  const subscribe = useCallback((onChange: () => void) => cache.subscribe(onChange), [cache]);
  // A string snapshot, so React re-renders only when the set of failing areas changes.
  const down = useSyncExternalStore(
    subscribe,
    () => downServices(cache.getAll()),
    () => '',
  );
  useEffect(() => {
    if (!down) return;
    const timer = setInterval(() => {
      void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' });
    }, RETRY_EVERY_MS);
    return () => clearInterval(timer);
  }, [down, queryClient]);

  if (!down) return null;
  const names = down.split(',').map((area) => SERVICES[area] ?? area);
  const subject = names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are`;

  return (
    <div className="service-banner" role="alert">
      <p>
        <strong>{subject} unavailable right now.</strong> The service is not answering; your data is safe and this page
        retries on its own.
      </p>
      <button
        type="button"
        className="button small"
        onClick={() => void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' })}
      >
        Retry now
      </button>
    </div>
  );
}
