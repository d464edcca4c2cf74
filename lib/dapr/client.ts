// The one lazily created @dapr/dapr client of this process (creating it at module load breaks `next build`).
import { CommunicationProtocolEnum, DaprClient } from '@dapr/dapr';
import { sidecarEnv } from './sidecar';

let client: DaprClient | undefined;

export function daprClient(): DaprClient {
  if (!client) {
    const env = sidecarEnv();
    client = new DaprClient({
      daprHost: env.DAPR_HOST,
      daprPort: String(env.DAPR_HTTP_PORT),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      ...(env.DAPR_API_TOKEN ? { daprApiToken: env.DAPR_API_TOKEN } : {}),
      logger: { level: 1 },
    });
  }
  return client;
}
