// POST /api/internal/fanout/{topic} (lib/web/handlers/fanout.ts; production serves it from web-server.ts's fast lane)
export { POST } from '@/lib/web/handlers/fanout';
