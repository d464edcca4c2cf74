import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './services/notification-service/src/db/schema.ts',
  out: './services/notification-service/drizzle',
});
