import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * Deleting rows past their use. Refresh tokens and login throttles belong to a
 * person or an address, not to an organization's records, and the purge is
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
}
