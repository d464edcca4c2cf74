// GET, PATCH, DELETE /api/tasks/{id} (lib/web/handlers/task.ts; production serves them from web-server.ts's fast lane)
export { DELETE, GET, PATCH } from '@/lib/web/handlers/task';
