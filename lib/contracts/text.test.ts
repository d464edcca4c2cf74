import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyText } from '../../tests/support/any-text';
import { CreateTaskSchema } from './task';
import { IsoDateTimeSchema, isStorableText } from './text';

describe('text rules', () => {
  it('refuses NUL, other controls and lone surrogates in a title, naming the field', () => {
    for (const title of ['a\u0000b', 'a\u0007', 'line\nbreak', '\ud800x', 'x\udc00']) {
      const result = CreateTaskSchema.safeParse({ title });
      expect(result.success, JSON.stringify(title)).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['title']);
    }
  });

  it('accepts line breaks and tabs in notes but not NUL', () => {
    expect(CreateTaskSchema.safeParse({ title: 't', notes: 'a\n\tb\r\n' }).success).toBe(true);
    expect(CreateTaskSchema.safeParse({ title: 't', notes: 'a\u0000' }).success).toBe(false);
  });

  it('every storable string survives a UTF-8 round trip unchanged', () => {
    fc.assert(
      fc.property(anyText(50), (s) => {
        if (!isStorableText(s, { isMultiline: true })) return;
        expect(Buffer.from(s, 'utf8').toString('utf8')).toBe(s);
        expect(s).not.toContain('\u0000');
      }),
    );
  });
});

describe('IsoDateTimeSchema', () => {
  it.each([
    '0001-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '+010000-01-01T00:00:00Z',
    '2026-05-01T09:00:00.1234Z',
    '2026-13-01T00:00:00Z',
    'tomorrow',
  ])('refuses %s', (value) => {
    expect(IsoDateTimeSchema.safeParse(value).success).toBe(false);
  });

  it.each(['1970-01-01T00:00:00Z', '2026-05-01T09:00:00.123+02:00', '9999-12-31T23:59:59.999Z'])(
    'accepts %s',
    (value) => {
      expect(IsoDateTimeSchema.safeParse(value).success).toBe(true);
    },
  );

  it('accepted instants keep their value through Date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const iso = d.toISOString();
          expect(IsoDateTimeSchema.safeParse(iso).success).toBe(true);
          expect(new Date(iso).getTime()).toBe(d.getTime());
        },
      ),
    );
  });
});
