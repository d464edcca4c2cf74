// GET /api/events (lib/web/handlers/events.ts; production serves it from web-server.ts's fast lane)
export { GET } from '@/lib/web/handlers/events';
