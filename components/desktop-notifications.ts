// The browser's Notification API: reminders as system notifications while the tab is in the background.
import { useCallback, useSyncExternalStore } from 'react';

export type DesktopPermission = NotificationPermission | 'unsupported';

const isSupported = () => typeof window !== 'undefined' && 'Notification' in window;

const permissionListeners = new Set<() => void>();

function readPermission(): DesktopPermission {
  return isSupported() ? Notification.permission : 'unsupported';
}

/** Shows a reminder as a system notification when the person allowed it and is looking elsewhere. */
export function showDesktopNotification(notification: { id: string; title: string; body: string }) {
  if (!isSupported() || Notification.permission !== 'granted' || document.visibilityState !== 'hidden') return;
  try {
    // The tag folds the same reminder from several open tabs into one notification.
    const shown = new Notification(notification.title, { body: notification.body, tag: `reminder-${notification.id}` });
    shown.onclick = () => {
      window.focus();
      shown.close();
    };
  } catch {
    // Some platforms allow notifications only from a service worker; the in-page toast still shows.
  }
}

/** The current permission, and a request that must run from a click. */
export function useDesktopNotifications() {
  const permission = useSyncExternalStore(
    (onChange) => {
      permissionListeners.add(onChange);
      return () => permissionListeners.delete(onChange);
    },
    readPermission,
    // The server cannot know; render as unsupported until hydrated, so no control flickers on.
    () => 'unsupported' as DesktopPermission,
  );
  const request = useCallback(async () => {
    if (!isSupported()) return;
    await Notification.requestPermission();
    for (const listener of permissionListeners) listener();
  }, []);
  return { permission, request };
}
