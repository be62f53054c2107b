import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * Deleting rows past their use. Refresh tokens, login throttles and single
 * sign-ons under way belong to a person or an address, not to an organization's records, and the purge is
 * system work over all of them: no RecordScope.
 */
@Injectable()
export class HousekeepingRepository {
  /** Refresh tokens expired more than a day ago; how many were deleted. */
  async purgeExpiredRefreshTokens(tx: Tx): Promise<number> {
    const [, tokens] = await managerOf(tx).query<[unknown, number]>(
      `DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'`,
    );
    return tokens;
  }

  /** Throttle windows older than a day that hold no running lock-out; how many. */
  async purgeStaleLoginThrottles(tx: Tx): Promise<number> {
    const [, throttles] = await managerOf(tx).query<[unknown, number]>(
      `DELETE FROM login_throttles
        WHERE (locked_until IS NULL OR locked_until < now())
          AND window_started_at < now() - interval '1 day'`,
    );
    return throttles;
  }

  /**
   * Single sign-ons started or handed over more than a day ago (each lives
   * minutes, and a spent one is kept a while for investigation); how many.
   */
  async purgeExpiredSsoSignIns(tx: Tx): Promise<number> {
    const m = managerOf(tx);
    const [, started] = await m.query<[unknown, number]>(
      `DELETE FROM sso_authorizations WHERE expires_at < now() - interval '1 day'`,
    );
    const [, handoffs] = await m.query<[unknown, number]>(
      `DELETE FROM sso_handoffs WHERE expires_at < now() - interval '1 day'`,
    );
    return started + handoffs;
  }
}
