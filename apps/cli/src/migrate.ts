import { runMain, validateEnvironment } from '@app/common';
import { migrateDatabase } from '@app/persistence';

/**
 * `npm run migrate`: apply pending migrations and exit. Works from the built
 * image (no TypeScript tooling), under the same lock the processes take.
 */
runMain('migrate', async () => {
  const env = validateEnvironment(process.env, { require: ['DATABASE_URL'] });
  const applied = await migrateDatabase(env.DATABASE_URL as string);
  process.stdout.write(
    applied.length > 0 ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n',
  );
});
