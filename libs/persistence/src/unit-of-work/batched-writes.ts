import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * A row to insert: `into` names the table and its columns, e.g.
 * `audit_events (occurred_at, action)`, and `values` gives one value per column.
 */
export interface BatchedRow {
  into: string;
  values: unknown[];
}

/** An UPDATE without RETURNING, its parameters numbered from $1. */
export interface BatchedUpdate {
  sql: string;
  params: unknown[];
}

interface Batch {
  rows: Map<string, unknown[][]>;
  updates: BatchedUpdate[];
}

/**
 * Writes whose result nobody waits for (audit events, outbox rows, the
 * idempotency answer) are held back until the transaction's next statement
 * and sent just before it, together, as one statement: a command usually
 * makes them last, so they share one round trip before COMMIT instead of one
 * each, and round trips are most of a filing's cost. Any later statement of
 * the transaction, a read included, comes after them, so the transaction sees
 * its own writes as before, and they commit or roll back with it. Rows for one
 * table become one multi-row INSERT, keeping the order they were written in
 * (audit events take their ids in that order); the batched writes to different
 * tables are independent of each other. Only transactions opened by
 * inTransaction() batch; elsewhere (autocommit, a bare SQL client) a write is
 * sent at once.
 */
const batches = new WeakMap<EntityManager, Batch>();

/** Insert `row` with the transaction's next statement, or at once where nothing batches. */
export async function insertBatched(manager: EntityManager, row: BatchedRow): Promise<void> {
  const batch = batches.get(manager);
  if (!batch) {
    await manager.query(insertSql(row.into, [row.values], 0), row.values);
    return;
  }
  const rows = batch.rows.get(row.into);
  if (rows) rows.push(row.values);
  else batch.rows.set(row.into, [row.values]);
}

/** Run `update` with the transaction's next statement, or at once where nothing batches. */
export async function updateBatched(manager: EntityManager, update: BatchedUpdate): Promise<void> {
  const batch = batches.get(manager);
  if (batch) batch.updates.push(update);
  else await manager.query(update.sql, update.params);
}

/** The batching of one transaction's writes, from batchWrites(). */
export interface WriteBatching {
  /** Send what is held now (the transaction commits next). */
  flush(): Promise<void>;
  /** Stop batching; whatever is still held (after a failure) is dropped with the transaction. */
  end(): void;
}

/** Batch the writes made on `manager`, a transaction's manager, until end(). */
export function batchWrites(manager: EntityManager): WriteBatching {
  const runner = manager.queryRunner;
  if (!runner) return { flush: () => Promise.resolve(), end: () => undefined };
  const batch: Batch = { rows: new Map(), updates: [] };
  batches.set(manager, batch);
  const send: (...args: Parameters<QueryRunner['query']>) => Promise<unknown> =
    runner.query.bind(runner);
  const sendHeld = async (): Promise<void> => {
    const held = takeBatch(batch);
    if (held) await send(held.sql, held.params);
  };
  // Every statement of the transaction goes through its runner: the held
  // writes go first. The instance property shadows the class's method.
  const query = async (...args: Parameters<QueryRunner['query']>): Promise<unknown> => {
    await sendHeld();
    return send(...args);
  };
  runner.query = query as QueryRunner['query'];
  return {
    flush: sendHeld,
    end: () => {
      takeBatch(batch);
      batches.delete(manager);
      delete (runner as Partial<QueryRunner>).query;
    },
  };
}

/** The held writes as one statement (emptying the batch), or null when none are held. */
function takeBatch(batch: Batch): { sql: string; params: unknown[] } | null {
  const params: unknown[] = [];
  const statements: string[] = [];
  for (const [into, rows] of batch.rows) {
    statements.push(insertSql(into, rows, params.length));
    for (const values of rows) params.push(...values);
  }
  for (const update of batch.updates) {
    const offset = params.length;
    statements.push(update.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`));
    params.push(...update.params);
  }
  batch.rows.clear();
  batch.updates.length = 0;
  if (statements.length === 0) return null;
  const sql =
    statements.length === 1
      ? statements[0]
      : `WITH ${statements.map((s, i) => `w${i} AS (${s})`).join(',\n')} SELECT 1`;
  return { sql, params };
}

/** INSERT INTO `into` VALUES one tuple of placeholders per row, numbered after `offset`. */
function insertSql(into: string, rows: unknown[][], offset: number): string {
  let n = offset;
  const tuples = rows.map((values) => `(${values.map(() => `$${++n}`).join(', ')})`);
  return `INSERT INTO ${into} VALUES ${tuples.join(', ')}`;
}
