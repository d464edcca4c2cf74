'use client';
// The bell: unread count, and a dropdown of recent notifications that can be marked read.

import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { Notification, NotificationPage } from '@/lib/contracts/notification';
import { api, errorMessage } from './api';
import { formatFull, formatWhen } from './datetime';

export const NOTIFICATIONS_KEY = ['notifications'] as const;

function useNotifications() {
  return useQuery({
    queryKey: NOTIFICATIONS_KEY,
    queryFn: ({ signal }) => api<NotificationPage>('/api/notifications?limit=20', { signal }),
  });
}

/** Marks notifications read in the cache at once; the server's answer follows by refetch. */
function markReadInCache(queryClient: QueryClient, isTarget: (n: Notification) => boolean) {
  const now = new Date().toISOString();
  queryClient.setQueryData<NotificationPage>(NOTIFICATIONS_KEY, (page) => {
    if (!page) return page;
    const newlyRead = page.items.filter((n) => n.readAt === null && isTarget(n)).length;
    return {
      ...page,
      items: page.items.map((n) => (n.readAt === null && isTarget(n) ? { ...n, readAt: now } : n)),
      unreadCount: Math.max(0, page.unreadCount - newlyRead),
    };
  });
}

function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (target: { id: string } | 'all') =>
      api<void>(
        target === 'all' ? '/api/notifications/read-all' : `/api/notifications/${encodeURIComponent(target.id)}/read`,
        { method: 'POST' },
      ),
    onMutate: async (target) => {
      await queryClient.cancelQueries({ queryKey: NOTIFICATIONS_KEY });
      const previous = queryClient.getQueryData<NotificationPage>(NOTIFICATIONS_KEY);
      markReadInCache(queryClient, target === 'all' ? () => true : (n) => n.id === target.id);
      if (target === 'all') {
        // read-all also covers notifications beyond the loaded page.
        queryClient.setQueryData<NotificationPage>(NOTIFICATIONS_KEY, (page) => page && { ...page, unreadCount: 0 });
      }
      return { previous };
    },
    onError: (_error, _target, context) => {
      if (context?.previous) queryClient.setQueryData(NOTIFICATIONS_KEY, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function NotificationBell({ onOpenTask }: { onOpenTask: (taskId: string) => void }) {
  const dialogId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const notifications = useNotifications();
  const markRead = useMarkRead();

  const unreadCount = notifications.data?.unreadCount ?? 0;
  const items = notifications.data?.items ?? [];

  // The dropdown is non-modal: a click outside closes it, and so does Escape wherever focus is.
  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !wrapperRef.current?.contains(event.target)) setIsOpen(false);
    };
    const onKeyDown = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setIsOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [isOpen]);

  useEffect(() => {
    if (isOpen) dialogRef.current?.focus();
  }, [isOpen]);

  function markAllRead() {
    // The button disables itself once nothing is unread; keep focus inside the dialog.
    dialogRef.current?.focus();
    markRead.mutate('all');
  }

  const label = unreadCount > 0 ? `Notifications, ${unreadCount} unread` : 'Notifications';

  return (
    <div className="bell" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        className="icon-button bell-button"
        aria-label={label}
        aria-haspopup="dialog"
        aria-expanded={isOpen}
        aria-controls={isOpen ? dialogId : undefined}
        onClick={() => setIsOpen((open) => !open)}
      >
        <BellIcon />
        {unreadCount > 0 ? (
          <span className="bell-count" aria-hidden="true">
            {unreadCount > 99 ? '99+' : unreadCount}
          </span>
        ) : null}
      </button>
      {isOpen ? (
        <div
          ref={dialogRef}
          id={dialogId}
          className="bell-panel"
          role="dialog"
          aria-label="Notifications"
          tabIndex={-1}
        >
          <div className="bell-panel-header">
            <h2>Notifications</h2>
            <button type="button" className="button small" onClick={markAllRead} disabled={unreadCount === 0}>
              Mark all read
            </button>
          </div>
          {notifications.isPending ? <p className="muted">Loading…</p> : null}
          {notifications.isError ? (
            <p className="form-error" role="alert">
              Could not load notifications: {errorMessage(notifications.error)}
            </p>
          ) : null}
          {markRead.isError ? (
            <p className="form-error" role="alert">
              {errorMessage(markRead.error)}
            </p>
          ) : null}
          {notifications.isSuccess && items.length === 0 ? <p className="muted">No notifications yet.</p> : null}
          {items.length > 0 ? (
            <ul className="notification-list">
              {items.map((notification) => {
                const isUnread = notification.readAt === null;
                return (
                  <li key={notification.id}>
                    <button
                      type="button"
                      className={`notification${isUnread ? ' is-unread' : ''}`}
                      onClick={() => {
                        if (isUnread) markRead.mutate({ id: notification.id });
                        setIsOpen(false);
                        onOpenTask(notification.taskId);
                      }}
                    >
                      {isUnread ? <span className="visually-hidden">Unread: </span> : null}
                      <span className="notification-title">{notification.title}</span>
                      {notification.body ? <span className="notification-body">{notification.body}</span> : null}
                      <time
                        className="notification-time"
                        dateTime={notification.createdAt}
                        title={formatFull(notification.createdAt)}
                      >
                        {formatWhen(notification.createdAt)}
                      </time>
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0"
      />
    </svg>
  );
}
