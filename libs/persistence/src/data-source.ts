import { databaseSettingsFrom } from '@app/common/config/environment';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database-options';

/**
 * The TypeORM CLI's entry (`npm run migration:generate|run|revert`). It reads
 * DATABASE_URL only and builds the same options as the processes do.
 */
export default new DataSource(
  dataSourceOptions({ ...databaseSettingsFrom(process.env), applicationName: 'crh-cli' }),
);
