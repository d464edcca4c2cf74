// Browser helpers for the UI specs: a test that fails on any console error or warning (hydration
// warnings included), sign-up through the form, quick add, rows, axe and screenshots.
import { randomBytes, randomUUID } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { test as base, type ConsoleMessage, expect, type Page, type TestInfo } from '@playwright/test';
import { newClientAddress, randomEmail } from './users';

/**
 * A suffix that keeps titles unique and that the quick-add parser leaves alone: a bare hex
 * token such as "7dec6827" or "6612002d" reads as a date or a duration, "id7dec6827" does not.
 */
export const uniqueSuffix = () => `id${randomBytes(4).toString('hex')}`;

export const test = base.extend<{ consoleProblems: string[] }>({
  // Each test is its own client address: web rate-limits sign-ups and sign-ins per address.
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) =>
    use({ ...extraHTTPHeaders, 'x-forwarded-for': newClientAddress() }),
  // Every page of the test reports its console errors, warnings and uncaught errors here; the
  // test fails if any arrived (a hydration mismatch is a console error in React 19).
  consoleProblems: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const watch = (page: Page) => {
        page.on('console', (message: ConsoleMessage) => {
          if (message.type() === 'error' || message.type() === 'warning') {
            // The message's own source (e.g. the resource that failed to load), then the page.
            const source = message.location().url;
            problems.push(`${message.type()}: ${message.text()} (${source ? `${source} on ` : ''}page ${page.url()})`);
          }
        });
        page.on('pageerror', (error) => problems.push(`pageerror: ${error.message} (${page.url()})`));
      };
      for (const page of context.pages()) watch(page);
      context.on('page', watch);
      await use(problems);
      expect(problems, 'the browser console stays clean').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function signUpThroughUi(page: Page, email = randomEmail('ui')) {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('E2E Person');
  await page.getByLabel('Password').fill(`pw-${randomUUID()}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('button', { name: `Account ${email}` })).toBeVisible();
  return email;
}

export const quickAdd = (page: Page) => page.getByRole('form', { name: 'Add task' });

export async function addTask(page: Page, text: string) {
  const form = quickAdd(page);
  await form.getByLabel('New task').fill(text);
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form.getByLabel('New task')).toHaveValue('');
}

export const taskList = (page: Page) => page.getByRole('list', { name: 'Tasks' });
export const taskRow = (page: Page, title: string) =>
  page.locator('li[data-task-id]').filter({ has: page.getByRole('checkbox', { name: `Complete ${title}` }) });

/** Runs axe on the page as it is now; no violation of any impact is allowed. */
export async function expectNoAxeViolations(page: Page, testInfo: TestInfo, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  await testInfo.attach(`axe ${label}`, {
    body: JSON.stringify({ violations: summary, passes: results.passes.length }, null, 2),
    contentType: 'application/json',
  });
  expect(summary, `axe violations on ${label}`).toEqual([]);
}

export async function screenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: false });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}
