// Chat state in the Dapr state store: one key per conversation (history and memory) and one per
// user (the conversation list and the last known time zone). Every write is a read-modify-write
// under the key's ETag, so concurrent turns never lose one another; every write renews the TTL.
import 'server-only';
import { z } from 'zod';
import {
  AppError,
  CHAT_TTL_SECONDS,
  CHAT_TURNS_KEPT,
  type ChatTurn,
  ChatTurnSchema,
  COMPONENTS,
  type Conversation,
  type ConversationSummary,
  ConversationSummarySchema,
} from '@/lib/contracts';
import { type CheckedEntry, readState, retryOnConflict, saveAllIfUnchanged } from '@/lib/dapr/state';
import { type Memory, MemorySchema } from './memory';

/** Entries kept per conversation: CHAT_TURNS_KEPT turns of one user message and one reply each. */
export const ENTRIES_KEPT = CHAT_TURNS_KEPT * 2;
/** Conversations listed per user; older ones drop off the list (and expire by TTL). */
export const CONVERSATIONS_LISTED = 100;
const TITLE_MAX = 60;

const StoredConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  turns: z.array(ChatTurnSchema),
  memory: MemorySchema.default({ lastShown: [], pending: null }),
});
export type StoredConversation = z.infer<typeof StoredConversationSchema>;

const ProfileSchema = z.object({
  timeZone: z.string().nullable().default(null),
  conversations: z.array(ConversationSummarySchema).default([]),
});
export type ChatProfile = z.infer<typeof ProfileSchema>;

const store = COMPONENTS.statestore;
export const conversationKey = (userId: string, id: string) => `chat:${userId}:${id}`;
export const profileKey = (userId: string) => `chat:${userId}`;

const notFound = (id: string) => new AppError('not_found', `conversation ${id} does not exist`);

const read = <S extends z.ZodType>(schema: S, key: string) => readState(store, key, schema);

export const loadConversation = async (userId: string, id: string) =>
  (await read(StoredConversationSchema, conversationKey(userId, id))).value;

const EMPTY_PROFILE: ChatProfile = { timeZone: null, conversations: [] };

export const loadProfile = async (userId: string): Promise<ChatProfile> =>
  (await read(ProfileSchema, profileKey(userId))).value ?? EMPTY_PROFILE;

/** What a turn reads before it answers, and writes back after: the conversation and the user's profile. */
export type TurnState = { conversation: CheckedEntry<StoredConversation>; profile: CheckedEntry<ChatProfile> };

/** Reads the conversation (none for a new one) and the profile side by side: one round trip. */
export async function loadTurnState(userId: string, id: string, isNew: boolean): Promise<TurnState> {
  const [conversation, profile] = await Promise.all([
    isNew ? { value: undefined, etag: null } : read(StoredConversationSchema, conversationKey(userId, id)),
    read(ProfileSchema, profileKey(userId)),
  ]);
  return { conversation, profile };
}

const WRITE_ATTEMPTS = 8;

const titleOf = (message: string) =>
  message.length > TITLE_MAX ? `${message.slice(0, TITLE_MAX - 1).trimEnd()}…` : message;

/**
 * Appends one exchange to a conversation (creating it when `isNew`), keeps the last ENTRIES_KEPT
 * entries and stores the turn's memory; the user's list gets the conversation on top and, when the
 * turn named one, the time zone to use for turns sent without one. Both keys are written in one
 * transaction, each under the ETag it was read at (`read`, when the turn already read them): a lost
 * race re-reads and appends again, so two turns sent at once both end up in the history.
 */
export async function commitTurn(
  userId: string,
  id: string,
  exchange: { isNew: boolean; user: ChatTurn; assistant: ChatTurn; memory: Memory; timeZone?: string },
  read?: TurnState,
): Promise<StoredConversation> {
  return retryOnConflict(WRITE_ATTEMPTS, async (attempt) => {
    // A retry must see the conversation even when this turn created it: re-read it as an existing one.
    const state = attempt === 1 && read ? read : await loadTurnState(userId, id, exchange.isNew && attempt === 1);
    const current = state.conversation.value;
    if (!current && !exchange.isNew) throw notFound(id);
    const saved: StoredConversation = {
      id,
      title: current?.title ?? titleOf(exchange.user.text),
      createdAt: current?.createdAt ?? exchange.user.at,
      updatedAt: exchange.assistant.at,
      turns: [...(current?.turns ?? []), exchange.user, exchange.assistant].slice(-ENTRIES_KEPT),
      memory: exchange.memory,
    };
    const profile = state.profile.value ?? EMPTY_PROFILE;
    const nextProfile: ChatProfile = {
      timeZone: exchange.timeZone ?? profile.timeZone,
      conversations: [
        { id, title: saved.title, updatedAt: saved.updatedAt },
        ...profile.conversations.filter((c) => c.id !== id),
      ].slice(0, CONVERSATIONS_LISTED),
    };
    await saveAllIfUnchanged(store, [
      { key: conversationKey(userId, id), value: saved, etag: state.conversation.etag, ttlSeconds: CHAT_TTL_SECONDS },
      { key: profileKey(userId), value: nextProfile, etag: state.profile.etag, ttlSeconds: CHAT_TTL_SECONDS },
    ]);
    return saved;
  });
}

/** The user's conversations, newest first; entries whose conversation has expired are left out. */
export async function listConversations(userId: string, now = new Date()): Promise<ConversationSummary[]> {
  const oldest = now.getTime() - CHAT_TTL_SECONDS * 1000;
  const { conversations } = await loadProfile(userId);
  return conversations
    .filter((c) => Date.parse(c.updatedAt) > oldest)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export async function getConversation(userId: string, id: string): Promise<Conversation> {
  const stored = await loadConversation(userId, id);
  if (!stored) throw notFound(id);
  return { id: stored.id, title: stored.title, updatedAt: stored.updatedAt, turns: stored.turns };
}

/**
 * Deletes a conversation and takes it off the user's list in one transaction (both under the
 * versions read, side by side): a turn that lands in between makes it read again and retry.
 */
export async function deleteConversation(userId: string, id: string): Promise<void> {
  await retryOnConflict(WRITE_ATTEMPTS, async () => {
    const { conversation, profile } = await loadTurnState(userId, id, false);
    if (!conversation.value || !conversation.etag) throw notFound(id);
    const current = profile.value ?? EMPTY_PROFILE;
    await saveAllIfUnchanged(store, [
      { key: conversationKey(userId, id), isDelete: true, etag: conversation.etag },
      {
        key: profileKey(userId),
        value: { ...current, conversations: current.conversations.filter((c) => c.id !== id) },
        etag: profile.etag,
        ttlSeconds: CHAT_TTL_SECONDS,
      },
    ]);
  });
}
