// /api/auth/*: Auth.js, with sign-in attempts rate-limited per email and per client address.
import type { NextRequest } from 'next/server';
import { AppError } from '@/lib/contracts';
import { problemResponse } from '@/lib/platform/problem-response';
import { handlers } from '@/lib/web/auth';
import { clientAddress } from '@/lib/web/client-address';
import { RateLimiter } from '@/lib/web/rate-limit';

const perEmail = new RateLimiter(10, 15 * 60_000);
const perAddress = new RateLimiter(50, 15 * 60_000);

export const GET = handlers.GET;

export async function POST(req: NextRequest): Promise<Response> {
  if (req.nextUrl.pathname.endsWith('/callback/credentials')) {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const email = String(form?.get('email') ?? '').toLowerCase();
    const wait = Math.max(perEmail.hit(email), perAddress.hit(clientAddress(req)));
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
