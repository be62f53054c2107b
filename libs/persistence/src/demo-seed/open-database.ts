import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database-options';
import { UnitOfWork } from '../unit-of-work';

/** A database connection opened outside any Nest application. */
export interface OpenedDatabase {
  readonly uow: UnitOfWork;
  close(): Promise<void>;
}

/**
 * One connection to `url`, for work done before the applications start (the
 * demo seed of the standalone start and of `npm run seed:demo`).
 */
export async function openDatabase(url: string): Promise<OpenedDatabase> {
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 1 }));
  await dataSource.initialize();
  return {
    uow: new UnitOfWork(dataSource),
    close: () => dataSource.destroy(),
  };
}
