import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './lib/web/db/schema.ts',
  out: './lib/web/db/drizzle',
});
