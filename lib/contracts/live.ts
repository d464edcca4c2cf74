// The browser's live stream (`GET /api/events`): its SSE event names, shared by web and the browser.

export const SSE_EVENTS = ['ready', 'notification', 'task', 'resync'] as const;
export type SseEvent = (typeof SSE_EVENTS)[number];
