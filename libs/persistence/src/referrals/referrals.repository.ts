import type { Page } from '@app/common';
import {
  referralTransition,
  REFERRAL_TRANSITIONS,
  type RecordScope,
  type ReferralAction,
  type ReferralStatus,
} from '@app/domain';
import { Injectable } from '@nestjs/common';
import { In, type FindOptionsWhere } from 'typeorm';
import type { AccessLoader, Held } from '../access/record-access';
import { ReferralEntity } from '../entities';
import { referenceSql, referenceYear } from '../references';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { listReferrals, type ListedReferral, type ReferralListQuery } from './referral-list.query';
import { assertWithinScope, referralScopeSql } from './referral-scope';

/** A referral before its first write: the columns the database fills (its reference too) are absent. */
export type NewReferral = Omit<ReferralEntity, 'reference' | 'createdAt' | 'updatedAt' | 'version'>;

/** The columns an INSERT writes, in the order of its parameters (the reference is drawn in SQL). */
const INSERT_COLUMNS = [
  'id',
  'organization_id',
  'created_by',
  'status',
  'category',
  'indicators',
  'priority',
  'escalation_reason',
  'tlp',
  'observed_from',
  'observed_to',
  'total_amount',
  'total_currency',
  'narrative',
  'merchant',
  'observables',
  'transactions',
  'acknowledge_reporting_duty',
  'case_id',
  'submitted_at',
  'withdrawn_at',
] as const;

const INSERT_SQL = `INSERT INTO referrals (reference, ${INSERT_COLUMNS.join(', ')})
  VALUES (${referenceSql(`$${INSERT_COLUMNS.length + 1}`, `$${INSERT_COLUMNS.length + 2}`)},
          ${INSERT_COLUMNS.map((_c, i) => `$${i + 1}`).join(', ')})
  RETURNING reference, created_at, updated_at, version`;

/** The parameters of INSERT_SQL, jsonb columns as JSON text (pg would send a list as an array). */
function insertParams(r: NewReferral, year: number): unknown[] {
  return [
    r.id,
    r.organizationId,
    r.createdBy,
    r.status,
    r.category,
    r.indicators,
    r.priority,
    r.escalationReason,
    r.tlp,
    r.observedFrom,
    r.observedTo,
    r.totalAmount,
    r.totalCurrency,
    r.narrative,
    r.merchant === null ? null : JSON.stringify(r.merchant),
    JSON.stringify(r.observables),
    JSON.stringify(r.transactions),
    r.acknowledgeReportingDuty,
    r.caseId,
    r.submittedAt,
    r.withdrawnAt,
    'FCR',
    year,
  ];
}

/** An open information request a withdrawal cancelled. */
export interface CancelledInfoRequest {
  id: string;
  caseId: string;
}

/** The `where` of a scoped lookup by id, or null when the scope reaches nothing. */
export function scopedById(
  scope: RecordScope,
  id: string,
): FindOptionsWhere<ReferralEntity> | null {
  switch (scope.reach) {
    case 'all':
      return { id };
    case 'organization':
      return { id, organizationId: scope.organizationId };
    case 'owner':
      return { id, organizationId: scope.organizationId, createdBy: scope.userId };
    case 'none':
      return null;
  }
}

