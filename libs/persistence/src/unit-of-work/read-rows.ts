import type { Pool } from 'pg';
import { managerOf, type Tx } from './tx';

/**
 * The rows of one plain read. Inside a transaction it runs on that
 * transaction's connection; on the autocommit Tx it goes straight to the
 * pool (one checkout, one statement), skipping the query runner TypeORM
 * builds, connects and releases around every lone query. For the reads every
 * signed-in request makes, that runner cost as much CPU as the pg client.
 */
export async function readRows<T>(tx: Tx, sql: string, parameters: unknown[]): Promise<T[]> {
  const manager = managerOf(tx);
  if (manager.queryRunner) return manager.query<T[]>(sql, parameters);
  // TypeORM's postgres driver keeps its pg pool as `master`.
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  const result = await pool.query(sql, parameters);
  return result.rows as T[];
}
