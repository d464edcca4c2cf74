// Browser specs: the task app in Chromium against the real stack (web's built server + services under daprd).
import { randomUUID } from 'node:crypto';
import { test as base, expect, type Page } from '@playwright/test';
import { uniqueSuffix } from './support/ui';
import { baseUrlOf, newClientAddress, randomEmail, register } from './support/users';

// Each test is its own client address: web rate-limits sign-ups and sign-ins per address.
const test = base.extend({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, use) =>
    use({ ...extraHTTPHeaders, 'x-forwarded-for': newClientAddress() }),
});

test.describe.configure({ mode: 'parallel' });

async function signUpThroughUi(page: Page, email = randomEmail('ui')) {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Name').fill('E2E Person');
  await page.getByLabel('Password').fill(`pw-${randomUUID()}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText(email)).toBeVisible();
  return email;
}

// Titles end in uniqueSuffix(): the add box reads dates, tags and priorities out of what is typed.
async function addTask(page: Page, title: string) {
  const form = page.getByRole('form', { name: 'Add task' });
  await form.getByLabel('New task').fill(title);
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form.getByLabel('New task')).toHaveValue('');
}

const taskList = (page: Page) => page.getByRole('list', { name: 'Tasks' });
const taskRow = (page: Page, title: string) => taskList(page).getByRole('listitem').filter({ hasText: title });

test('a visitor without a session is sent from / to /signin', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
});

test('sign up at /signup, add a task that survives a reload, complete it into the Completed view', async ({ page }) => {
  await signUpThroughUi(page);
  await expect(page.getByText('No tasks yet')).toBeVisible();

  const title = `Buy milk ${uniqueSuffix()}`;
  const other = `Walk the dog ${uniqueSuffix()}`;
  await addTask(page, title);
  await expect(taskRow(page, title)).toBeVisible();
  await addTask(page, other);
  await expect(taskRow(page, other)).toBeVisible();

  await page.reload();
  await expect(taskRow(page, title)).toBeVisible();
  await expect(taskRow(page, other)).toBeVisible();

  const checkbox = page.getByRole('checkbox', { name: `Complete ${title}` });
  await expect(checkbox).not.toBeChecked();
  // A controlled checkbox: it shows the new state once the optimistic update renders, so click
  // and wait for it rather than check(), which insists the state flips synchronously.
  await checkbox.click();
  await expect(checkbox).toBeChecked();

  const completedTab = page.getByRole('tab', { name: 'Completed' });
  await completedTab.click();
  await expect(completedTab).toHaveAttribute('aria-selected', 'true');
  await expect(taskRow(page, title)).toBeVisible();
  await expect(taskRow(page, other)).toHaveCount(0);

  // The completion is stored, not only shown.
  await page.reload();
  await page.getByRole('tab', { name: 'Completed' }).click();
  await expect(taskRow(page, title)).toBeVisible();
  await expect(page.getByRole('checkbox', { name: `Complete ${title}` })).toBeChecked();
  await expect(taskRow(page, other)).toHaveCount(0);
});

test('the add form refuses an empty title without sending it', async ({ page }) => {
  await signUpThroughUi(page);
  const form = page.getByRole('form', { name: 'Add task' });
  await form.getByLabel('New task').fill('   ');
  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form.getByText('Give the task a title')).toBeVisible();
  await expect(taskList(page).getByRole('listitem')).toHaveCount(0);
});

test('sign-up with a taken email tells the person so', async ({ page, baseURL }) => {
  const email = randomEmail('taken');
  expect((await register(baseUrlOf(baseURL), { email, password: 'long enough to pass' })).status).toBe(201);
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('another long one');
  await page.getByRole('button', { name: 'Create account' }).click();
  // Next.js adds an empty role=alert route announcer; pick the form's own alert.
  await expect(page.getByRole('alert').filter({ hasText: 'already exists' })).toBeVisible();
  await expect(page).toHaveURL(/\/signup/);
});

test('sign in at /signin: a wrong password is refused, the right one opens the app', async ({ page, baseURL }) => {
  const email = randomEmail('signin-ui');
  const password = `pw-${randomUUID()}`;
  expect((await register(baseUrlOf(baseURL), { email, password })).status).toBe(201);

  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password' })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);

  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText(email)).toBeVisible();
});

test('a second tab of the same user shows a new and a completed task without reloading (SSE)', async ({
  page,
  context,
}) => {
  await signUpThroughUi(page);
  const second = await context.newPage();
  // Wait until the second tab's event stream is open before changing anything.
  const isStreaming = second.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
  await second.goto('/');
  await isStreaming;
  await expect(second.getByText('No tasks yet')).toBeVisible();

  const title = `Live ${uniqueSuffix()}`;
  await addTask(page, title);
  await expect(taskRow(second, title)).toBeVisible({ timeout: 20_000 });

  await page.getByRole('checkbox', { name: `Complete ${title}` }).click();
  await expect(page.getByRole('checkbox', { name: `Complete ${title}` })).toBeChecked();
  await expect(second.getByRole('checkbox', { name: `Complete ${title}` })).toBeChecked({ timeout: 20_000 });
});
