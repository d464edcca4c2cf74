import { AppError, ConversationIdSchema } from '@/lib/contracts';
import { deleteConversation, getConversation } from '@/lib/web/chat/store';
import { authed } from '@/lib/web/route';

type Params = { id: string };

/** A path id that is not a UUID names no conversation: 404, like another user's. */
function conversationIdOf(id: string): string {
  const parsed = ConversationIdSchema.safeParse(id);
  if (!parsed.success) throw new AppError('not_found', `conversation ${id} does not exist`);
  return parsed.data.toLowerCase();
}

// GET /api/chat/{id}: the conversation's history
export const GET = authed<Params>(async ({ user, params }) =>
  Response.json(await getConversation(user.id, conversationIdOf(params.id))),
);

// DELETE /api/chat/{id}
export const DELETE = authed<Params>(async ({ user, params }) => {
  await deleteConversation(user.id, conversationIdOf(params.id));
  return new Response(null, { status: 204 });
});
