// The one lazily created @dapr/dapr client of this process (creating it at module load breaks `next build`).
import { CommunicationProtocolEnum, DaprClient, LogLevel } from '@dapr/dapr';
import { log } from '../platform/log';
import { processSingleton } from '../platform/singleton';
import { sidecarEnv } from './sidecar';

// The SDK's own messages go to the structured log at debug level: every caller already logs or
// rethrows a failure with its context, and the SDK's console lines would repeat it unstructured.
const sdkLogger = {
  error: (message: unknown) => log.debug({ sdk: 'dapr' }, String(message)),
  warn: (message: unknown) => log.debug({ sdk: 'dapr' }, String(message)),
  info: (message: unknown) => log.debug({ sdk: 'dapr' }, String(message)),
  verbose: (message: unknown) => log.trace({ sdk: 'dapr' }, String(message)),
  debug: (message: unknown) => log.trace({ sdk: 'dapr' }, String(message)),
};

const slot = processSingleton('dapr.client', () => ({ client: undefined as DaprClient | undefined }));

export function daprClient(): DaprClient {
  if (!slot.client) {
    const env = sidecarEnv();
    slot.client = new DaprClient({
      daprHost: env.DAPR_HOST,
      daprPort: String(env.DAPR_HTTP_PORT),
      communicationProtocol: CommunicationProtocolEnum.HTTP,
      daprApiToken: env.DAPR_API_TOKEN,
      logger: { level: LogLevel.Debug, service: sdkLogger },
    });
  }
  return slot.client;
}