/** Referrals with their merchant, observables, transactions and documents. */
@Injectable()
export class ReferralsRepository implements AccessLoader<ReferralEntity> {
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<ReferralEntity> | null> {
    const referral = await managerOf(tx).findOne(ReferralEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return referral
      ? { record: referral, organizationId: referral.organizationId, ownerId: referral.createdBy }
      : null;
  }

  /**
   * Apply one row of the referral transition table to a referral the caller
   * holds (locked): the new status, or null when the table does not allow the
   * action from its status (nothing is written then).
   */
  async transition(
    tx: Tx,
    referral: ReferralEntity,
    action: ReferralAction,
    extra: Partial<Pick<ReferralEntity, 'caseId'>> = {},
  ): Promise<ReferralStatus | null> {
    const to = referralTransition(action, referral.status as ReferralStatus);
    if (to === null) return null;
    await managerOf(tx).update(ReferralEntity, { id: referral.id }, { status: to, ...extra });
    referral.status = to;
    Object.assign(referral, extra);
    return to;
  }

  /**
   * Apply a system transition (accept, decline, reopen) to every referral of a
   * case whose status the table allows it from; the ids it moved, in order.
   */
  async transitionCase(tx: Tx, caseId: string, action: ReferralAction): Promise<string[]> {
    const rule = REFERRAL_TRANSITIONS.find((t) => t.action === action);
    if (!rule) return [];
    const rows: Array<{ id: string }> = await managerOf(tx).query(
      `UPDATE referrals SET status = $3, updated_at = now(), version = version + 1
        WHERE case_id = $1 AND status = ANY($2::text[]) RETURNING id`,
      [caseId, [...rule.from], rule.to],
    );
    return rows.map((r) => r.id).sort();
  }

  /**
   * Store a new referral, drawing its filing reference (`FCR-<year of at>-…`,
   * from the coalition's sequence, not a member's) in the same statement; the
   * referral as stored, with what the database filled in, so the caller
   * needs no reload.
   */
  async insert(
    tx: Tx,
    scope: RecordScope,
    referral: NewReferral,
    at: Date = new Date(),
  ): Promise<ReferralEntity> {
    assertWithinScope(scope, referral, 'A new referral');
    const [row]: {
      reference: string;
      created_at: Date;
      updated_at: Date;
      version: number;
    }[] = await managerOf(tx).query(INSERT_SQL, insertParams(referral, referenceYear(at)));
    return {
      ...referral,
      reference: row.reference,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      version: row.version,
    };
  }

  /** The referral if the scope reaches it; `lock` takes the row for update. */
  async find(
    tx: Tx,
    scope: RecordScope,
    id: string,
    options: { lock?: boolean } = {},
  ): Promise<ReferralEntity | null> {
    const where = scopedById(scope, id);
    if (!where) return null;
    return managerOf(tx).findOne(ReferralEntity, {
      where,
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /**
   * The referrals among `ids` the scope reaches, in id order; `lock` takes
   * them for update in that order, so two callers locking overlapping sets
   * cannot deadlock on them.
   */
  async findMany(
    tx: Tx,
    scope: RecordScope,
    ids: readonly string[],
    options: { lock?: boolean } = {},
  ): Promise<ReferralEntity[]> {
    const where = scopedById(scope, '');
    if (!where || ids.length === 0) return [];
    return managerOf(tx).find(ReferralEntity, {
      where: { ...where, id: In([...ids]) },
      order: { id: 'ASC' },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  /** Store a referral the caller holds (locked), with the status the workflow table gave it. */
  async save(tx: Tx, scope: RecordScope, referral: ReferralEntity): Promise<void> {
    assertWithinScope(scope, referral, `Referral ${referral.id}`);
    await managerOf(tx).save(referral);
  }

  /**
   * One page in (created_at, id) order of the referrals the scope reaches, each
   * with its case context (other organizations flagging it, holds), in one
   * statement.
   */
  list(tx: Tx, scope: RecordScope, query: ReferralListQuery): Promise<Page<ListedReferral>> {
    return listReferrals(tx, scope, query);
  }

  /**
   * Store a workflow step of a referral the caller holds (locked): its
   * status and the moments it was submitted or withdrawn, in one UPDATE
   * whose RETURNING refreshes the held referral (no read before or after).
   */
  async saveStatus(tx: Tx, scope: RecordScope, referral: ReferralEntity): Promise<void> {
    assertWithinScope(scope, referral, `Referral ${referral.id}`);
    const [rows]: [{ updated_at: Date; version: number }[], number] = await managerOf(tx).query(
      `UPDATE referrals SET status = $2, submitted_at = $3, withdrawn_at = $4,
              updated_at = now(), version = version + 1
        WHERE id = $1 RETURNING updated_at, version`,
      [referral.id, referral.status, referral.submittedAt, referral.withdrawnAt],
    );
    if (rows.length !== 1) throw new Error(`referral ${referral.id} vanished while held`);
    referral.updatedAt = rows[0].updated_at;
    referral.version = rows[0].version;
  }

  /**
   * For each of the given referrals the scope reaches: how many other
   * organizations have live (submitted, not withdrawn) referrals on its case.
   */
  async otherOrganizationsOnCase(
    tx: Tx,
    scope: RecordScope,
    referralIds: readonly string[],
  ): Promise<Map<string, number>> {
    if (referralIds.length === 0) return new Map();
    const params: unknown[] = [referralIds];
    const reach = referralScopeSql(scope, 'r', params);
    const rows: { id: string; n: string }[] = await managerOf(tx).query(
      `SELECT r.id, count(DISTINCT o.organization_id) AS n
         FROM referrals r
         LEFT JOIN referrals o ON o.case_id = r.case_id AND o.organization_id <> r.organization_id
                              AND o.status NOT IN ('draft', 'withdrawn')
        WHERE r.id = ANY($1::uuid[])${reach === 'TRUE' ? '' : ` AND ${reach}`}
        GROUP BY r.id`,
      params,
    );
    return new Map(rows.map((row) => [row.id, Number(row.n)]));
  }

  /** Cancel the open information requests to a referral the scope reaches; those cancelled. */
  async cancelOpenInfoRequests(
    tx: Tx,
    scope: RecordScope,
    referralId: string,
  ): Promise<CancelledInfoRequest[]> {
    const params: unknown[] = [referralId];
    const reach = referralScopeSql(scope, 'r', params);
    const [cancelled] = await managerOf(tx).query<[{ id: string; case_id: string }[], number]>(
      `UPDATE info_requests SET status = 'cancelled', updated_at = now(), version = version + 1
        WHERE referral_id = $1 AND status = 'open'${
          reach === 'TRUE'
            ? ''
            : ` AND EXISTS (SELECT 1 FROM referrals r WHERE r.id = $1 AND ${reach})`
        } RETURNING id, case_id`,
      params,
    );
    return cancelled.map((row) => ({ id: row.id, caseId: row.case_id }));
  }
}
