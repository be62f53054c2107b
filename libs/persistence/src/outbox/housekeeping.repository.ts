import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * Deleting rows past their use. Refresh tokens, login throttles and single
 * sign-ons under way belong to a person or an address, not to an organization's records, and the purge is
 * system work over all of them: no RecordScope.
 */
/** The tables partitioned by month (UTC); see the TimePartitions migration. */
export const MONTH_PARTITIONED_TABLES = ['audit_events', 'referral_match_keys'] as const;
export type MonthPartitionedTable = (typeof MONTH_PARTITIONED_TABLES)[number];

/** Month partitions kept ready past the current month. */
export const PARTITION_MONTHS_AHEAD = 3;

/** What a pass of partition upkeep did to one table. */
export interface MonthPartitionsOutcome {
  /** Partitions created, e.g. `audit_events_y2027m03`. */
  created: string[];
  /** Months left to the default partition because it already holds rows of them. */
  blocked: string[];
}

@Injectable()
export class HousekeepingRepository {
  /**
   * Create the month partitions of `table` from the current month (UTC) to
   * PARTITION_MONTHS_AHEAD months past it that do not exist yet, through the
   * migration's SECURITY DEFINER function (the worker does not own the table).
   */
  async createMonthPartitions(
    tx: Tx,
    table: MonthPartitionedTable,
  ): Promise<MonthPartitionsOutcome> {
    const rows = await managerOf(tx).query<{ name: string }[]>(
      `SELECT create_month_partitions($1, date_trunc('month', now() AT TIME ZONE 'UTC')::date, $2) AS name`,
      [table, PARTITION_MONTHS_AHEAD + 1],
    );
    const names = rows.map((r) => r.name);
    return {
      created: names.filter((n) => !n.startsWith('!')),
      blocked: names.filter((n) => n.startsWith('!')).map((n) => n.slice(1)),
    };
  }

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
