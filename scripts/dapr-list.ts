// `npm run dapr:list`: what each running sidecar of the dev stack reports about itself
// (the Dapr CLI's `dapr list` is not available from the module proxy; this reads the same metadata API).
import { readFileSync } from 'node:fs';
import { SCRIPTS_CONFIG, TOKENS_FILE, type Tokens } from './local-config';
import { readRunFile } from './stack/resources';

const offset = SCRIPTS_CONFIG.PORT_OFFSET;
const tokens = JSON.parse(readFileSync(TOKENS_FILE, 'utf8')) as Tokens;
const rows: Record<string, string | number>[] = [];
for (const app of readRunFile().apps) {
  const port = app.daprHTTPPort + offset;
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v1.0/metadata`, {
      headers: { 'dapr-api-token': tokens[app.appID]?.daprApiToken ?? '' },
      signal: AbortSignal.timeout(2000),
    });
    const meta = (await res.json()) as {
      id: string;
      runtimeVersion: string;
      appConnectionProperties?: { port?: number; health?: { healthProbeStatus?: string } };
      components?: unknown[];
      subscriptions?: unknown[];
    };
    rows.push({
      APP_ID: meta.id,
      HTTP_PORT: port,
      GRPC_PORT: app.daprGRPCPort + offset,
      APP_PORT: meta.appConnectionProperties?.port ?? app.appPort + offset,
      RUNTIME: meta.runtimeVersion,
      COMPONENTS: meta.components?.length ?? 0,
      SUBSCRIPTIONS: meta.subscriptions?.length ?? 0,
    });
  } catch {
    rows.push({ APP_ID: app.appID, HTTP_PORT: port, STATUS: 'not running' });
  }
}
console.table(rows);
