import { DataSource } from 'typeorm';
import { dataSourceOptions, type DatabaseConnectionSettings } from '../database-options';
import { UnitOfWork } from './unit-of-work';

/**
 * A connection an operator command (or the single-machine start's seed) opens
 * for itself, outside any Nest application.
 */
export interface StandaloneDatabase {
  readonly uow: UnitOfWork;
  readonly close: () => Promise<void>;
}

/**
 * Connect to the database for a one-off command. `extra` replaces the pool
 * settings (a command that reads the whole audit trail needs a longer
 * statement timeout than a request may take). Throws when the database
 * cannot be reached.
 */
export async function openStandaloneDatabase(
  settings: DatabaseConnectionSettings,
  extra?: Record<string, unknown>,
): Promise<StandaloneDatabase> {
  const ds = new DataSource({
    ...dataSourceOptions(settings),
    ...(extra ? { extra } : {}),
  });
  await ds.initialize();
  return { uow: new UnitOfWork(ds), close: () => ds.destroy() };
}
