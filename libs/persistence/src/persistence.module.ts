import { AppConfig } from '@app/common';
import { Global, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BlobStore } from './blobs/blob-store';
import { blobStoreFrom } from './blobs/blob-store-settings';
import { dataSourceOptions } from './database-options';
import { ENTITIES } from './entities';
import { REPOSITORIES } from './repositories';
import { preparedReads } from './unit-of-work/read-rows';

/**
 * The database connection for a process. DATABASE_URL is set by then: either
 * given, or pointed at the embedded database by the single-machine start.
 * Global: every feature module reaches the repositories and the UnitOfWork.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const url = config.get('DATABASE_URL');
        if (!url) {
          throw new Error(
            'DATABASE_URL is not set (the single-machine start sets it for the embedded database)',
          );
        }
        return {
          ...dataSourceOptions({
            url,
            readUrl: config.get('READ_DATABASE_URL'),
            poolSize: config.get('DATABASE_POOL_SIZE'),
          }),
          // Fail fast at boot rather than retrying for half a minute.
          retryAttempts: 2,
          retryDelay: 1000,
        };
      },
    }),
    TypeOrmModule.forFeature(ENTITIES),
  ],
  providers: [
    {
      // Documents' bytes (see docs/attachments.md); the description names no secret.
      provide: BlobStore,
      inject: [AppConfig],
      useFactory: (config: AppConfig): BlobStore => {
        const store = blobStoreFrom({
          BLOB_STORE: config.get('BLOB_STORE'),
          BLOB_DIR: config.get('BLOB_DIR'),
          DATA_DIR: config.get('DATA_DIR'),
          S3_ENDPOINT: config.get('S3_ENDPOINT'),
          S3_REGION: config.get('S3_REGION'),
          S3_BUCKET: config.get('S3_BUCKET'),
          S3_ACCESS_KEY_ID: config.get('S3_ACCESS_KEY_ID'),
          S3_SECRET_ACCESS_KEY: config.get('S3_SECRET_ACCESS_KEY'),
          S3_FORCE_PATH_STYLE: config.get('S3_FORCE_PATH_STYLE'),
        });
        new Logger('Documents').log(`Documents kept in the ${store.description}`);
        return store;
      },
    },
    ...REPOSITORIES,
  ],
  exports: [TypeOrmModule, BlobStore, ...REPOSITORIES],
})
export class PersistenceModule implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * A connection the server ends while it is checked out (a restart, an
   * administrator's terminate) emits an `error` event on its client; with no
   * listener that would end the process. The query in flight fails on its own
   * and the pool replaces the connection, so the event is only logged.
   */
  onModuleInit(): void {
    if (this.config.get('DATABASE_PREPARED_STATEMENTS')) preparedReads(this.dataSource);
    const driver = this.dataSource.driver as unknown as { master?: PgPool; slaves?: PgPool[] };
    const watch = (client: PgClient): void => {
      client.on('error', (error) => {
        this.logger.warn({ code: error.code, message: error.message }, 'Database connection lost');
      });
    };
    // The primary's pool and, with READ_DATABASE_URL, the replica's.
    for (const pool of [driver.master, ...(driver.slaves ?? [])]) {
      if (!pool) continue;
      pool.on('connect', watch);
      // Connections opened while the data source initialised (pg keeps them in _clients).
      for (const client of pool._clients ?? []) watch(client);
    }
  }
}

interface PgClient {
  on(event: 'error', listener: (error: Error & { code?: string }) => void): void;
}

/** The part of pg's Pool this module uses. */
interface PgPool {
  _clients?: PgClient[];
  on(event: 'connect', listener: (client: PgClient) => void): void;
}
