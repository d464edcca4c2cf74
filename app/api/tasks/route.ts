// GET, POST /api/tasks (lib/web/handlers/tasks.ts; production serves them from web-server.ts's fast lane)
export { GET, POST } from '@/lib/web/handlers/tasks';
