import { AppError, RegisterSchema } from '@/lib/contracts';
import { readJsonBody } from '@/lib/platform/json-body';
import { clientAddress } from '@/lib/web/client-address';
import { RateLimiter } from '@/lib/web/rate-limit';
import { assertSameOrigin, withErrors } from '@/lib/web/route';
import { registerUser } from '@/lib/web/users';

const perAddress = new RateLimiter(20, 15 * 60_000);

// POST /api/register: create an account
export const POST = withErrors(async (req) => {
  assertSameOrigin(req);
  const wait = perAddress.hit(clientAddress(req));
  if (wait)
    throw new AppError('rate_limited', `too many sign-ups; try again in ${wait} s`, {
      headers: { 'retry-after': String(wait) },
    });
  const user = await registerUser(await readJsonBody(req, RegisterSchema));
  return Response.json(user, { status: 201 });
});
