// The browser app as a person uses it, in Chromium against the real stack: quick add with the
// parsed preview, rows, the edit dialog, Undo, views and counts, tags, search, the keyboard, axe on
// every page and dialog, a phone-sized window and dark mode. Every test fails on a console error.
import type { Page } from '@playwright/test';
import {
  addTask,
  expect,
  expectNoAxeViolations,
  quickAdd,
  screenshot,
  signUpThroughUi,
  taskRow,
  test,
  uniqueSuffix,
} from './support/ui';

test.describe.configure({ mode: 'parallel' });

const tab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}\\b`) });
const toast = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text });

test('quick add shows what it understood as chips, stores the title without them, and the row shows them', async ({
  page,
}, testInfo) => {
  await signUpThroughUi(page);
  const form = quickAdd(page);
  await form.getByLabel('New task').fill('Water plants tomorrow 8am #home !high');

  // The preview before adding: title, due, tag and priority.
  const preview = form.locator('#quick-add-preview');
  await expect(preview.getByText('Water plants')).toBeVisible();
  await expect(preview.getByText('Tomorrow 08:00')).toBeVisible();
  await expect(preview.getByText('#home')).toBeVisible();
  await expect(preview.getByText('High')).toBeVisible();
  await screenshot(page, testInfo, 'quick-add-preview');

  await form.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(form.getByLabel('New task')).toHaveValue('');

  const row = taskRow(page, 'Water plants');
  await expect(row).toBeVisible();
  await expect(row.getByRole('button', { name: 'Water plants', exact: true })).toBeVisible();
  await expect(row.locator('time').first()).toHaveText('Tomorrow 08:00');
  await expect(row.getByRole('button', { name: 'Show tasks tagged home' })).toHaveText('#home');
  await expect(row.getByText('High')).toBeVisible();
  await screenshot(page, testInfo, 'row-with-parsed-parts');

  // The stored task is the parsed one, not the literal text.
  await page.reload();
  await expect(taskRow(page, 'Water plants')).toBeVisible();
  await expect(taskRow(page, 'Water plants tomorrow 8am #home !high')).toHaveCount(0);
  // Due tomorrow: counted under Upcoming and shown there under its day.
  await expect(tab(page, 'Upcoming')).toContainText('1');
  await tab(page, 'Upcoming').click();
  await expect(page.getByRole('heading', { name: 'Tomorrow', level: 3 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Tomorrow' }).getByText('Water plants')).toBeVisible();
});

test('quick add empties the box at once: the next task typed while one is saved is kept, and a failed save gives the text back', async ({
  page,
  consoleProblems,
}) => {
  await signUpThroughUi(page);
  const box = quickAdd(page).getByLabel('New task');
  // Hold the first create's answer back, as a slow network would.
  let releaseFirst: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => {
    releaseFirst = resolve;
  });
  let creates = 0;
  await page.route('**/api/tasks', async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    creates += 1;
    if (creates === 1) await firstHeld;
    if (creates === 3)
      return route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: '{"title":"down","status":503}',
      });
    return route.fallback();
  });
  await box.fill('Buy stamps');
  await box.press('Enter');
  await expect(box).toHaveValue('');
  await box.pressSequentially('Post the letter');
  releaseFirst();
  await expect(taskRow(page, 'Buy stamps')).toBeVisible();
  // The first save's answer arrived after the next task was typed, and erased none of it.
  await expect(box).toHaveValue('Post the letter');
  await box.press('Enter');
  await expect(taskRow(page, 'Post the letter')).toBeVisible();
  // The third save fails: its text comes back to the box, to try again.
  await box.fill('Call the bank');
  await box.press('Enter');
  await expect(box).toHaveValue('Call the bank');
  await expect(page.getByRole('list', { name: 'Tasks' }).getByRole('listitem')).toHaveCount(2);
  // The browser logs the refused request; that one console error is this test's own doing.
  const refused = consoleProblems.filter((line) => line.includes('status of 503'));
  expect(refused).toHaveLength(1);
  consoleProblems.splice(consoleProblems.indexOf(refused[0] as string), 1);
});

test('the edit dialog changes every field, completing and deleting offer Undo, tags and search filter', async ({
  page,
}, testInfo) => {
  await signUpThroughUi(page);
  const first = `Pay rent ${uniqueSuffix()}`;
  const second = `Call the bank ${uniqueSuffix()}`;
  await addTask(page, first);
  await addTask(page, second);
  await expect(taskRow(page, first)).toBeVisible();

  // Edit: notes, due, reminder, priority, tags, recurrence.
  await taskRow(page, first)
    .getByRole('button', { name: `Edit ${first}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await dialog.getByLabel('Notes').fill('Transfer from the joint account');
  await dialog.getByLabel('Due').fill('2099-03-01T09:00');
  await dialog.getByLabel('Reminder').fill('2099-03-01T08:30');
  await dialog.getByLabel('Priority').selectOption('medium');
  await dialog.getByLabel('Tags').fill('home, money');
  await dialog.getByLabel('Frequency').selectOption('monthly');
  await screenshot(page, testInfo, 'edit-dialog');
  await expectNoAxeViolations(page, testInfo, 'edit dialog');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const row = taskRow(page, first);
  await expect(row.getByText('Every month')).toBeVisible();
  await expect(row.getByText('Medium')).toBeVisible();
  await expect(row.getByRole('button', { name: 'Show tasks tagged money' })).toBeVisible();
  await expect(row.getByText('Transfer from the joint account')).toBeVisible();

  // Saved, not only shown.
  await page.reload();
  await taskRow(page, first)
    .getByRole('button', { name: `Edit ${first}` })
    .click();
  await expect(dialog.getByLabel('Due')).toHaveValue('2099-03-01T09:00');
  await expect(dialog.getByLabel('Reminder')).toHaveValue('2099-03-01T08:30');
  await expect(dialog.getByLabel('Every')).toHaveValue('1');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Tags as filters: the sidebar tag shows only tasks with it.
  await page.getByRole('button', { name: '#money', exact: true }).click();
  await expect(taskRow(page, first)).toBeVisible();
  await expect(taskRow(page, second)).toHaveCount(0);
  await page.getByRole('button', { name: 'Remove tag filter money' }).click();
  await expect(taskRow(page, second)).toBeVisible();

  // Search.
  await page.getByLabel('Search tasks').fill('bank');
  await expect(taskRow(page, first)).toHaveCount(0);
  await expect(taskRow(page, second)).toBeVisible();
  await page.getByLabel('Search tasks').fill('');
  await expect(taskRow(page, first)).toBeVisible();

  // Complete -> toast with Undo -> open again.
  await tab(page, 'All').click();
  await taskRow(page, second).getByRole('checkbox').click();
  await expect(taskRow(page, second).getByRole('checkbox')).toBeChecked();
  await expect(tab(page, 'Completed')).toContainText('1');
  await toast(page, 'Completed').getByRole('button', { name: 'Undo' }).click();
  await expect(taskRow(page, second).getByRole('checkbox')).not.toBeChecked();
  await expect(tab(page, 'Completed')).not.toContainText('1');

  // Delete -> toast with Undo -> back with the same fields.
  await taskRow(page, first)
    .getByRole('button', { name: `Delete ${first}` })
    .click();
  await expect(taskRow(page, first)).toHaveCount(0);
  await screenshot(page, testInfo, 'deleted-undo-toast');
  await toast(page, 'Deleted').getByRole('button', { name: 'Undo' }).click();
  await expect(taskRow(page, first)).toBeVisible();
  await expect(taskRow(page, first).getByText('Every month')).toBeVisible();
  await page.reload();
  await expect(taskRow(page, first).getByRole('button', { name: 'Show tasks tagged money' })).toBeVisible();

  // The chart counts what was completed today.
  await taskRow(page, second).getByRole('checkbox').click();
  await expect(page.getByRole('figure', { name: /^Completed, last 14 days/ }).locator('.chart-total')).toHaveText('1');
  await screenshot(page, testInfo, 'after-complete');
});

