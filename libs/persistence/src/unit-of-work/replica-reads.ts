import type { DataSource, EntityManager } from 'typeorm';
import { retryOnConflict } from './conflict-retry';

/** The database has a read replica (READ_DATABASE_URL; TypeORM's replication). */
export function hasReadReplica(dataSource: DataSource): boolean {
  return (dataSource.driver as { isReplicated?: boolean }).isReplicated === true;
}

export interface ReplicaReadOptions {
  /**
   * Run in a transaction on the primary too, when there is no replica: for
   * work that sets transaction-local settings (`set_config(…, true)`).
   */
  transaction?: boolean;
}

/**
 * Run `work`, reads that may lag the primary by the replication delay (lists,
 * search, statistics), on the read replica when READ_DATABASE_URL is set.
 * Only reads chosen for it come here: writes, transactions, access checks,
 * single-record reads (a GET right after a create must find the record) and
 * the audit events of reads stay on the primary.
 *
 * On the replica the work runs in one READ ONLY, REPEATABLE READ transaction,
 * so a page and its follow-up statements read one snapshot, and a write that
 * slipped in fails rather than reaching a server that cannot take it. Without
 * a replica the work runs on the primary as before: in autocommit, or, with
 * `transaction`, in the same READ ONLY transaction. The connection is
 * released when the work settles. A transaction that fails with a
 * serialization failure (a standby cancels a snapshot that replay conflicts
 * with) runs again in a new one, as inTransaction's do (retryOnConflict).
 */
export async function replicaReads<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: ReplicaReadOptions = {},
): Promise<T> {
  if (!hasReadReplica(dataSource) && !options.transaction) return work(dataSource.manager);
  return retryOnConflict(() => readOnlyTransaction(dataSource, work));
}

/** One READ ONLY, REPEATABLE READ transaction running `work`, on a replica when there is one. */
async function readOnlyTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  // 'slave' picks a replica's pool; without one, TypeORM hands out the primary's.
  const runner = dataSource.createQueryRunner('slave');
  try {
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}
