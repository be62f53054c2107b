import { AppConfig } from '@app/common';
import { accountEmailKey } from '@app/domain';
import { LoginThrottlesRepository, type Tx } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

/**
 * Failed-login counting per account name. After LOGIN_MAX_FAILURES failures
 * within LOGIN_LOCKOUT_SECONDS the name is locked for LOGIN_LOCKOUT_SECONDS.
 * Unknown names are counted the same way, so lockout reveals nothing.
 */
@Injectable()
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowSeconds: number;

  constructor(
    private readonly throttles: LoginThrottlesRepository,
    config: AppConfig,
  ) {
    this.maxFailures = config.get('LOGIN_MAX_FAILURES');
    this.windowSeconds = config.get('LOGIN_LOCKOUT_SECONDS');
  }

  /** Keyed on the same accountEmailKey that sign-in looks accounts up by, so no spelling escapes. */
  static keyOf(email: string): string {
    return createHash('sha256').update(accountEmailKey(email)).digest('hex');
  }

  /** Seconds the name stays locked, or 0. */
  async lockedFor(tx: Tx, email: string): Promise<number> {
    const lockedUntil = await this.throttles.lockedUntil(tx, LoginThrottle.keyOf(email));
    if (!lockedUntil) return 0;
    const ms = lockedUntil.getTime() - Date.now();
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Count a failure atomically; returns the lock length if this failure locked the name. */
  async recordFailure(tx: Tx, email: string): Promise<number> {
    const lockedUntil = await this.throttles.recordFailure(
      tx,
      LoginThrottle.keyOf(email),
      this.maxFailures,
      this.windowSeconds,
    );
    return lockedUntil ? this.windowSeconds : 0;
  }

  clear(tx: Tx, email: string): Promise<void> {
    return this.throttles.clear(tx, LoginThrottle.keyOf(email));
  }
}
