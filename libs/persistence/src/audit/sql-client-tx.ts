import type { EntityManager } from 'typeorm';
import { txOf, type Tx } from '../unit-of-work/tx';

/** Runs one SQL statement and answers its rows (a pg client's or a DataSource's query). */
export type SqlRows = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * A Tx over a bare SQL client, for the tools that read a database without
 * TypeORM (benchmarks, fault drills). Only repository methods that run plain
 * SQL work on it: AuditChainRepository's verification reads do.
 */
export function txOverSqlClient(query: SqlRows): Tx {
  return txOf({
    query: (sql: string, params?: unknown[]) => query(sql, params),
  } as unknown as EntityManager);
}
