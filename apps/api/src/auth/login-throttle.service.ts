import { AppConfig } from '@app/common';
import { accountEmailKey } from '@app/domain';
import { LoginThrottleEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * Failed-login counting per account name. After LOGIN_MAX_FAILURES failures
 * within LOGIN_LOCKOUT_SECONDS the name is locked for LOGIN_LOCKOUT_SECONDS.
 * Unknown names are counted the same way, so lockout reveals nothing.
 */
@Injectable()
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowSeconds: number;

  constructor(config: AppConfig) {
    this.maxFailures = config.get('LOGIN_MAX_FAILURES');
    this.windowSeconds = config.get('LOGIN_LOCKOUT_SECONDS');
  }

  /** Keyed on the same accountEmailKey that sign-in looks accounts up by, so no spelling escapes. */
  static keyOf(email: string): string {
    return createHash('sha256').update(accountEmailKey(email)).digest('hex');
  }

  /** Seconds the name stays locked, or 0. */
  async lockedFor(manager: EntityManager, email: string): Promise<number> {
    const row = await manager.findOneBy(LoginThrottleEntity, {
      keyHash: LoginThrottle.keyOf(email),
    });
    if (!row?.lockedUntil) return 0;
    const ms = row.lockedUntil.getTime() - Date.now();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Count a failure atomically; returns the lock length if this failure locked the name. */
  async recordFailure(manager: EntityManager, email: string): Promise<number> {
    const rows: { failures: number; locked_until: Date | null }[] = await manager.query(
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
      [LoginThrottle.keyOf(email), this.maxFailures, this.windowSeconds],
    );
    const row = rows[0];
    return row?.locked_until ? this.windowSeconds : 0;
  }

  async clear(manager: EntityManager, email: string): Promise<void> {
    await manager.delete(LoginThrottleEntity, { keyHash: LoginThrottle.keyOf(email) });
  }
}
