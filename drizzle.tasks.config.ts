import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/task-service/src/db/schema.ts',
  out: './services/task-service/drizzle',
});
