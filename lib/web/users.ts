import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '@/lib/contracts';
import { getWebDb } from './db/client';
import { users } from './db/schema';

export const RegisterSchema = z.strictObject({
  email: z
    .email('email must be a valid address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  password: z
    .string()
    .min(8, 'password must be at least 8 characters')
    .max(200, 'password must be at most 200 characters'),
  name: z.string().trim().min(1).max(100, 'name must be at most 100 characters').optional(),
});
export type Register = z.infer<typeof RegisterSchema>;

export type PublicUser = { id: string; email: string; name: string | null };

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

export async function verifyCredentials(email: string, password: string): Promise<PublicUser | null> {
  const db = await getWebDb();
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  if (!row) {
    dummyHash ??= hash('not-a-password', ARGON2);
    await verify(await dummyHash, password).catch(() => false);
    return null;
  }
  const isValid = await verify(row.passwordHash, password).catch(() => false);
  return isValid ? { id: row.id, email: row.email, name: row.name } : null;
}
