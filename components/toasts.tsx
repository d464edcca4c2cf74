'use client';
// Transient messages (reminders, "Completed … Undo") announced politely to screen readers.

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

export interface ToastInput {
  /** Same id replaces the toast (e.g. a notification replayed after reconnecting). */
  id?: string;
  title: string;
  body?: string;
  kind?: 'info' | 'reminder' | 'error';
  action?: { label: string; run: () => void };
  durationMs?: number;
}

interface Toast extends ToastInput {
  id: string;
}

interface ToastApi {
  show: (toast: ToastInput) => string;
  dismiss: (id: string) => void;
}

const DEFAULT_MS = 6_000;
const MAX_TOASTS = 4;

const ToastContext = createContext<ToastApi | null>(null);

export function useToasts(): ToastApi {
  const context = useContext(ToastContext);
  if (!context) throw new Error('useToasts needs a <ToastProvider>');
  return context;
}

let counter = 0;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: string) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
    const timer = timers.current.get(id);
    if (timer) clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const show = useCallback(
    (input: ToastInput) => {
      counter += 1;
      const id = input.id ?? `toast-${counter}`;
      setToasts((current) => [...current.filter((t) => t.id !== id), { ...input, id }].slice(-MAX_TOASTS));
      const previous = timers.current.get(id);
      if (previous) clearTimeout(previous);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), input.durationMs ?? DEFAULT_MS),
      );
      return id;
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  const value = useMemo(() => ({ show, dismiss }), [show, dismiss]);

  return (
    <ToastContext.Provider value={value}>
      {children}
      {/* The live region stays mounted so assistive technology notices what is added to it. */}
      <section className="toasts" aria-label="Messages" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.kind ?? 'info'}`} role="status">
            <div className="toast-text">
              <strong className="toast-title">{toast.title}</strong>
              {toast.body ? <span className="toast-body">{toast.body}</span> : null}
            </div>
            {toast.action ? (
              <button
                type="button"
                className="button small toast-action"
                onClick={() => {
                  toast.action?.run();
                  dismiss(toast.id);
                }}
              >
                {toast.action.label}
              </button>
            ) : null}
            <button
              type="button"
              className="icon-button"
              onClick={() => dismiss(toast.id)}
              aria-label={`Dismiss: ${toast.title}`}
            >
              ×
            </button>
          </div>
        ))}
      </section>
    </ToastContext.Provider>
  );
}
