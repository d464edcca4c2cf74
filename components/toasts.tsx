'use client';
// Transient messages (new notifications) announced politely to screen readers.

import type { Toast } from './live-events';

export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss: (id: string) => void }) {
  // The live region stays mounted so assistive technology notices what is added to it.
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast">
          <div className="toast-text">
            <strong className="toast-title">{toast.title}</strong>
            {toast.body ? <span className="toast-body">{toast.body}</span> : null}
          </div>
          <button
            type="button"
            className="icon-button"
            onClick={() => onDismiss(toast.id)}
            aria-label={`Dismiss ${toast.title}`}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
