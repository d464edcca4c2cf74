import { AppError } from '@/lib/contracts';
import { clientAddress } from '@/lib/server/client-address';
import { RateLimiter } from '@/lib/server/rate-limit';
import { assertSameOrigin, json, jsonBody, withErrors } from '@/lib/server/route';
import { RegisterSchema, registerUser } from '@/lib/server/users';

const perAddress = new RateLimiter(20, 15 * 60_000);

// POST /api/register: create an account
export const POST = withErrors(async (req) => {
  assertSameOrigin(req);
  const wait = perAddress.hit(clientAddress(req));
  if (wait)
    throw new AppError('rate_limited', `too many sign-ups; try again in ${wait} s`, {
      headers: { 'retry-after': String(wait) },
    });
  const user = await registerUser(await jsonBody(req, RegisterSchema));
  return json(user, { status: 201 });
});
