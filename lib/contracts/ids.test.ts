import { describe, expect, it } from 'vitest';
import { notificationIdOf, taskIdOf } from './ids';
import { ListNotificationsQuerySchema } from './notification';
import { AppError } from './problem';

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return error instanceof AppError ? `${error.code} ${error.status}` : String(error);
  }
};

describe('path ids', () => {
  it('taskIdOf accepts a UUID in any case and gives it in lower case', () => {
    expect(taskIdOf('6F1C1F40-4A43-4A55-9A3B-5A1E4B0C2F10')).toBe('6f1c1f40-4a43-4a55-9a3b-5a1e4b0c2f10');
  });

  it('taskIdOf answers not_found (404), never bad_request, for anything that is not a UUID', () => {
    for (const raw of ['not-a-uuid', '', '1', '6f1c1f40-4a43-4a55-9a3b-5a1e4b0c2f1', '../tasks', '\u0000']) {
      expect(
        codeOf(() => taskIdOf(raw)),
        raw,
      ).toBe('not_found 404');
    }
  });

  it('notificationIdOf accepts exactly what a cursor accepts, and answers not_found (404) for the rest', () => {
    for (const raw of ['1', '0', '42', '999999999999999999']) expect(notificationIdOf(raw)).toBe(raw);
    for (const raw of ['-1', '1e3', 'abc', '', '1.5', '9999999999999999999', ' 1']) {
      expect(
        codeOf(() => notificationIdOf(raw)),
        raw,
      ).toBe('not_found 404');
      expect(ListNotificationsQuerySchema.safeParse({ after: raw }).success, `after=${raw}`).toBe(false);
    }
    for (const raw of ['1', '0', '999999999999999999']) {
      expect(ListNotificationsQuerySchema.safeParse({ after: raw, before: raw }).success).toBe(true);
    }
  });

  it('quotes at most 100 characters of the id in the message', () => {
    try {
      taskIdOf('x'.repeat(5000));
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(150);
    }
    expect(codeOf(() => taskIdOf('x'.repeat(5000)))).toBe('not_found 404');
  });
});
