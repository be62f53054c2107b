import { Logger } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';

/**
 * SQLSTATEs with which PostgreSQL gives up on one transaction so that others
 * can go on: deadlock_detected, and serialization_failure (also what a hot
 * standby answers a read whose snapshot recovery had to cancel). Running the
 * same work again in a new transaction is the remedy PostgreSQL documents.
 */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/** Attempts in all, the first included. */
export const TRANSACTION_ATTEMPTS = 3;

const logger = new Logger('TransactionRetry');

/**
 * The SQLSTATE of a deadlock or serialization failure reported by the database
 * driver (TypeORM's QueryFailedError around it, or the driver's own error),
 * else undefined: an error the application made up is never retried.
 */
export function retryableSqlState(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError) && !(error instanceof DatabaseError)) return undefined;
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.driverError?.code ?? e.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code) ? code : undefined;
}

/**
 * Run `attempt`, a whole transaction from BEGIN to COMMIT, again (up to
 * TRANSACTION_ATTEMPTS in all) while it fails with a deadlock or serialization
 * failure, after a short random pause that grows with each attempt. Any other
 * error, and the last attempt's, propagates unchanged.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      const sqlState = retryableSqlState(error);
      if (sqlState === undefined || n >= TRANSACTION_ATTEMPTS) throw error;
      // The SQLSTATE only: the error's message and parameters can carry personal data.
      logger.warn(
        { sqlState, attempt: n, attempts: TRANSACTION_ATTEMPTS },
        'A transaction lost to a concurrent one; running it again',
      );
      await pause(backoffMs(n));
    }
  }
}

/** 20–50 ms after the first failed attempt, 40–100 ms after the second. */
export function backoffMs(failedAttempts: number): number {
  const base = 20 * 2 ** (failedAttempts - 1);
  return base + Math.floor(Math.random() * base * 1.5);
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
