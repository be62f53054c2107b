import type { DataSource, EntityManager } from 'typeorm';
import { collectAfterCommit, runTasks } from './unit-of-work/after-commit';
import { batchWrites } from './unit-of-work/batched-writes';
import { retryOnConflict } from './unit-of-work/conflict-retry';

/**
 * Run one command's work (state change, audit event, outbox rows) in a single
 * transaction. Everything inside must use the given manager: awaiting a query on
 * another connection from inside would deadlock on the embedded database and is
 * a consistency bug on a server.
 *
 * When PostgreSQL fails the transaction with a deadlock or serialization failure,
 * the work runs again from the start in a new transaction (see retryOnConflict),
 * so `work` must do nothing outside the database that cannot be repeated; what
 * must wait for the commit goes to afterCommit. A failed attempt's held writes
 * and after-commit tasks go with its transaction: only the attempt that
 * commits runs its tasks, once.
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const { result, afterCommit } = await retryOnConflict(() => attempt(dataSource, work));
  // Committed: work outside the database that waited for it (see after-commit.ts).
  await runTasks(afterCommit);
  return result;
}

/** One transaction running `work`, and the tasks waiting for its commit. */
async function attempt<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<{ result: T; afterCommit: (() => Promise<void>)[] }> {
  // PostgreSQL's default isolation, READ COMMITTED; naming it would cost a
  // SET TRANSACTION round trip on every command.
  let afterCommit: (() => Promise<void>)[] = [];
  const result = await dataSource.transaction(async (manager) => {
    afterCommit = collectAfterCommit(manager);
    // Audit events, outbox rows and the idempotency answer ride with the next
    // statement (see batched-writes.ts); the last of them go just before COMMIT.
    const batching = batchWrites(manager);
    try {
      const result = await work(manager);
      await batching.flush();
      return result;
    } finally {
      batching.end();
    }
  });
  return { result, afterCommit };
}

/** PostgreSQL's unique_violation, optionally on a named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = e?.driverError?.code ?? e?.code;
  const name = e?.driverError?.constraint ?? e?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}
