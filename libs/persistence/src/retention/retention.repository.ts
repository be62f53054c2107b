import type { RetentionKind } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { ReferralAttachmentsRepository } from '../referrals/referral-attachments.repository';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** Kinds of rows the purge removes one by one (the audit trail goes by archived months). */
export type RowRetentionKind = Exclude<RetentionKind, 'audit_events'>;

/** A case is done with when it is closed or rejected; every other status is open. */
const FINISHED_CASE = `c.status IN ('closed', 'rejected')`;

/**
 * No active hold on the case or on any case merged into it (a merged case's
 * referrals live on in the case it was merged into).
 */
const NO_ACTIVE_HOLD = `NOT EXISTS (
  WITH RECURSIVE family(id) AS (
    SELECT c.id
    UNION ALL
    SELECT m.id FROM cases m JOIN family f ON m.merged_into_id = f.id
  )
  SELECT 1 FROM family f JOIN holds h ON h.case_id = f.id WHERE h.status = 'active')`;

interface KindQuery {
  /** FROM … WHERE … with `$1` the cutoff; `x` is the purged table's alias. */
  from: string;
  /** The instant the retention period counts from. */
  clock: string;
  /** How a row is named for locking and deleting. */
  key: string;
  table: string;
}

/**
 * Which rows of each kind are past their period. Records of an open case or
 * under an active hold never appear here: they are excluded in the same
 * statement that locks them, so the purge cannot reach them.
 */
const KIND_QUERIES: Readonly<Record<RowRetentionKind, KindQuery>> = {
  closed_cases: {
    table: 'cases',
    key: 'id',
    clock: 'COALESCE(c.closed_at, c.updated_at)',
    from: `cases c
      WHERE ${FINISHED_CASE} AND COALESCE(c.closed_at, c.updated_at) < $1 AND ${NO_ACTIVE_HOLD}`,
  },
  withdrawn_referrals: {
    table: 'referrals',
    key: 'id',
    clock: 'COALESCE(r.withdrawn_at, r.updated_at)',
    from: `referrals r
      WHERE r.status = 'withdrawn' AND r.case_id IS NULL
        AND COALESCE(r.withdrawn_at, r.updated_at) < $1`,
  },
  drafts: {
    table: 'referrals',
    key: 'id',
    clock: 'r.updated_at',
    from: `referrals r WHERE r.status = 'draft' AND r.case_id IS NULL AND r.updated_at < $1`,
  },
  webhook_deliveries: {
    table: 'dispatch_delivery_attempts',
    key: 'id',
    clock: 'a.created_at',
    from: `dispatch_delivery_attempts a
      JOIN dispatches d ON d.id = a.dispatch_id
      JOIN cases c ON c.id = d.case_id
      WHERE a.created_at < $1 AND ${FINISHED_CASE} AND ${NO_ACTIVE_HOLD}`,
  },
  notifications: {
    table: 'notifications',
    key: 'id',
    clock: 'n.created_at',
    from: `notifications n WHERE n.created_at < $1`,
  },
  mail_deliveries: {
    table: 'mail_deliveries',
    key: 'id',
    clock: 'm.created_at',
    from: `mail_deliveries m
      WHERE m.created_at < $1 AND (m.sent_at IS NOT NULL OR m.given_up_at IS NOT NULL)`,
  },
  idempotency_records: {
    table: 'idempotency_records',
    key: 'ctid',
    clock: 'i.created_at',
    from: `idempotency_records i WHERE i.created_at < $1`,
  },
};

/** The alias each kind's FROM gives its purged table. */
const ALIAS: Readonly<Record<RowRetentionKind, string>> = {
  closed_cases: 'c',
  withdrawn_referrals: 'r',
  drafts: 'r',
  webhook_deliveries: 'a',
  notifications: 'n',
  mail_deliveries: 'm',
  idempotency_records: 'i',
};

/** What one kind holds past its period. */
export interface RetentionSummary {
  count: number;
  oldest: Date | null;
}

/** The rows removed with a batch of cases or referrals, by table. */
export interface RecordPurge {
  cases: number;
  referrals: number;
  attachments: { id: string; sha256: string }[];
  dispatches: number;
  deliveryAttempts: number;
  other: number;
}

/**
 * The retention purge's reads and deletes. System work over every
 * organization's records (the worker's own job), so nothing here takes a
 * RecordScope; nothing here is reachable from a request except the counts.
 */
@Injectable()
export class RetentionRepository {
  constructor(private readonly attachments: ReferralAttachmentsRepository) {}

  /** How many rows of `kind` are past `cutoff`, and the oldest one's clock. */
  async summary(tx: Tx, kind: RowRetentionKind, cutoff: Date): Promise<RetentionSummary> {
    const q = KIND_QUERIES[kind];
    const [row] = await managerOf(tx).query<{ count: string; oldest: Date | null }[]>(
      `SELECT count(*)::text AS count, min(${q.clock}) AS oldest FROM ${q.from}`,
      [cutoff],
    );
    return { count: Number(row?.count ?? 0), oldest: row?.oldest ?? null };
  }

