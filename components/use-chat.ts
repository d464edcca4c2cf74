// TanStack Query hooks for the chat assistant (POST/GET/DELETE /api/chat, shapes from lib/contracts/chat).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChatReply, ChatTurn, Conversation, ConversationSummary } from '@/lib/contracts/chat';
import { api } from './api';
import { browserTimeZone } from './datetime';
import { TASKS_KEY } from './use-tasks';

export const CHAT_KEY = ['chat'] as const;
const listKey = [...CHAT_KEY, 'list'] as const;
const conversationKey = (id: string) => [...CHAT_KEY, 'conversation', id] as const;
const chatUrl = (id?: string) => (id ? `/api/chat/${encodeURIComponent(id)}` : '/api/chat');

export function useConversations(isEnabled: boolean) {
  return useQuery({
    queryKey: listKey,
    queryFn: ({ signal }) => api<{ items: ConversationSummary[] }>(chatUrl(), { signal }),
    enabled: isEnabled,
  });
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: conversationKey(id ?? 'none'),
    queryFn: ({ signal }) => api<Conversation>(chatUrl(id ?? undefined), { signal }),
    enabled: id !== null,
  });
}

export function useSendMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ message, conversationId }: { message: string; conversationId: string | null }) =>
      api<ChatReply>(chatUrl(), {
        method: 'POST',
        json: { message, tz: browserTimeZone(), ...(conversationId ? { conversationId } : {}) },
      }),
    onSuccess: (reply, { message, conversationId }) => {
      const at = new Date().toISOString();
      const turns: ChatTurn[] = [
        { role: 'user', text: message, at },
        { role: 'assistant', text: reply.reply, at, actions: reply.actions },
      ];
      // Show the turn at once; the refetch below brings the stored history.
      queryClient.setQueryData<Conversation>(conversationKey(reply.conversationId), (current) =>
        current
          ? { ...current, turns: [...current.turns, ...turns] }
          : { id: reply.conversationId, title: message, updatedAt: at, turns },
      );
      if (conversationId !== reply.conversationId) void queryClient.invalidateQueries({ queryKey: listKey });
      void queryClient.invalidateQueries({ queryKey: conversationKey(reply.conversationId) });
      void queryClient.invalidateQueries({ queryKey: listKey });
      // The live stream also carries these; refetching now makes the list change with the reply.
      if (reply.actions.some((action) => action.kind !== 'listed')) {
        void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
      }
    },
  });
}

export function useDeleteConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(chatUrl(id), { method: 'DELETE' }),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: conversationKey(id) });
      queryClient.setQueryData<{ items: ConversationSummary[] }>(
        listKey,
        (list) => list && { items: list.items.filter((c) => c.id !== id) },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: listKey }),
  });
}
