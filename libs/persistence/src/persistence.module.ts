import { AppConfig } from '@app/common';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './database-options';
import { ENTITIES } from './entities';

/**
 * The database connection for a process. DATABASE_URL is set by then: either
 * given, or pointed at the embedded database by the single-machine start.
 */
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
  exports: [TypeOrmModule],
})
export class PersistenceModule {}
