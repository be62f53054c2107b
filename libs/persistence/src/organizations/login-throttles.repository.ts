import { Injectable } from '@nestjs/common';
import { LoginThrottleEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * Failed sign-in counters, keyed by a digest of an account name. Not
 * organization-owned: unknown names are counted like known ones.
 */
@Injectable()
export class LoginThrottlesRepository {
  /** Until when the name is locked, or null. */
  async lockedUntil(tx: Tx, keyHash: string): Promise<Date | null> {
    const row = await managerOf(tx).findOneBy(LoginThrottleEntity, { keyHash });
    return row?.lockedUntil ?? null;
  }

  /**
   * Count a failure atomically: a new window starts when the last one is over
   * (or its lock ran out); the failure that reaches `maxFailures` locks the
   * name for `windowSeconds`. Returns the lock's end when the name is locked now.
   */
  async recordFailure(
    tx: Tx,
    keyHash: string,
    maxFailures: number,
    windowSeconds: number,
  ): Promise<Date | null> {
    const rows: { failures: number; locked_until: Date | null }[] = await managerOf(tx).query(
      `INSERT INTO login_throttles AS t (key_hash, failures, window_started_at, locked_until)
            VALUES ($1, 1, now(), CASE WHEN $2::int <= 1 THEN now() + make_interval(secs => $3) END)
       ON CONFLICT (key_hash) DO UPDATE SET
         failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $3)
                              OR (t.locked_until IS NOT NULL AND t.locked_until <= now())
                         THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $3)
                              OR (t.locked_until IS NOT NULL AND t.locked_until <= now())
                         THEN now() ELSE t.window_started_at END,
         locked_until = CASE
           WHEN (CASE WHEN t.window_started_at < now() - make_interval(secs => $3)
                           OR (t.locked_until IS NOT NULL AND t.locked_until <= now())
                      THEN 1 ELSE t.failures + 1 END) >= $2::int
           THEN now() + make_interval(secs => $3) ELSE NULL END
       RETURNING failures, locked_until`,
      [keyHash, maxFailures, windowSeconds],
    );
    return rows[0]?.locked_until ?? null;
  }

  async clear(tx: Tx, keyHash: string): Promise<void> {
    await managerOf(tx).delete(LoginThrottleEntity, { keyHash });
  }
}
