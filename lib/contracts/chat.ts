// Chat shapes (flow 5): the public API of web's /api/chat and what the browser renders.
import { z } from 'zod';
import { CHAT_MESSAGE_MAX } from './rules';
import { multilineText } from './text';

export { CHAT_MESSAGE_MAX };
/** Turns kept per conversation (a turn is one user message and the assistant's reply). */
export const CHAT_TURNS_KEPT = 50;
/** Conversations expire this long after their last turn (the state store's TTL). */
export const CHAT_TTL_SECONDS = 30 * 24 * 60 * 60;
/** Chat turns a user may send per minute, across every web replica. */
export const CHAT_TURNS_PER_MINUTE = 60;

export const ConversationIdSchema = z.uuid({ message: 'conversationId must be a UUID' });

export const ChatRequestSchema = z.strictObject({
  message: multilineText('message')
    .trim()
    .min(1, 'message must not be empty')
    .max(CHAT_MESSAGE_MAX, `message must be at most ${CHAT_MESSAGE_MAX} characters`),
  conversationId: ConversationIdSchema.optional(),
  /** The browser's IANA time zone; without it the user's last known zone, else UTC. */
  tz: z.string().max(64).optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const CHAT_ACTION_KINDS = ['created', 'listed', 'completed', 'reopened', 'deleted', 'updated'] as const;

/** One thing the assistant did, shown as a small card linking to the task it touched. */
export const ChatActionSchema = z.object({
  kind: z.enum(CHAT_ACTION_KINDS),
  taskId: z.uuid().optional(),
  title: z.string(),
  /** A short human summary, e.g. "due Tomorrow 09:00". */
  detail: z.string().optional(),
});
export type ChatAction = z.infer<typeof ChatActionSchema>;

export const ChatReplySchema = z.object({
  conversationId: ConversationIdSchema,
  reply: z.string(),
  actions: z.array(ChatActionSchema),
});
export type ChatReply = z.infer<typeof ChatReplySchema>;

export const ChatTurnSchema = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  at: z.string(),
  actions: z.array(ChatActionSchema).optional(),
});
export type ChatTurn = z.infer<typeof ChatTurnSchema>;

export const ConversationSummarySchema = z.object({
  id: ConversationIdSchema,
  title: z.string(),
  updatedAt: z.string(),
});
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const ConversationListSchema = z.object({ items: z.array(ConversationSummarySchema) });
export const ConversationSchema = ConversationSummarySchema.extend({ turns: z.array(ChatTurnSchema) });
export type Conversation = z.infer<typeof ConversationSchema>;
