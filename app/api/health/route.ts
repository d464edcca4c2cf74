// GET /api/health (lib/web/handlers/health.ts; production serves it from web-server.ts's fast lane)
export { GET } from '@/lib/web/handlers/health';
