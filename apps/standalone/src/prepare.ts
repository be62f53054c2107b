import { redisTargetOf, StartupError, validateEnvironment, type Environment } from '@app/common';
import { migrateDatabase } from '@app/persistence';
import { requireRedis } from '@app/queues';
import { resolve, join } from 'node:path';
import { loadOrCreateDemoSecrets } from './demo-secrets';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database';

/** Connections each hosted app may hold on the embedded database. */
const EMBEDDED_POOL_SIZE = 4;

export interface PreparedStart {
  env: Environment;
  embedded?: EmbeddedDatabase;
  /** Settings the start made up because none were given (said on the console). */
  generated: string[];
  /** Second factors are not required (demo only; announced as a warning). */
  mfaOff: boolean;
  demoPassword?: string;
  migrationsApplied: string[];
}

/**
 * Everything the single-machine start does before apps boot: fill in demo
 * secrets (outside production), check Redis, serve the embedded database when
 * no DATABASE_URL is given, and apply migrations.
 */
export async function prepareStart(raw: NodeJS.ProcessEnv): Promise<PreparedStart> {
  const production = raw.NODE_ENV === 'production';
  const generated: string[] = [];
  const overrides: Record<string, string> = {};
  const dataDir = resolve(raw.DATA_DIR && raw.DATA_DIR !== '' ? raw.DATA_DIR : './data');
  const secrets = production ? undefined : loadOrCreateDemoSecrets(dataDir);
  if (!raw.JWT_SECRET && secrets) {
    overrides.JWT_SECRET = secrets.jwtSecret;
    generated.push(`JWT_SECRET (kept in ${join(dataDir, 'demo-secrets.json')})`);
  }
  if (!raw.FIELD_ENCRYPTION_KEYS && secrets) {
    overrides.FIELD_ENCRYPTION_KEYS = secrets.fieldEncryptionKeys;
    generated.push(`FIELD_ENCRYPTION_KEYS (kept in ${join(dataDir, 'demo-secrets.json')})`);
  }
  if (!raw.CARD_HASH_KEYS && secrets) {
    overrides.CARD_HASH_KEYS = secrets.cardHashKeys;
    generated.push(`CARD_HASH_KEYS (kept in ${join(dataDir, 'demo-secrets.json')})`);
  }
  if (!raw.AUDIT_SIGNING_KEY && secrets) {
    overrides.AUDIT_SIGNING_KEY = secrets.auditSigningKey;
    generated.push(`AUDIT_SIGNING_KEY (kept in ${join(dataDir, 'demo-secrets.json')})`);
  }
  // The demo logins have no second factor: outside production, and unless told
  // otherwise, the demo does not require one (the start says so loudly).
  const mfaOff = !production && !raw.MFA_REQUIRED_ROLES;
  if (mfaOff) overrides.MFA_REQUIRED_ROLES = 'none';
  let env = validateEnvironment(
    { ...raw, ...overrides, DATA_DIR: dataDir },
    { require: ['JWT_SECRET', 'FIELD_ENCRYPTION_KEYS', 'AUDIT_SIGNING_KEY'] },
  );
  await requireRedis(redisTargetOf(env));

  let embedded: EmbeddedDatabase | undefined;
  if (!env.DATABASE_URL) {
    if (production) throw new StartupError('DATABASE_URL is required when NODE_ENV=production.');
    embedded = await startEmbeddedDatabase(
      join(dataDir, 'pgdata'),
      EMBEDDED_POOL_SIZE * 2 + 2,
    ).catch((error: unknown) => {
      throw new StartupError(
        `The embedded database in ${join(dataDir, 'pgdata')} could not start: ${
          error instanceof Error ? error.message : String(error)
        }. Is another start using this folder?`,
      );
    });
    env = {
      ...env,
      DATABASE_URL: embedded.url,
      DATABASE_POOL_SIZE: EMBEDDED_POOL_SIZE,
      // PGlite serves every connection from one session (see batch-affinity.ts), so a
      // notification goes out on the session's current stream, not to a listening
      // connection: the relay polls instead of holding a connection that would hear nothing.
      OUTBOX_LISTEN: false,
      // For the same reason, two connections preparing one statement name would collide.
      DATABASE_PREPARED_STATEMENTS: false,
    };
  }
  const migrationsApplied = await migrateDatabase(env.DATABASE_URL as string);

  let demoPassword: string | undefined;
  if (!production) {
    demoPassword = env.DEMO_PASSWORD ?? secrets?.demoPassword;
    if (!env.DEMO_PASSWORD)
      generated.push(`DEMO_PASSWORD (kept in ${join(dataDir, 'demo-secrets.json')})`);
  }
  return { env, embedded, generated, mfaOff, demoPassword, migrationsApplied };
}
