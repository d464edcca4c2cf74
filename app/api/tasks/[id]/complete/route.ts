// POST /api/tasks/{id}/complete (lib/web/handlers/task-actions.ts; production serves it from web-server.ts's fast lane)
export { completeTask as POST } from '@/lib/web/handlers/task-actions';
