'use client';
// The header's right side: theme switch, and the account menu (e-mail reminders, desktop
// notifications, shortcuts, sign out).

import { signOut } from 'next-auth/react';
import { useEffect, useId, useRef, useState } from 'react';
import { useDesktopNotifications } from './desktop-notifications';
import { EmailRemindersToggle } from './email-reminders-toggle';
import { Icon, type IconName } from './icons';
import { applyTheme, type Theme } from './theme';

const NEXT_THEME: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };
const THEME_ICONS: Record<Theme, IconName> = { system: 'monitor', light: 'sun', dark: 'moon' };
const THEME_NAMES: Record<Theme, string> = { system: 'system', light: 'light', dark: 'dark' };

export function ThemeToggle({ initialTheme }: { initialTheme: Theme }) {
  const [theme, setTheme] = useState(initialTheme);
  const next = NEXT_THEME[theme];
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={`Theme: ${THEME_NAMES[theme]}. Switch to ${THEME_NAMES[next]}`}
      title={`Theme: ${THEME_NAMES[theme]}`}
      onClick={() => {
        applyTheme(next);
        setTheme(next);
      }}
    >
      <Icon name={THEME_ICONS[theme]} size={18} />
    </button>
  );
}

export function AccountMenu({ email, onShowShortcuts }: { email: string; onShowShortcuts: () => void }) {
  const menuId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [isSigningOut, setIsSigningOut] = useState(false);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const desktop = useDesktopNotifications();

  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !wrapperRef.current?.contains(event.target)) setIsOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
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

  async function handleSignOut() {
    setIsSigningOut(true);
    try {
      await signOut({ redirectTo: '/signin' });
    } catch {
      setIsSigningOut(false);
    }
  }

  return (
    <div className="account" ref={wrapperRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button small account-button"
        aria-expanded={isOpen}
        aria-controls={isOpen ? menuId : undefined}
        aria-label={`Account ${email}`}
        onClick={() => setIsOpen((open) => !open)}
      >
        <span className="avatar" aria-hidden="true">
          {email.slice(0, 1).toUpperCase()}
        </span>
        <span className="account-email">{email}</span>
      </button>
      {isOpen ? (
        <div id={menuId} className="popover account-panel">
          <p className="account-signed-in">
            Signed in as <strong>{email}</strong>
          </p>
          <EmailRemindersToggle />
          <DesktopNotificationsSetting permission={desktop.permission} onRequest={() => void desktop.request()} />
          <button
            type="button"
            className="button small"
            onClick={() => {
              setIsOpen(false);
              onShowShortcuts();
            }}
          >
            <Icon name="keyboard" /> Keyboard shortcuts
          </button>
          <button type="button" className="button small" onClick={() => void handleSignOut()} disabled={isSigningOut}>
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}

function DesktopNotificationsSetting({
  permission,
  onRequest,
}: {
  permission: ReturnType<typeof useDesktopNotifications>['permission'];
  onRequest: () => void;
}) {
  if (permission === 'unsupported') return null;
  if (permission === 'granted') return <p className="setting muted">Desktop reminders are on.</p>;
  if (permission === 'denied') {
    return <p className="setting muted">Desktop reminders are blocked in this browser's site settings.</p>;
  }
  return (
    <button type="button" className="button small" onClick={onRequest}>
      <Icon name="bell" /> Desktop reminders
    </button>
  );
}
