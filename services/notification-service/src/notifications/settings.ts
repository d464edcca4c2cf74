import { eq } from 'drizzle-orm';
import type { Settings } from '@/lib/contracts';
import type { Db } from '../db/client';
import { userSettings } from '../db/schema';

export async function getSettings(db: Db, userId: string): Promise<Settings> {
  const [row] = await db.select().from(userSettings).where(eq(userSettings.userId, userId));
  return { emailReminders: row?.emailReminders ?? false };
}

export async function putSettings(
  db: Db,
  userId: string,
  settings: Settings & { email: string | null },
): Promise<Settings> {
  await db
    .insert(userSettings)
    .values({ userId, ...settings })
    .onConflictDoUpdate({ target: userSettings.userId, set: settings });
  return { emailReminders: settings.emailReminders };
}
