import { APP_IDS } from '@/lib/contracts';
import { invoke } from '@/lib/dapr/invoke';
import { isSidecarHealthy } from '@/lib/dapr/sidecar';
import { log } from '@/lib/platform/log';

async function reachable(appId: string): Promise<boolean> {
  try {
    return (await invoke(appId, 'healthz', { timeoutMs: 2000 })).status === 200;
  } catch {
    return false;
  }
}

// GET /api/ready: readiness (sidecar and the services behind it are reachable)
export async function GET(): Promise<Response> {
  const [sidecar, taskService, notificationService] = await Promise.all([
    isSidecarHealthy(),
    reachable(APP_IDS.taskService),
    reachable(APP_IDS.notificationService),
  ]);
  const checks = { sidecar, taskService, notificationService };
  const isReady = Object.values(checks).every(Boolean);
  // Anyone can reach this probe: it says ready or not, and the log says which dependency failed.
  if (!isReady) log.warn({ checks }, 'not ready');
  return Response.json({ status: isReady ? 'ready' : 'unavailable' }, { status: isReady ? 200 : 503 });
}
