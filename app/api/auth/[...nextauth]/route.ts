// /api/auth/*: Auth.js, with sign-in attempts rate-limited per email and per client address.
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { AppError } from '@/lib/contracts';
import { problemResponse } from '@/lib/platform/problem-response';
import { handlers } from '@/lib/web/auth';
import { clientAddress } from '@/lib/web/client-address';
import { hitInOrder, RateLimiter } from '@/lib/web/rate-limit';

const SignInEmailSchema = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase());

const perEmail = new RateLimiter(10, 15 * 60_000);
const perAddress = new RateLimiter(50, 15 * 60_000);

export const GET = handlers.GET;

export async function POST(req: NextRequest): Promise<Response> {
  if (req.nextUrl.pathname.endsWith('/callback/credentials')) {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    // Only a well-formed address is a key: a raw field of any length would let one client fill memory.
    const email = SignInEmailSchema.safeParse(form?.get('email'));
    const wait = hitInOrder([
      [perAddress, clientAddress(req)],
      [perEmail, email.success ? email.data : null],
    ]);
    if (wait) {
      return problemResponse(
        new AppError('rate_limited', `too many sign-in attempts; try again in ${wait} s`, {
          headers: { 'retry-after': String(wait) },
        }),
      );
    }
  }
  return handlers.POST(req);
}
