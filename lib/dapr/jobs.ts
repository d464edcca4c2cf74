// Dapr Jobs API (stable in 1.18) over HTTP: the SDK 3.18 has no jobs client.
import { sidecarFetch } from './sidecar';

/** The sidecar holds a jobs call while the scheduler is unreachable; callers must not hang with it. */
const JOBS_TIMEOUT_MS = 3000;

export type JobSpec = {
  /** RFC 3339 time at which the job fires once. */
  dueTime: string;
  data: unknown;
  /** Replace a job of the same name (default true here; Dapr's default is false). */
  overwrite?: boolean;
  /** Retries of a failed trigger before that run is dropped. */
  maxRetries?: number;
  retryInterval?: string;
};

export async function scheduleJob(name: string, spec: JobSpec): Promise<void> {
  const body = {
    dueTime: spec.dueTime,
    data: spec.data,
    overwrite: spec.overwrite ?? true,
    failurePolicy: { constant: { interval: spec.retryInterval ?? '5s', maxRetries: spec.maxRetries ?? 12 } },
  };
  const res = await sidecarFetch(`/v1.0/jobs/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(JOBS_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`schedule job ${name} failed: ${res.status} ${await res.text()}`);
}

export async function deleteJob(name: string): Promise<void> {
  const res = await sidecarFetch(`/v1.0/jobs/${name}`, {
    method: 'DELETE',
    signal: AbortSignal.timeout(JOBS_TIMEOUT_MS),
  });
  if (!res.ok && res.status !== 404) {
    const text = await res.text();
    if (!/not found/i.test(text)) throw new Error(`delete job ${name} failed: ${res.status} ${text}`);
  }
}
