import { ChatRequestSchema } from '@/lib/contracts';
import { readJsonBody } from '@/lib/platform/json-body';
import { listConversations } from '@/lib/web/chat/store';
import { chatTurn, type TurnTiming } from '@/lib/web/chat/turn';
import { webConfig } from '@/lib/web/env';
import { authed } from '@/lib/web/route';

/** Server-Timing of a turn, only when SERVER_TIMING=1 (the chat benchmark reads it). */
function timingHeaders(timing: TurnTiming): Record<string, string> {
  if (webConfig().SERVER_TIMING !== '1') return {};
  const ms = (n: number) => n.toFixed(2);
  return {
    'server-timing': `route;dur=${ms(timing.total)}, tasks;dur=${ms(timing.tasks)}, state;dur=${ms(timing.state)}, answer;dur=${ms(timing.answer)}, engine;desc=${timing.engine}`,
  };
}

// POST /api/chat: one turn of the chat assistant
export const POST = authed(async ({ req, user }) => {
  const start = performance.now();
  const input = await readJsonBody(req, ChatRequestSchema);
  const { reply, timing } = await chatTurn(user.id, input);
  return Response.json(reply, { headers: timingHeaders({ ...timing, total: performance.now() - start }) });
});

// GET /api/chat: the user's conversations, newest first
export const GET = authed(async ({ user }) => Response.json({ items: await listConversations(user.id) }));
