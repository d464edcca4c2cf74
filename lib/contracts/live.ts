// The browser's live stream (`GET /api/events`): its SSE event names and what they carry, shared by
// web and the browser.

export const SSE_EVENTS = ['ready', 'notification', 'task', 'resync', 'replay_failed'] as const;
export type SseEvent = (typeof SSE_EVENTS)[number];

/**
 * `resync`: the stream cannot replay from the browser's Last-Event-ID (a cursor it does not know, or
 * more missed notifications than one replay sends); the browser refetches what it shows.
 */
export type ResyncData = { reason: 'unknown_cursor' | 'too_far_behind' };

/**
 * `replay_failed`: the cursor was fine but reading the missed notifications failed (notification-
 * service unreachable); the browser refetches, and live events keep arriving on the same stream.
 */
export type ReplayFailedData = { reason: 'unavailable' };
