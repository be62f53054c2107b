import { redisTargetOf, runMain, validateEnvironment } from '@app/common';
import { migrateDatabase } from '@app/persistence';
import { requireRedis } from '@app/queues';
import { createApiApp } from './api-app';

/** The API process: HTTP only; processors run in the worker. */
runMain('api', async () => {
  const env = validateEnvironment(process.env, {
    require: ['JWT_SECRET', 'FIELD_ENCRYPTION_KEYS', 'DATABASE_URL'],
  });
  await requireRedis(redisTargetOf(env));
  if (env.DATABASE_MIGRATIONS_RUN) await migrateDatabase(env.DATABASE_URL as string);
  const app = await createApiApp(env);
  await app.listen(env.PORT, env.HOST);
});
