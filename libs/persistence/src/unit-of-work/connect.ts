import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database-options';
import { UnitOfWork } from './unit-of-work';

/**
 * A UnitOfWork on its own connection, for a command-line run outside Nest:
 * one pooled connection, closed by `close`.
 */
export async function connectUnitOfWork(
  url: string,
): Promise<{ uow: UnitOfWork; close: () => Promise<void> }> {
  const dataSource = new DataSource(dataSourceOptions({ url, poolSize: 1 }));
  await dataSource.initialize();
  return { uow: new UnitOfWork(dataSource), close: () => dataSource.destroy() };
}
