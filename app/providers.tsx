'use client';
// Client-side providers: one QueryClient per browser tab.

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { isApiError } from '@/components/api';

/** A 401 means the session ended (signed out elsewhere, expired): go sign in again. */
function redirectOnUnauthorized(error: unknown) {
  if (isApiError(error) && error.status === 401 && window.location.pathname !== '/signin') {
    window.location.assign('/signin');
  }
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: redirectOnUnauthorized }),
    mutationCache: new MutationCache({ onError: redirectOnUnauthorized }),
    defaultOptions: {
      queries: {
        // Live events invalidate what changed; this only limits refetching on focus and remount.
        staleTime: 30_000,
        // A 4xx will not get better by asking again.
        retry: (failureCount, error) => !(isApiError(error) && error.status < 500) && failureCount < 2,
      },
      mutations: { retry: false },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