test('keyboard only: sign up, quick add, move, complete, edit, help, search and the assistant', async ({
  page,
}, testInfo) => {
  const email = `kb-${uniqueSuffix()}@test.localhost`;
  await page.goto('/signup');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Key Board');
  await page.keyboard.press('Tab');
  await page.keyboard.type(`pw-${uniqueSuffix()}-long-enough`);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('button', { name: `Account ${email}` })).toBeVisible();
  await expect(page.getByText('No tasks yet')).toBeVisible();

  // q: quick add.
  await page.keyboard.press('q');
  await expect(quickAdd(page).getByLabel('New task')).toBeFocused();
  await page.keyboard.type('Stretch legs tomorrow 9am !low');
  await expect(quickAdd(page).getByText('Tomorrow 09:00')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(taskRow(page, 'Stretch legs')).toBeVisible();
  await page.keyboard.type('Read a chapter');
  await page.keyboard.press('Enter');
  await expect(taskRow(page, 'Read a chapter')).toBeVisible();
  // Escape leaves the box, so single-key shortcuts work again.
  await page.keyboard.press('Escape');

  // j/k move, x completes, with an Undo toast.
  await page.keyboard.press('j');
  await expect(page.locator('li[data-task-id]').first()).toBeFocused();
  await page.keyboard.press('j');
  await expect(taskRow(page, 'Stretch legs')).toBeFocused();
  await page.keyboard.press('k');
  await expect(taskRow(page, 'Read a chapter')).toBeFocused();
  await page.keyboard.press('j');
  await page.keyboard.press('x');
  await expect(taskRow(page, 'Stretch legs').getByRole('checkbox')).toBeChecked();
  await expect(toast(page, 'Completed')).toBeVisible();

  // e edits; focus goes into the dialog and back to the row after saving.
  await page.keyboard.press('e');
  const dialog = page.getByRole('dialog', { name: 'Edit task' });
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Stretch legs well');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(taskRow(page, 'Stretch legs well')).toBeVisible();
  await expect(taskRow(page, 'Stretch legs well')).toBeFocused();

  // ? shows the shortcuts; Escape closes and focus returns.
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await screenshot(page, testInfo, 'shortcut-help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // / searches.
  await page.keyboard.press('/');
  await expect(page.getByLabel('Search tasks')).toBeFocused();
  await page.keyboard.type('chapter');
  await expect(taskRow(page, 'Stretch legs well')).toHaveCount(0);
  await expect(taskRow(page, 'Read a chapter')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(taskRow(page, 'Stretch legs well')).toBeVisible();
  await page.keyboard.press('Escape');

  // c opens the assistant with the message box focused; Escape closes it and focus returns.
  await page.keyboard.press('c');
  await expect(page.getByRole('complementary', { name: 'Assistant' })).toBeVisible();
  await expect(page.getByLabel('Message', { exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('complementary', { name: 'Assistant' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Assistant', exact: true })).toBeFocused();

  // Views by arrow keys in the tab list.
  await tab(page, 'All').focus();
  await page.keyboard.press('ArrowDown');
  await expect(tab(page, 'Completed')).toHaveAttribute('aria-selected', 'true');
  await expect(taskRow(page, 'Stretch legs well')).toBeVisible();
  await expect(taskRow(page, 'Read a chapter')).toHaveCount(0);
});

test('axe finds no violations on the sign-in and sign-up pages, the app, its dialogs and the assistant, light and dark', async ({
  page,
}, testInfo) => {
  await page.goto('/signin');
  await expectNoAxeViolations(page, testInfo, '/signin');
  await page.goto('/signup');
  await expectNoAxeViolations(page, testInfo, '/signup');

  await signUpThroughUi(page);
  await expect(page.getByText('No tasks yet')).toBeVisible();
  await expectNoAxeViolations(page, testInfo, '/ empty');

  await addTask(page, 'Water plants tomorrow 8am #home !high');
  await addTask(page, 'File taxes yesterday 9am #money !medium');
  await addTask(page, `Plain task ${uniqueSuffix()}`);
  await expect(page.locator('li[data-task-id]')).toHaveCount(3);
  await expect(quickAdd(page).getByLabel('New task')).toHaveValue('');
  await expectNoAxeViolations(page, testInfo, '/ with tasks');

  await page.getByRole('button', { name: /^Notifications/ }).click();
  await expect(page.getByRole('dialog', { name: 'Notifications' })).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'notifications panel');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: /^Account/ }).click();
  await expectNoAxeViolations(page, testInfo, 'account menu');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Assistant', exact: true }).click();
  await expect(page.getByRole('complementary', { name: 'Assistant' })).toBeVisible();
  await page.getByRole('button', { name: 'Conversations' }).click();
  await expectNoAxeViolations(page, testInfo, 'assistant');
  await page.getByRole('button', { name: 'Close assistant' }).click();

  await tab(page, 'Upcoming').click();
  await expect(page.getByRole('heading', { name: 'Tomorrow', level: 3 })).toBeVisible();
  await expectNoAxeViolations(page, testInfo, 'upcoming');

  await page.getByRole('button', { name: /^Theme: system/ }).click();
  await page.getByRole('button', { name: /^Theme: light/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await tab(page, 'Overdue').click();
  await expect(page.locator('li[data-task-id]')).toHaveCount(1);
  await expectNoAxeViolations(page, testInfo, 'overdue, dark');
  await page.keyboard.press('?');
  await expectNoAxeViolations(page, testInfo, 'shortcut help, dark');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });

  test('at 375 px wide: nothing scrolls sideways, quick add and rows work, the assistant is a full-screen sheet', async ({
    page,
  }, testInfo) => {
    await page.goto('/signup');
    await expectNoAxeViolations(page, testInfo, '/signup at 375 px');
    await signUpThroughUi(page);
    await addTask(page, 'Water plants tomorrow 8am #home !high');
    await addTask(page, `Buy stamps ${uniqueSuffix()} #errands`);
    const row = taskRow(page, 'Water plants');
    await expect(row.getByText('Tomorrow 08:00')).toBeVisible();
    await expect(row.getByRole('button', { name: 'Edit Water plants' })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    // Names what sticks out, so a failure says where to look.
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > 376)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
    );
    expect(width, `page width at 375 px; wider: ${wide.join(', ')}`).toBeLessThanOrEqual(375);
    await screenshot(page, testInfo, 'phone-list');
    await expectNoAxeViolations(page, testInfo, '/ at 375 px');

    await row.getByRole('checkbox').click();
    await expect(row.getByRole('checkbox')).toBeChecked();

    await page.getByRole('button', { name: 'Assistant', exact: true }).click();
    const sheet = page.getByRole('complementary', { name: 'Assistant' });
    await expect(sheet).toBeVisible();
    const box = await sheet.boundingBox();
    expect(box?.width).toBe(375);
    expect(box?.height).toBe(740);
    await expect(quickAdd(page)).toBeHidden();
    await screenshot(page, testInfo, 'phone-assistant');
    await expectNoAxeViolations(page, testInfo, 'assistant at 375 px');
    await page.getByRole('button', { name: 'Close assistant' }).click();
    await expect(quickAdd(page)).toBeVisible();

    await row.getByRole('button', { name: 'Edit Water plants' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit task' });
    await expect(dialog.getByLabel('Title')).toBeFocused();
    const dialogBox = await dialog.boundingBox();
    expect(dialogBox?.width ?? 999).toBeLessThanOrEqual(375);
    await screenshot(page, testInfo, 'phone-edit');
  });
});

test('dark mode follows the system, a chosen theme overrides it and survives a reload', async ({ page }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await signUpThroughUi(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(20, 20, 22)');
  await addTask(page, 'Water plants tomorrow 8am #home !high');
  await screenshot(page, testInfo, 'dark-system');

  // system -> light -> dark -> system
  await page.getByRole('button', { name: /^Theme: system/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(247, 247, 248)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(247, 247, 248)');

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: /^Theme: light/ }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(20, 20, 22)');
  await screenshot(page, testInfo, 'dark-chosen');
  await page.getByRole('button', { name: /^Theme: dark/ }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await background()).toBe('rgb(247, 247, 248)');
});

// Needs the assistant (POST /api/chat) and its offline interpreter: the reminder is a real Dapr job
// one minute out, so this test waits that minute for the notification to come back over SSE.
test('the assistant: a reminder in 1 minute arrives as a toast, "what\'s due today?", "mark stretch done" shows in a second tab', async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(180_000);
  await signUpThroughUi(page);
  const second = await context.newPage();
  const isStreaming = second.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.status() === 200);
  await second.goto('/');
  await isStreaming;

  await page.getByRole('button', { name: 'Assistant', exact: true }).click();
  const chat = page.getByRole('complementary', { name: 'Assistant' });
  const message = chat.getByLabel('Message', { exact: true });
  // The assistant's replies in order (not the "replying" indicator): reply n is nth(n).
  const reply = (n: number) => chat.locator('.bubble-assistant:not(.is-typing)').nth(n);

  await message.fill('remind me to stretch in 1 minute');
  await message.press('Enter');
  await expect(reply(0)).toBeVisible();
  await expect(chat.getByRole('button', { name: /^Added: stretch/i })).toBeVisible();
  // The task is in the list at once, with its reminder, here and in the other tab.
  const row = page.locator('li[data-task-id]').filter({ hasText: /stretch/i });
  await expect(row).toHaveCount(1);
  await expect(row.locator('.reminder')).toBeVisible();
  await expect(second.locator('li[data-task-id]').filter({ hasText: /stretch/i })).toHaveCount(1);
  await screenshot(page, testInfo, 'assistant-reminder-set');

  // The action card opens the task.
  await chat.getByRole('button', { name: /^Added: stretch/i }).click();
  await expect(page.getByRole('dialog', { name: 'Edit task' }).getByLabel('Title')).toHaveValue(/stretch/i);
  await page.keyboard.press('Escape');

  // The reminder fires through the scheduler, the worker and notification-service, and arrives over SSE.
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /stretch/i })
      .first(),
  ).toBeVisible({ timeout: 120_000 });
  await expect(page.getByRole('button', { name: /^Notifications, 1 unread/ })).toBeVisible();
  await screenshot(page, testInfo, 'reminder-toast');

  await message.fill("what's due today?");
  await message.press('Enter');
  await expect(reply(1)).toContainText(/stretch/i);

  await message.fill('mark stretch done');
  await message.press('Enter');
  await expect(reply(2)).toBeVisible();
  await expect(chat.getByRole('button', { name: /^Completed: stretch/i })).toBeVisible();
  await expect(row.getByRole('checkbox')).toBeChecked();
  // The other tab shows it done without a reload.
  await expect(
    second
      .locator('li[data-task-id]')
      .filter({ hasText: /stretch/i })
      .getByRole('checkbox'),
  ).toBeChecked();
  await screenshot(second, testInfo, 'second-tab-done');

  // The conversation is listed and can be deleted.
  await chat.getByRole('button', { name: /^Conversations/ }).click();
  const conversations = chat.getByRole('navigation', { name: 'Conversations' });
  await expect(conversations.getByRole('listitem')).toHaveCount(1);
  await conversations.getByRole('button', { name: /^Delete conversation/ }).click();
  await expect(conversations.getByText('No conversations yet.')).toBeVisible();
});
