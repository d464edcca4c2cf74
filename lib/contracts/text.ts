// Text and date rules every input shares. Postgres `text` refuses NUL, and a lone UTF-16
// surrogate cannot be encoded as UTF-8 (it would come back as U+FFFD), so both are refused at
// the contract with a message a person can act on, before anything reaches SQL.
import { z } from 'zod';

// C0 controls except tab, line feed and carriage return; DEL; C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string can be stored and returned unchanged (no NUL/controls, no lone surrogates). */
export function isStorableText(value: string, { isMultiline = false } = {}): boolean {
  return !(isMultiline ? CONTROL_IN_TEXT : CONTROL_IN_LINE).test(value) && !LONE_SURROGATE.test(value);
}

/** A single-line text field: no control characters, no unpaired surrogates. */
export const lineText = (field: string) =>
  z.string({ message: `${field} must be a string` }).refine((v) => isStorableText(v), {
    message: `${field} must not contain control characters (such as NUL or line breaks) or unpaired surrogates`,
  });

/** A multi-line text field: tabs and line breaks allowed, other control characters not. */
export const multilineText = (field: string) =>
  z.string({ message: `${field} must be a string` }).refine((v) => isStorableText(v, { isMultiline: true }), {
    message: `${field} must not contain control characters (such as NUL) or unpaired surrogates`,
  });

/** The instants the API accepts: from 1970 through 9999, at most millisecond precision. */
export const MIN_INSTANT = '1970-01-01T00:00:00.000Z';
export const MAX_INSTANT = '9999-12-31T23:59:59.999Z';
const MIN_MS = Date.parse(MIN_INSTANT);
const MAX_MS = Date.parse(MAX_INSTANT);

export const IsoDateTimeSchema = z
  .string({ message: 'must be an ISO-8601 date-time string' })
  .max(64, 'must be an ISO-8601 date-time, e.g. 2026-05-01T09:00:00Z')
  .pipe(
    z.iso.datetime({
      offset: true,
      precision: undefined,
      message: 'must be an ISO-8601 date-time, e.g. 2026-05-01T09:00:00Z',
    }),
  )
  .refine((v) => !/\.\d{4,}/.test(v), 'must have at most millisecond precision (e.g. 09:00:00.123Z)')
  .refine(
    (v) => {
      const ms = Date.parse(v);
      return ms >= MIN_MS && ms <= MAX_MS;
    },
    `must be between ${MIN_INSTANT.slice(0, 10)} and ${MAX_INSTANT.slice(0, 10)}`,
  );
