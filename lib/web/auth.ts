// Auth.js: credentials sign-in (and GitHub when its credentials are in the secret store), JWT
// sessions in an HttpOnly cookie. Configured lazily: the secret comes from the Dapr secret store.
import 'server-only';
import NextAuth, { type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import { z } from 'zod';
import { SECRETS } from '@/lib/contracts';
import { getOptionalSecret, getSecret } from '@/lib/dapr/secrets';
import { isSessionCurrent, SESSION_MAX_AGE_S } from './sessions';
import { verifyCredentials } from './users';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name?: string | null };
  }
}

const CredentialsSchema = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(200) });

async function config(): Promise<NextAuthConfig> {
  const [secret, githubId, githubSecret] = await Promise.all([
    getSecret(SECRETS.authSecret),
    getOptionalSecret('github-client-id'),
    getOptionalSecret('github-client-secret'),
  ]);
  return {
    secret,
    trustHost: true,
    // Sliding: a session lasts SESSION_MAX_AGE_S after its last renewal; a page load renews it
    // when it is older than a day.
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S, updateAge: 24 * 3600 },
    pages: { signIn: '/signin' },
    providers: [
      Credentials({
        id: 'credentials',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(raw) {
          const parsed = CredentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          return verifyCredentials(parsed.data.email, parsed.data.password);
        },
      }),
      ...(githubId && githubSecret ? [GitHub({ clientId: githubId, clientSecret: githubSecret })] : []),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user?.id) {
          token.sub = user.id;
          if ('sessionVersion' in user && typeof user.sessionVersion === 'number') token.sv = user.sessionVersion;
          return token;
        }
        // A session from before "sign out everywhere" or a password change ends here.
        if (token.sub && !(await isSessionCurrent(token.sub, token.sv))) return null;
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

// Sign-in and sign-out run in the browser (components/credentials-sign-in.ts, next-auth/react).
export const { handlers, auth } = NextAuth(config);
