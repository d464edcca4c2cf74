'use client';
// Single-key shortcuts (as in Gmail, Todoist): active unless the person is typing or a dialog is open.

import { useEffect, useRef } from 'react';
import { Dialog } from './dialog';

export const SHORTCUTS = [
  { key: 'q', action: 'Quick add a task' },
  { key: '/', action: 'Search tasks' },
  { key: 'c', action: 'Open or close the assistant' },
  { key: 'j', action: 'Next task' },
  { key: 'k', action: 'Previous task' },
  { key: 'x', action: 'Complete or reopen the selected task' },
  { key: 'e', action: 'Edit the selected task' },
  { key: '?', action: 'Show these shortcuts' },
] as const;

export type ShortcutKey = (typeof SHORTCUTS)[number]['key'];
const KEYS = new Set<string>(SHORTCUTS.map((s) => s.key));

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
  return false;
}

export function useShortcuts(handler: (key: ShortcutKey) => void) {
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (!KEYS.has(event.key) || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      handlerRef.current(event.key as ShortcutKey);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

export function ShortcutHelp({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Keyboard shortcuts" className="help-dialog">
      <dl className="shortcut-list">
        {SHORTCUTS.map((shortcut) => (
          <div key={shortcut.key} className="shortcut">
            <dt>
              <kbd>{shortcut.key}</kbd>
            </dt>
            <dd>{shortcut.action}</dd>
          </div>
        ))}
        <div className="shortcut">
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>Close a dialog or the assistant</dd>
        </div>
      </dl>
      <div className="editor-actions">
        <button type="button" className="button primary" onClick={onClose}>
          Got it
        </button>
      </div>
    </Dialog>
  );
}
