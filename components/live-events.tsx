'use client';
// Live updates over Server-Sent Events: one EventSource per tab, shared by every subscriber.

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { SSE_EVENTS, type SseEvent } from '@/lib/contracts/live';
import type { Notification } from '@/lib/contracts/notification';
import { isRecord } from '@/lib/contracts/record';
import { showDesktopNotification } from './desktop-notifications';
import { NOTIFICATIONS_KEY } from './notification-bell';
import { useToasts } from './toasts';
import { TASKS_KEY } from './use-tasks';

const EVENTS_URL = '/api/events';
type LiveListener = (type: SseEvent | 'error', event: Event) => void;

const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;
const REMINDER_TOAST_MS = 12_000;

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

function emit(type: SseEvent | 'error', event: Event) {
  for (const listener of listeners) listener(type, event);
}

function connect() {
  const url = lastEventId ? `${EVENTS_URL}?${new URLSearchParams({ lastEventId })}` : EVENTS_URL;
  const eventSource = new EventSource(url);
  source = eventSource;
  for (const type of SSE_EVENTS) {
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

type LiveNotification = Pick<Notification, 'id' | 'title' | 'body'>;

/** The notification in an SSE `notification` event (the Notification itself, or wrapped as `{notification}`). */
function parseNotification(data: unknown): LiveNotification | null {
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
 * Keeps the query cache in step with the server: `task` refreshes task lists, `notification`
 * refreshes notifications and shows a toast (and a system notification while the tab is hidden),
 * `resync` (the server could not replay what was missed) refreshes everything.
 */
export function useLiveEvents() {
  const queryClient = useQueryClient();
  const { show } = useToasts();
  const shownIds = useRef(new Set<string>());

  useEffect(() => {
    let hasDropped = false;
    return subscribe((type, event) => {
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
          show({
            id: `notification-${notification.id}`,
            kind: 'reminder',
            title: notification.title,
            body: notification.body,
            durationMs: REMINDER_TOAST_MS,
          });
          showDesktopNotification(notification);
          break;
        }
        case 'resync':
        case 'replay_failed':
          // The missed notifications could not be replayed: refetch what the page shows.
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
  }, [queryClient, show]);
}
