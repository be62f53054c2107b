import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from './tx';

/** Data sources whose connections may hold named prepared statements (see preparedReads). */
const preparing = new WeakSet<DataSource>();

/**
 * Let `readRows(…, { prepared: true })` on `dataSource` use named prepared
 * statements. Only for a real server session per connection: the embedded
 * database serves every connection from one session, where two connections
 * preparing the same name collide, and a transaction-pooling PgBouncer older
 * than 1.21 would hand a statement's execution to a session that never
 * prepared it.
 */
export function preparedReads(dataSource: DataSource): void {
  preparing.add(dataSource);
}

export interface ReadOptions {
  /**
   * Keep the statement prepared on each pooled connection, named after its
   * text, so it is planned once per connection instead of on every request.
   * For a large read on a hot path whose planning costs more than running it
   * (the case detail plans ~40 subqueries in 2–6 ms and runs in under 1 ms).
   */
  prepared?: boolean;
}

/**
 * The rows of one plain read. Inside a transaction it runs on that
 * transaction's connection; on the autocommit Tx it goes straight to the
 * pool (one checkout, one statement), skipping the query runner TypeORM
 * builds, connects and releases around every lone query. For the reads every
 * signed-in request makes, that runner cost as much CPU as the pg client.
 */
export async function readRows<T>(
  tx: Tx,
  sql: string,
  parameters: unknown[],
  options: ReadOptions = {},
): Promise<T[]> {
  const manager = managerOf(tx);
  if (manager.queryRunner) return manager.query<T[]>(sql, parameters);
  // TypeORM's postgres driver keeps its pg pool as `master`.
  const pool = (manager.connection.driver as unknown as { master: Pool }).master;
  const result =
    options.prepared && preparing.has(manager.connection)
      ? await pool.query({ name: statementName(sql), text: sql, values: parameters })
      : await pool.query(sql, parameters);
  return result.rows as T[];
}

const names = new Map<string, string>();

/**
 * A statement's name is a digest of its text: node-postgres prepares a name
 * once per connection and refuses one name for two texts, and a read whose
 * text varies (a filter present or not) is one statement per variant.
 */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `crh_${createHash('sha256').update(sql).digest('base64url').slice(0, 32)}`;
    // Variants are few (texts are built from code, never from values); the bound is a safeguard.
    if (names.size > 1000) names.clear();
    names.set(sql, name);
  }
  return name;
}
