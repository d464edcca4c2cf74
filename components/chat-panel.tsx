'use client';
// The assistant: a drawer beside the list on wide screens, a full-screen sheet on phones.
// Conversation list, new conversation, delete; what the assistant did shows as cards that open the task.

import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { ChatAction, ChatTurn } from '@/lib/contracts/chat';
import { CHAT_MESSAGE_MAX } from '@/lib/contracts/rules';
import { errorMessage } from './api';
import { formatWhen } from './datetime';
import { Icon } from './icons';
import { useConversation, useConversations, useDeleteConversation, useSendMessage } from './use-chat';

const EXAMPLES = [
  'remind me to call mom in 20 minutes',
  "what's due today?",
  'add pay rent every month on the 1st',
  'show overdue tasks',
];

const ACTION_LABELS: Record<ChatAction['kind'], string> = {
  created: 'Added',
  listed: 'Found',
  completed: 'Completed',
  reopened: 'Reopened',
  deleted: 'Deleted',
  updated: 'Updated',
};

export function ChatPanel({
  isOpen,
  onClose,
  onOpenTask,
}: {
  isOpen: boolean;
  onClose: () => void;
  onOpenTask: (taskId: string) => void;
}) {
  const headingId = useId();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const logRef = useRef<HTMLOListElement>(null);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [isListOpen, setIsListOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [pending, setPending] = useState<string | null>(null);
  const conversations = useConversations(isOpen);
  const conversation = useConversation(conversationId);
  const send = useSendMessage();
  const remove = useDeleteConversation();

  useEffect(() => {
    if (isOpen) inputRef.current?.focus();
  }, [isOpen]);

  const turns: ChatTurn[] = conversation.data?.turns ?? [];
  const turnCount = turns.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when turns arrive or a message is sent
  useEffect(() => {
    logRef.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [turnCount, pending]);

  function submit(message: string) {
    const text = message.trim();
    if (!text || send.isPending) return;
    setPending(text);
    setDraft('');
    send.mutate(
      { message: text, conversationId },
      {
        onSuccess: (reply) => setConversationId(reply.conversationId),
        onError: () => setDraft((current) => (current === '' ? text : current)),
        onSettled: () => setPending(null),
      },
    );
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit(draft);
  }

  function handleKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends, Shift+Enter starts a new line (as in every chat app).
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit(draft);
    }
  }

  function startNew() {
    setConversationId(null);
    setIsListOpen(false);
    send.reset();
    inputRef.current?.focus();
  }

  if (!isOpen) return null;

  const items = conversations.data?.items ?? [];

  return (
    <aside
      className="chat"
      aria-labelledby={headingId}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header className="chat-header">
        <h2 id={headingId}>Assistant</h2>
        <div className="chat-header-actions">
          <button
            type="button"
            className="button small"
            aria-expanded={isListOpen}
            aria-controls={isListOpen ? 'chat-conversations' : undefined}
            onClick={() => setIsListOpen((open) => !open)}
          >
            Conversations{items.length ? ` (${items.length})` : ''}
          </button>
          <button type="button" className="button small" onClick={startNew}>
            New chat
          </button>
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close assistant">
            <Icon name="close" />
          </button>
        </div>
      </header>
      {isListOpen ? (
        <nav id="chat-conversations" className="chat-conversations" aria-label="Conversations">
          {conversations.isPending ? <p className="muted">Loading…</p> : null}
          {conversations.isError ? (
            <p className="form-error" role="alert">
              Could not load conversations: {errorMessage(conversations.error)}
            </p>
          ) : null}
          {conversations.isSuccess && items.length === 0 ? <p className="muted">No conversations yet.</p> : null}
          <ul>
            {items.map((item) => (
              <li key={item.id} className={item.id === conversationId ? 'is-active' : undefined}>
                <button
                  type="button"
                  className="conversation-open"
                  aria-current={item.id === conversationId ? 'true' : undefined}
                  onClick={() => {
                    setConversationId(item.id);
                    setIsListOpen(false);
                  }}
                >
                  <span className="conversation-title">{item.title}</span>
                  <time dateTime={item.updatedAt} className="muted">
                    {formatWhen(item.updatedAt)}
                  </time>
                </button>
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={`Delete conversation ${item.title}`}
                  disabled={remove.isPending}
                  onClick={() => {
                    // Leave the conversation before it goes: were it still shown when the delete
                    // lands, its query would refetch it and get a 404.
                    if (item.id === conversationId) setConversationId(null);
                    remove.mutate(item.id);
                  }}
                >
                  <Icon name="trash" />
                </button>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be read */}
      <ol ref={logRef} className="chat-log" aria-label="Messages" aria-live="polite" tabIndex={0}>
        {turns.length === 0 && !pending ? (
          <li className="chat-welcome">
            <p>Tell me what to do, in plain words. For example:</p>
            <ul className="chat-examples">
              {EXAMPLES.map((example) => (
                <li key={example}>
                  <button type="button" className="chip chip-button" onClick={() => submit(example)}>
                    {example}
                  </button>
                </li>
              ))}
            </ul>
          </li>
        ) : null}
        {turns.map((turn, index) => (
          // Turns have no id; their order in a conversation never changes.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={index} className={`bubble bubble-${turn.role}`}>
            <span className="visually-hidden">{turn.role === 'user' ? 'You:' : 'Assistant:'} </span>
            <p className="bubble-text">{turn.text}</p>
            {turn.actions?.length ? <ActionCards actions={turn.actions} onOpenTask={onOpenTask} /> : null}
          </li>
        ))}
        {pending ? (
          <>
            <li className="bubble bubble-user">
              <span className="visually-hidden">You: </span>
              <p className="bubble-text">{pending}</p>
            </li>
            <li className="bubble bubble-assistant is-typing" aria-label="Assistant is replying">
              <span className="dot" />
              <span className="dot" />
              <span className="dot" />
            </li>
          </>
        ) : null}
      </ol>
      {send.isError ? (
        <p className="form-error chat-error" role="alert">
          {errorMessage(send.error)}
        </p>
      ) : null}
      <form className="chat-form" onSubmit={handleSubmit} aria-label="Message the assistant">
        <label htmlFor="chat-input" className="visually-hidden">
          Message
        </label>
        <textarea
          ref={inputRef}
          id="chat-input"
          rows={1}
          maxLength={CHAT_MESSAGE_MAX}
          placeholder="Ask or tell me something…"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={handleKeyDown}
        />
        <button type="submit" className="button primary" disabled={send.isPending || !draft.trim()}>
          <Icon name="send" />
          <span>Send</span>
        </button>
      </form>
    </aside>
  );
}

function ActionCards({ actions, onOpenTask }: { actions: ChatAction[]; onOpenTask: (taskId: string) => void }) {
  return (
    <ul className="action-cards" aria-label="What the assistant did">
      {actions.map((action, index) => {
        const body = (
          <>
            <span className={`action-kind action-${action.kind}`}>{ACTION_LABELS[action.kind]}</span>
            <span className="action-title">{action.title}</span>
            {action.detail ? <span className="action-detail">{action.detail}</span> : null}
          </>
        );
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: actions of one turn never reorder
          <li key={index}>
            {action.taskId && action.kind !== 'deleted' ? (
              <button
                type="button"
                className="action-card"
                onClick={() => action.taskId && onOpenTask(action.taskId)}
                aria-label={`${ACTION_LABELS[action.kind]}: ${action.title}. Open task`}
              >
                {body}
              </button>
            ) : (
              <div className="action-card">{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
