import { redisTargetOf, runMain, validateEnvironment } from '@app/common';
import { migrateDatabase } from '@app/persistence';
import { requireRedis } from '@app/queues';
import { createHealthServer } from './health-server';
import { createWorkerApp } from './worker-app';

/** The worker process: relay + processors, and GET /health and /metrics on WORKER_HEALTH_PORT. */
runMain('worker', async () => {
  // The worker opens agencies' sealed webhook secrets to sign deliveries,
  // and signs the audit chain's checkpoints.
  const env = validateEnvironment(process.env, {
    require: ['DATABASE_URL', 'FIELD_ENCRYPTION_KEYS', 'AUDIT_SIGNING_KEY'],
  });
  await requireRedis(redisTargetOf(env));
  if (env.DATABASE_MIGRATIONS_RUN) await migrateDatabase(env.DATABASE_URL as string);
  const app = await createWorkerApp(env);
  const server = createHealthServer(app, env);
  server.listen(env.WORKER_HEALTH_PORT, env.HOST);
  // Close the health server with the app so SIGTERM ends the process cleanly.
  process.once('SIGTERM', () => server.close());
  process.once('SIGINT', () => server.close());
});
