// Load shapes: a fixed-rate open loop (requests start on schedule whether or not earlier ones
// finished, and latency counts from the scheduled start, so a stall is not hidden by the
// generator waiting: no coordinated omission) and a closed loop of N workers for saturation.
import { setTimeout as sleep } from 'node:timers/promises';
import { type Summary, summarize, Tally } from './stats';

/** One request's outcome as judged by the caller (e.g. 201 expected for a create). */
export type Outcome = { ok: boolean; status: string; detail?: string };
export type Fire = () => Promise<Outcome>;

export type RunResult = {
  /** Requests started. */
  sent: number;
  ok: number;
  errors: Tally;
  /** A few error details (status + response body), to report what went wrong. */
  errorSamples: string[];
  /** Latency of the successful requests, ms. */
  latency: Summary;
  /** Successful requests per second over the run, including the drain of the last ones. */
  throughput: number;
  elapsedMs: number;
  /** How late the generator started requests behind schedule (open loop only), ms: its own lag. */
  startLag?: Summary;
};

type Collector = { latencies: number[]; errors: Tally; errorSamples: string[]; ok: number };

function collector(): Collector {
  return { latencies: [], errors: new Tally(), errorSamples: [], ok: 0 };
}

/** Runs one request and records its latency from `t0` (scheduled or actual start). */
async function measured(fire: Fire, t0: number, c: Collector): Promise<void> {
  try {
    const outcome = await fire();
    if (outcome.ok) {
      c.ok += 1;
      c.latencies.push(performance.now() - t0);
    } else {
      c.errors.add(outcome.status);
      if (c.errorSamples.length < 5) c.errorSamples.push(`${outcome.status}: ${outcome.detail ?? ''}`.slice(0, 400));
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    c.errors.add(`net:${(error as NodeJS.ErrnoException).code ?? message.slice(0, 40)}`);
    if (c.errorSamples.length < 5) c.errorSamples.push(`network: ${message}`.slice(0, 400));
  }
}

export type OpenLoopOptions = {
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** Requests in flight beyond this are not started and count as `overload` errors. */
  maxInFlight?: number;
};

/** Starts `rate * duration` requests at evenly spaced scheduled times. */
export async function openLoop(
  fire: Fire,
  { rate, durationMs, maxInFlight = 4000 }: OpenLoopOptions,
): Promise<RunResult> {
  const c = collector();
  const lags: number[] = [];
  const total = Math.round((rate * durationMs) / 1000);
  const interval = 1000 / rate;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let i = 0;
  while (i < total) {
    const now = performance.now();
    // Start everything that is due; after a stall of the event loop this catches up at once.
    while (i < total && start + i * interval <= now) {
      const scheduled = start + i * interval;
      i += 1;
      lags.push(now - scheduled);
      if (inFlight.size >= maxInFlight) {
        c.errors.add('overload');
        continue;
      }
      const p = measured(fire, scheduled, c).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    const next = start + i * interval - performance.now();
    // setTimeout has ~1 ms resolution; below that, yield to I/O and check again.
    if (next >= 1) await sleep(Math.floor(next));
    else await new Promise<void>((r) => setImmediate(r));
  }
  await Promise.all(inFlight);
  const elapsedMs = performance.now() - start;
  return {
    sent: total,
    ok: c.ok,
    errors: c.errors,
    errorSamples: c.errorSamples,
    latency: summarize(c.latencies),
    throughput: (c.ok * 1000) / elapsedMs,
    elapsedMs,
    startLag: summarize(lags),
  };
}

export type ClosedLoopOptions = { concurrency: number; durationMs: number };

/** `concurrency` workers each send the next request as soon as the previous one answered. */
export async function closedLoop(fire: Fire, { concurrency, durationMs }: ClosedLoopOptions): Promise<RunResult> {
  const c = collector();
  let sent = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      sent += 1;
      await measured(fire, performance.now(), c);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - start;
  return {
    sent,
    ok: c.ok,
    errors: c.errors,
    errorSamples: c.errorSamples,
    latency: summarize(c.latencies),
    throughput: (c.ok * 1000) / elapsedMs,
    elapsedMs,
  };
}

/** Runs `fn` over `items` with at most `limit` at a time; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