  /**
   * Lock up to `limit` ids of `kind` past `cutoff`, oldest first, skipping any
   * another transaction holds (a second purge running beside this one, or a
   * command on the same record): two purges never take the same row.
   */
  async claim(
    tx: Tx,
    kind: 'closed_cases' | 'withdrawn_referrals' | 'drafts',
    cutoff: Date,
    limit: number,
  ): Promise<string[]> {
    const q = KIND_QUERIES[kind];
    const rows = await managerOf(tx).query<{ id: string }[]>(
      `SELECT ${ALIAS[kind]}.id FROM ${q.from}
        ORDER BY ${q.clock} LIMIT $2 FOR UPDATE OF ${ALIAS[kind]} SKIP LOCKED`,
      [cutoff, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Delete up to `limit` rows of a kind that has no dependants; how many went. */
  async purgeRows(
    tx: Tx,
    kind: 'webhook_deliveries' | 'notifications' | 'mail_deliveries' | 'idempotency_records',
    cutoff: Date,
    limit: number,
  ): Promise<number> {
    const q = KIND_QUERIES[kind];
    const alias = ALIAS[kind];
    const [, count] = await managerOf(tx).query<[unknown, number]>(
      `DELETE FROM ${q.table} WHERE ${q.key} IN (
         SELECT ${alias}.${q.key} FROM ${q.from}
          ORDER BY ${q.clock} LIMIT $2 FOR UPDATE OF ${alias} SKIP LOCKED)`,
      [cutoff, limit],
    );
    return count;
  }

  /**
   * Remove cases (with every case merged into them) and referrals with every
   * row that depends on them, children first. The ids must have been claimed
   * in this transaction.
   */
  async purgeRecords(
    tx: Tx,
    claimed: { caseIds: readonly string[]; referralIds: readonly string[] },
  ): Promise<RecordPurge> {
    const m = managerOf(tx);
    const ids = async (sql: string, params: unknown[]): Promise<string[]> =>
      (await m.query<{ id: string }[]>(sql, params)).map((r) => r.id);
    const del = async (sql: string, params: unknown[]): Promise<number> => {
      const [, count] = await m.query<[unknown, number]>(sql, params);
      return count;
    };
    const F =
      claimed.caseIds.length === 0
        ? []
        : await ids(
            `WITH RECURSIVE family(id) AS (
               SELECT unnest($1::uuid[])
               UNION
               SELECT m.id FROM cases m JOIN family f ON m.merged_into_id = f.id)
             SELECT id FROM family`,
            [claimed.caseIds],
          );
    const R = [
      ...new Set([
        ...claimed.referralIds,
        ...(F.length
          ? await ids(`SELECT id FROM referrals WHERE case_id = ANY($1::uuid[])`, [F])
          : []),
      ]),
    ];
    const D = await ids(`SELECT id FROM dispatches WHERE case_id = ANY($1::uuid[])`, [F]);
    const I = await ids(
      `SELECT id FROM info_requests WHERE case_id = ANY($1::uuid[]) OR referral_id = ANY($2::uuid[])`,
      [F, R],
    );
    const H = await ids(
      `SELECT id FROM holds WHERE case_id = ANY($1::uuid[]) OR dispatch_id = ANY($2::uuid[])`,
      [F, D],
    );
    const K = await ids(
      `SELECT id FROM sla_clocks
        WHERE case_id = ANY($1::uuid[]) OR dispatch_id = ANY($2::uuid[])
           OR info_request_id = ANY($3::uuid[]) OR hold_id = ANY($4::uuid[])`,
      [F, D, I, H],
    );
    let other = 0;
    other += await del(
      `DELETE FROM alerts
        WHERE case_id = ANY($1::uuid[]) OR dispatch_id = ANY($2::uuid[]) OR clock_id = ANY($3::uuid[])`,
      [F, D, K],
    );
    other += await del(`DELETE FROM sla_clocks WHERE id = ANY($1::uuid[])`, [K]);
    other += await del(`DELETE FROM holds WHERE id = ANY($1::uuid[])`, [H]);
    other += await del(
      `DELETE FROM agency_questions WHERE dispatch_id = ANY($1::uuid[]) OR referral_id = ANY($2::uuid[])`,
      [D, R],
    );
    other += await del(`DELETE FROM info_requests WHERE id = ANY($1::uuid[])`, [I]);
    const deliveryAttempts = await del(
      `DELETE FROM dispatch_delivery_attempts WHERE dispatch_id = ANY($1::uuid[])`,
      [D],
    );
    const dispatches = await del(`DELETE FROM dispatches WHERE id = ANY($1::uuid[])`, [D]);
    other += await del(`DELETE FROM case_notes WHERE case_id = ANY($1::uuid[])`, [F]);
    other += await del(
      `DELETE FROM match_suggestions WHERE case_id = ANY($1::uuid[]) OR referral_id = ANY($2::uuid[])`,
      [F, R],
    );
    other += await del(
      `DELETE FROM referral_match_keys WHERE referral_id = ANY($1::uuid[]) OR case_id = ANY($2::uuid[])`,
      [R, F],
    );
    other += await del(`DELETE FROM member_actions WHERE referral_id = ANY($1::uuid[])`, [R]);
    const attachments = await this.attachments.purgeOfReferrals(tx, R);
    const referrals = await del(`DELETE FROM referrals WHERE id = ANY($1::uuid[])`, [R]);
    const cases = await del(`DELETE FROM cases WHERE id = ANY($1::uuid[])`, [F]);
    return { cases, referrals, attachments, dispatches, deliveryAttempts, other };
  }
}
