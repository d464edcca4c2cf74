// POST /api/tasks/{id}/reopen (lib/web/handlers/task-actions.ts; production serves it from web-server.ts's fast lane)
export { reopenTask as POST } from '@/lib/web/handlers/task-actions';
