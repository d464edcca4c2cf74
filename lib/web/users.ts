import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import { AppError, type ChangePassword, type Register } from '@/lib/contracts';
import { getWebDb } from './db/client';
import { users } from './db/schema';

export type PublicUser = { id: string; email: string; name: string | null };
export type SignedInUser = PublicUser & { sessionVersion: number };

// argon2id with OWASP's recommended minimums (19 MiB, 2 iterations).
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function registerUser(input: Register): Promise<PublicUser> {
  const db = await getWebDb();
  const passwordHash = await hash(input.password, ARGON2);
  const [row] = await db
    .insert(users)
    .values({ email: input.email, name: input.name ?? null, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!row) throw new AppError('conflict', 'an account with this email already exists; sign in instead');
  return row;
}

// A hash to verify against when the email is unknown, so both cases take the same time.
let dummyHash: Promise<string> | undefined;

export async function verifyCredentials(email: string, password: string): Promise<SignedInUser | null> {
  const db = await getWebDb();
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  if (!row) {
    dummyHash ??= hash('not-a-password', ARGON2);
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const isValid = await verify(row.passwordHash, password).catch(() => false);
  return isValid ? { id: row.id, email: row.email, name: row.name, sessionVersion: row.sessionVersion } : null;
}

/** Changes the password after checking the current one; every other session ends (the caller re-issues its own). */
export async function changePassword(userId: string, input: ChangePassword): Promise<void> {
  const db = await getWebDb();
  const [row] = await db.select().from(users).where(eq(users.id, userId));
  const isValid = row ? await verify(row.passwordHash, input.currentPassword).catch(() => false) : false;
  if (!isValid) {
    throw new AppError('bad_request', 'the current password is not correct', {
      errors: { currentPassword: ['the current password is not correct'] },
    });
  }
  await db
    .update(users)
    .set({ passwordHash: await hash(input.newPassword, ARGON2) })
    .where(eq(users.id, userId));
}
