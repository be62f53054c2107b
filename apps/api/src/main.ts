import { runMain, StartupError, validateEnvironment } from '@app/common';
import { migrateDatabase } from '@app/persistence';
import { requireRedis } from '@app/queues';
import { createApiApp } from './api-app';

/** The API process: HTTP only; processors run in the worker. */
runMain('api', async () => {
  const env = validateEnvironment(process.env);
  await requireRedis(env.REDIS_URL);
  if (!env.DATABASE_URL)
    throw new StartupError(
      'DATABASE_URL is required (npm start serves an embedded database; this process does not).',
    );
  if (env.DATABASE_MIGRATIONS_RUN) await migrateDatabase(env.DATABASE_URL);
  const app = await createApiApp(env);
  await app.listen(env.PORT, env.HOST);
});
