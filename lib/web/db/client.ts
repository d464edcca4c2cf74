import 'server-only';
import { SECRETS } from '@/lib/contracts';
import { lazyDb } from '@/lib/platform/lazy-db';
import * as schema from './schema';

/** web's database (accounts). */
export const getWebDb = lazyDb(SECRETS.webDatabaseUrl, schema);
