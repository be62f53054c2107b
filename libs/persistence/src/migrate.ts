import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database-options';

/** Any fixed 64-bit key; every process that migrates takes the same lock. */
const MIGRATION_LOCK_KEY = 7_311_052_418;

/**
 * Apply pending migrations. Several processes may start at once (API replicas,
 * workers): a session-level advisory lock lets one migrate while the others
 * wait, then find nothing left to do. Returns the names applied.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  // One connection, so the lock and the migrations share a session.
  const dataSource = new DataSource(
    dataSourceOptions({ url, poolSize: 1, applicationName: 'crh-migrate' }),
  );
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await dataSource.destroy();
  }
}
