// The benchmarks' knobs (BENCH_*), parsed once when a benchmark starts: a bad value stops it naming
// the variable instead of turning into NaN. Composed from the platform's configuration parts.
import { z } from 'zod';
import { parseConfigOrExit, wholeNumber } from '../../lib/platform/config';

const count = (purpose: string, fallback: number, max = 10_000_000) => wholeNumber(purpose, 1, max).default(fallback);

const seconds = (purpose: string, fallback: number) => wholeNumber(purpose, 1, 86_400).default(fallback);

/** A comma-separated list of whole numbers, e.g. "50,200,500". */
const counts = (purpose: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => /^\d+(,\d+)*$/.test(v), `must be whole numbers separated by commas (${purpose})`)
    .transform((v) => v.split(',').map(Number));

/** Set to anything non-empty to turn on. */
const flag = () =>
  z
    .string()
    .optional()
    .transform((v) => Boolean(v));

export const BenchConfigSchema = z.object({
  BENCH_RATES: counts('open-loop request rates of bench:api', '50,200,500'),
  BENCH_DURATION_S: seconds('seconds per rate in bench:api', 10),
  BENCH_CONCURRENCY: count('closed-loop clients in the saturation runs', 32, 10_000),
  BENCH_API_USERS: count('users bench:api spreads its requests over', 50, 10_000),
  BENCH_QUICK_RATE: count('request rate of bench:api --quick', 50, 100_000),
  BENCH_QUICK_DURATION_S: seconds('seconds per path in bench:api --quick', 10),
  BENCH_QUICK_SAT_S: seconds('seconds per saturation round in bench:api --quick', 6),
  BENCH_QUICK_ROUNDS: count('saturation rounds in bench:api --quick', 2, 100),
  BENCH_STREAMS: counts('SSE stream levels of bench:realtime', '1000,5000,10000'),
  BENCH_REMINDERS: count('reminders falling due in bench:realtime', 500),
  BENCH_REMINDER_USERS: count('users owning those reminders', 50),
  BENCH_REMINDER_LEAD_S: seconds('seconds until the first reminder falls due', 60),
  BENCH_REMINDER_SPREAD_S: seconds('seconds the reminders are spread over', 30),
  BENCH_FANOUT_RATE: count('fan-out events per second in bench:realtime', 100, 100_000),
  BENCH_SKIP_REMINDERS: flag(),
  BENCH_SSE_STREAMS: count('streams bench/sse-memory.ts opens', 2000),
  BENCH_KEEP_SNAPSHOTS: flag(),
  BENCH_CHAT_TURNS: count('chat turns of bench:chat', 1000),
  BENCH_NL_ROUNDS: count('passes over the phrases in bench:nl', 5, 1000),
  BENCH_QUIET_WAIT_S: wholeNumber('seconds to wait for a quiet host', 0, 86_400).optional(),
  BENCH_MAX_LOAD: z
    .string()
    .default('1.5')
    .refine((v) => /^\d+(\.\d+)?$/.test(v), 'must be a number such as 1.5 (the load average that counts as quiet)')
    .transform(Number),
  BENCH_NO_README: flag(),
  BENCH_ULIMIT_RAISED: flag(),
});
export type BenchConfig = z.infer<typeof BenchConfigSchema>;

export const BENCH_CONFIG: BenchConfig = parseConfigOrExit(BenchConfigSchema);
