import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseConnectionSettings {
  url: string;
  poolSize: number;
  applicationName?: string;
  /**
   * A streaming replica. Only reads run through `replicaReads` go there;
   * everything else, the default for every query TypeORM builds included,
   * stays on `url`.
   */
  readUrl?: string;
}

/**
 * The one description of the database: the app, the worker, the tests and the
 * migration CLI all build their DataSource from here. Schema changes happen
 * through migrations only, never `synchronize`.
 */
export function dataSourceOptions(settings: DatabaseConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    ...(settings.readUrl
      ? {
          replication: {
            master: { url: settings.url },
            slaves: [{ url: settings.readUrl }],
            // TypeORM would send every SELECT it builds to a replica by default;
            // here a replica serves only the reads chosen for it.
            defaultMode: 'master' as const,
          },
        }
      : { url: settings.url }),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // Migrations run through migrateDatabase() (under a lock), never implicitly.
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries are logged by the error filter without their parameters
    // (which can hold personal data); TypeORM's own error log would print them.
    logging: ['warn', 'migration'],
    applicationName: settings.applicationName ?? 'crh',
    extra: {
      max: settings.poolSize,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      // A statement that runs this long is a bug; fail it rather than hold a connection.
      statement_timeout: 30000,
    },
  };
}
