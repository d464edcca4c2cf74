// Writes the local secret store file and the per-app API tokens once; later runs keep them.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { APP_IDS, SECRETS } from '../lib/contracts/names';
import { databaseSecrets, SECRETS_FILE, TOKENS_FILE, type Tokens } from './local-config';

const random = () => randomBytes(32).toString('base64url');

function readJson<T>(file: string): Partial<T> {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<T>) : {};
}

const secrets: Record<string, string> = {
  ...databaseSecrets(),
  [SECRETS.authSecret]: random(),
  ...readJson<Record<string, string>>(SECRETS_FILE),
};
writeFileSync(SECRETS_FILE, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });

const tokens = readJson<Tokens>(TOKENS_FILE) as Tokens;
for (const app of Object.values(APP_IDS)) tokens[app] ??= { appApiToken: random(), daprApiToken: random() };
writeFileSync(TOKENS_FILE, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
console.log(`secrets and tokens in ${SECRETS_FILE} and ${TOKENS_FILE}`);
