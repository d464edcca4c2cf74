'use client';
// Live updates over Server-Sent Events: one EventSource per tab, shared by every subscriber.

import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Notification } from '@/lib/contracts';
import { NOTIFICATIONS_KEY } from './notification-bell';
import { TASKS_KEY } from './use-tasks';

const EVENTS_URL = '/api/events';
const LIVE_EVENT_TYPES = ['ready', 'task', 'notification', 'resync'] as const;
type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];
type LiveListener = (type: LiveEventType | 'error', event: Event) => void;

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

// Module state: the single connection of this tab. EventSource reconnects on its own
// (sending Last-Event-ID) after a dropped connection; it gives up only when the server
// answers with a non-200 status, and then we open a new one with backoff.
let source: EventSource | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let closeTimer: ReturnType<typeof setTimeout> | null = null;
let retryDelay = FIRST_RETRY_MS;
/** Cursor of the last notification received; a new EventSource passes it on, as the browser does on reconnect. */
let lastEventId = '';
const listeners = new Set<LiveListener>();

function emit(type: LiveEventType | 'error', event: Event) {
  for (const listener of listeners) listener(type, event);
}

function connect() {
  const url = lastEventId ? `${EVENTS_URL}?${new URLSearchParams({ lastEventId })}` : EVENTS_URL;
  const eventSource = new EventSource(url);
  source = eventSource;
  for (const type of LIVE_EVENT_TYPES) {
    eventSource.addEventListener(type, (event) => {
      if (event instanceof MessageEvent && event.lastEventId) lastEventId = event.lastEventId;
      emit(type, event);
    });
  }
  eventSource.addEventListener('open', () => {
    retryDelay = FIRST_RETRY_MS;
  });
  eventSource.addEventListener('error', (event) => {
    emit('error', event);
    if (eventSource.readyState !== EventSource.CLOSED || source !== eventSource) return;
    source = null;
    if (listeners.size === 0 || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (listeners.size > 0 && !source) connect();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
  });
}

function subscribe(listener: LiveListener): () => void {
  listeners.add(listener);
  if (closeTimer) {
    clearTimeout(closeTimer);
    closeTimer = null;
  }
  if (!source && !retryTimer) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    // Close a moment later, so a remount (React strict mode, fast refresh) reuses the connection.
    closeTimer = setTimeout(() => {
      closeTimer = null;
      if (listeners.size > 0) return;
      source?.close();
      source = null;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
    }, 1_000);
  };
}

export interface Toast {
  id: string;
  title: string;
  body: string;
}

const TOAST_MS = 10_000;
const MAX_TOASTS = 3;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The notification in an SSE `notification` event (the Notification itself, or wrapped as `{notification}`). */
function parseNotification(data: unknown): Pick<Notification, 'id' | 'title' | 'body'> | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  const candidate = isRecord(parsed) && isRecord(parsed.notification) ? parsed.notification : parsed;
  if (!isRecord(candidate)) return null;
  const { id, title, body } = candidate;
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof title !== 'string') return null;
  return { id: String(id), title, body: typeof body === 'string' ? body : '' };
}

/**
 * Keeps the query cache in step with the server: `task` refreshes task lists,
 * `notification` refreshes notifications and shows a toast, `resync` refreshes everything.
 */
export function useLiveEvents() {
  const queryClient = useQueryClient();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const shownIds = useRef(new Set<string>());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: string) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  useEffect(() => {
    let hasDropped = false;
    const unsubscribe = subscribe((type, event) => {
      switch (type) {
        case 'task':
          void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
          break;
        case 'notification': {
          void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
          const notification = parseNotification(event instanceof MessageEvent ? event.data : null);
          // A replay after reconnecting can repeat a notification; toast each one once.
          if (!notification || shownIds.current.has(notification.id)) break;
          shownIds.current.add(notification.id);
          const toast: Toast = { id: notification.id, title: notification.title, body: notification.body };
          setToasts((current) => [...current.filter((t) => t.id !== toast.id), toast].slice(-MAX_TOASTS));
          timers.current.set(
            toast.id,
            setTimeout(() => dismiss(toast.id), TOAST_MS),
          );
          break;
        }
        case 'resync':
          void queryClient.invalidateQueries();
          break;
        case 'ready':
          // Task events sent while we were disconnected are not replayed: refetch once back.
          if (hasDropped) {
            void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
            void queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
          }
          hasDropped = false;
          break;
        case 'error':
          hasDropped = true;
          break;
      }
    });
    const pending = timers.current;
    return () => {
      unsubscribe();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, [queryClient, dismiss]);

  return { toasts, dismiss };
}
