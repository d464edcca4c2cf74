// Security headers, session versions (sign out everywhere, password change) and sign-in answers
// that do not tell whether an e-mail has an account. Real stack, real browser.
import { expect, test } from '@playwright/test';
import { apiAs } from '../tests/support/session';
import { attemptSignIn, baseUrlOf, newClientAddress, newUser, randomEmail } from './support/users';

test.describe.configure({ mode: 'parallel' });

test('pages carry a nonce CSP, frame-ancestors none, nosniff and a referrer policy; the page runs under it', async ({
  page,
  baseURL,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(m.text());
  });
  const res = await page.goto('/signin');
  const headers = res?.headers() ?? {};
  const csp = headers['content-security-policy'] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  // Next put this request's nonce on its scripts, and a second request gets another nonce.
  const html = (await res?.text()) ?? '';
  expect(html).toContain(`nonce="${nonce}"`);
  const again = await fetch(`${baseUrlOf(baseURL)}/signin`);
  expect(again.headers.get('content-security-policy')).not.toContain(nonce);
  // The page hydrates: its form reacts, and no script was refused.
  await expect(page.getByLabel('Email')).toBeVisible();
  expect(violations).toEqual([]);
});

test('API routes answer with nosniff and a CSP that allows nothing', async ({ baseURL }) => {
  const res = await fetch(`${baseUrlOf(baseURL)}/api/tasks`);
  expect(res.status).toBe(401);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
});

test('POST /api/account/sign-out-everywhere ends every session of the account', async ({ baseURL }) => {
  const url = baseUrlOf(baseURL);
  const user = await newUser(url, 'everywhere');
  const second = await attemptSignIn(url, user.email, user.password, user.address);
  expect(second.isSignedIn).toBe(true);
  const other = apiAs(url, { cookie: second.cookie });
  expect((await user.api('/api/tasks')).status).toBe(200);
  expect((await other('/api/tasks')).status).toBe(200);

  const res = await other('/api/account/sign-out-everywhere', { method: 'POST' });
  expect(res.status).toBe(204);
  expect(res.headers.getSetCookie().some((c) => c.includes('session-token=;'))).toBe(true);
  expect((await user.api('/api/tasks')).status).toBe(401);
  expect((await other('/api/tasks')).status).toBe(401);
  // Signing in again works and gives a session that is valid.
  const fresh = await attemptSignIn(url, user.email, user.password, user.address);
  expect((await apiAs(url, { cookie: fresh.cookie })('/api/tasks')).status).toBe(200);
});

test('POST /api/account/password keeps this session, ends the others, and only the new password signs in', async ({
  baseURL,
}) => {
  const url = baseUrlOf(baseURL);
  const user = await newUser(url, 'password');
  const other = apiAs(url, { cookie: (await attemptSignIn(url, user.email, user.password, user.address)).cookie });
  const newPassword = `new-${randomEmail('pw')}`;

  const wrong = await user.api('/api/account/password', {
    method: 'POST',
    body: { currentPassword: 'not the password', newPassword },
  });
  expect(wrong.status).toBe(400);
  expect(Object.keys(wrong.body.errors)).toContain('currentPassword');
  const short = await user.api('/api/account/password', {
    method: 'POST',
    body: { currentPassword: user.password, newPassword: 'short-pass' },
  });
  expect(short.status).toBe(400);
  expect(Object.keys(short.body.errors)).toContain('newPassword');
  // A refused change changed nothing: both sessions still work.
  expect((await other('/api/tasks')).status).toBe(200);

  const res = await user.api('/api/account/password', {
    method: 'POST',
    body: { currentPassword: user.password, newPassword },
  });
  expect(res.status).toBe(204);
  const reissued = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  expect(reissued).toContain('session-token=');
  expect((await apiAs(url, { cookie: reissued })('/api/tasks')).status).toBe(200);
  expect((await other('/api/tasks')).status).toBe(401);
  expect((await attemptSignIn(url, user.email, user.password, user.address)).isSignedIn).toBe(false);
  expect((await attemptSignIn(url, user.email, newPassword, user.address)).isSignedIn).toBe(true);
});

test('a refused sign-in looks the same for an unknown e-mail and a wrong password', async ({ baseURL }) => {
  const url = baseUrlOf(baseURL);
  const user = await newUser(url, 'enumeration');
  const address = newClientAddress();
  const unknown = await attemptSignIn(url, randomEmail('nobody'), 'some long password', address);
  const wrongPassword = await attemptSignIn(url, user.email, 'some long password', address);
  expect(unknown.isSignedIn).toBe(false);
  expect(wrongPassword.isSignedIn).toBe(false);
  expect(unknown.res.status).toBe(wrongPassword.res.status);
  expect(unknown.res.headers.get('location')).toBe(wrongPassword.res.headers.get('location'));
});

test("one user's failing requests do not cut any other user off from task-service", async ({ baseURL }) => {
  const url = baseUrlOf(baseURL);
  const [noisy, other] = await Promise.all([newUser(url, 'noisy'), newUser(url, 'bystander')]);
  // 40 answers in a row that task-service refuses (404: no such task of this user), sent one by
  // one so a breaker counting consecutive failures of the app would open.
  for (let i = 0; i < 40; i++) {
    const res = await noisy.api(`/api/tasks/${crypto.randomUUID()}`);
    expect(res.status).toBe(404);
  }
  expect((await other.api('/api/tasks')).status).toBe(200);
  const created = await other.api('/api/tasks', { method: 'POST', body: { title: 'still served' } });
  expect(created.status).toBe(201);
});
