// Generated bad (and good) input for the API fuzz: what hand-picked cases miss.
import fc from 'fast-check';
import { isStorableText, MAX_INSTANT, MIN_INSTANT } from '../../lib/contracts/text';
import { anyText } from '../../tests/support/any-text';

/** Strings people and attackers send: controls, NUL, lone surrogates, huge, numeric-looking. */
export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 3, arbitrary: anyText(40) },
    { weight: 2, arbitrary: fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`) },
    { weight: 1, arbitrary: fc.constantFrom('\ud800', 'a\udfff', '\u202e', '\uffff', '\r\n', '%00', '../..', '') },
    { weight: 1, arbitrary: fc.integer({ min: 201, max: 70_000 }).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}') },
  );

/** Instants at, inside and beyond the accepted range, and things that only look like dates. */
export const dateLike = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .date({ min: new Date(MIN_INSTANT), max: new Date(MAX_INSTANT), noInvalidDate: true })
        .map((d) => d.toISOString()),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        MIN_INSTANT,
        MAX_INSTANT,
        '0001-01-01T00:00:00Z',
        '0099-12-31T23:59:59Z',
        '1969-12-31T23:59:59.999Z',
        '+275760-09-13T00:00:00Z',
        '2026-02-30T00:00:00Z',
        '2026-05-01T09:00:00.123456Z',
        '2026-05-01T09:00:00+14:00',
        '2026-05-01',
        'tomorrow',
      ),
    },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), nastyString()) },
  );

/** Any JSON value, shallow or deep. */
export const anyJson = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 3000 }).map((depth) => nest(depth)) },
    { weight: 1, arbitrary: fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1e308, 2 ** 53 + 1) },
  );

function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

const field = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown> = anyJson()) =>
  fc.oneof({ weight: 3, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: bad });

const tag = fc.stringMatching(/^[a-z0-9_-]{1,32}$/);

const inRange = () =>
  fc.date({ min: new Date(MIN_INSTANT), max: new Date(MAX_INSTANT), noInvalidDate: true }).map((d) => d.toISOString());

/** Text a person might type, any Unicode (well-formed), with spaces around it sometimes. */
const personText = (max: number) =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((t) => t.trim().length > 0 && isStorableText(t));

/** A body the API must accept, with values at the edges; it must come back exactly. */
const validTaskBody = (): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record(
      {
        title: personText(200),
        notes: fc.oneof(
          fc.constant(null),
          fc.string({ unit: 'grapheme', maxLength: 300 }).filter((t) => isStorableText(t, { isMultiline: true })),
        ),
        priority: fc.constantFrom('none', 'low', 'medium', 'high'),
        tags: fc.array(tag, { maxLength: 10 }),
        dueAt: fc.oneof(fc.constant(null), inRange(), fc.constantFrom(MIN_INSTANT, MAX_INSTANT)),
        remindAt: fc.oneof(fc.constant(null), inRange()),
      },
      { requiredKeys: ['title'] },
    )
    .chain((body) =>
      body.dueAt
        ? fc
            .option(
              fc.record({
                freq: fc.constantFrom('daily', 'weekly', 'monthly', 'yearly'),
                interval: fc.integer({ min: 1, max: 365 }),
              }),
            )
            .map((recurrence) => (recurrence ? { ...body, recurrence } : body))
        : fc.constant(body),
    );

/** A task body: half valid (to check the round trip), half with wrong, missing or unknown fields. */
export const taskBody = (): fc.Arbitrary<Record<string, unknown>> => fc.oneof(validTaskBody(), mixedTaskBody());

const mixedTaskBody = (): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record(
      {
        title: field(nastyString(), anyJson()),
        notes: field(fc.oneof(nastyString(), fc.constant(null))),
        priority: field(fc.constantFrom('none', 'low', 'medium', 'high'), nastyString()),
        tags: field(fc.array(tag, { maxLength: 12 })),
        dueAt: field(fc.oneof(dateLike(), fc.constant(null))),
        remindAt: field(fc.oneof(dateLike(), fc.constant(null))),
        recurrence: field(
          fc.oneof(
            fc.constant(null),
            fc.record(
              {
                freq: fc.constantFrom('daily', 'weekly', 'monthly', 'yearly', 'hourly'),
                interval: fc.integer({ min: -2, max: 400 }),
                until: fc.oneof(dateLike(), fc.constant(null)),
              },
              { requiredKeys: ['freq'] },
            ),
          ),
        ),
        [`extra${'_'}field`]: anyJson(),
      },
      { requiredKeys: [] },
    )
    .map((body) => body as Record<string, unknown>);

/** A raw request body: usually JSON of a generated value, sometimes not JSON at all. */
export const rawBody = (json: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: json.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: nastyString() },
    { weight: 1, arbitrary: fc.integer({ min: 70_000, max: 300_000 }).map((n) => `{"title":"${'y'.repeat(n)}"}`) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`) },
  );

/** Headers a browser, a script or an attacker might send. */
export const oddHeaders = (): fc.Arbitrary<Record<string, string>> =>
  fc.record(
    {
      'content-type': fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        '',
      ),
      origin: fc.constantFrom('null', 'http://evil.example', 'not a url', '://', 'http://[::1', ''),
      'if-match': fc.oneof(
        fc.constantFrom('*', '"1"', 'W/"2"', '"-1"', '"99999999999999999999"', 'garbage'),
        headerSafe(),
      ),
      'idempotency-key': fc.oneof(fc.uuid(), headerSafe()),
      'last-event-id': fc.oneof(fc.constantFrom('0', '1', '-1', '999999999999999999999', '1e5'), headerSafe()),
    },
    { requiredKeys: [] },
  );

/** Strings a header can carry (fetch refuses controls in header values). */
const headerSafe = () => fc.string({ maxLength: 300 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

/** Path ids: real-looking, malformed, traversal, encoded. */
export const pathId = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.uuid(),
    fc.constantFrom('0', '-1', '1e3', '99999999999999999999', 'null', '%00', '..%2f..', 'a'.repeat(300)),
    nastyString().map((s) => encodeURIComponent(Buffer.from(s, 'utf8').toString('utf8')).slice(0, 400) || 'x'),
  );

/** Query strings with known and unknown parameters and odd values. */
export const query = (known: string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 10 })),
        fc.oneof(nastyString(), fc.constantFrom('1', '0', '-1', '101', 'true', 'UTC', 'Europe/Berlin')),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => new URLSearchParams(pairs.filter(([k]) => k)).toString());
