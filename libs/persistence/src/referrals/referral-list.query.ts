import { DEFAULT_PAGE_SIZE, toPage, type Page } from '@app/common';
import type { RecordScope } from '@app/domain';
import type { ReferralHoldView } from '../dispatches/referral-holds.repository';
import type {
  ReferralEntity,
  StoredMerchant,
  StoredObservable,
  StoredTransaction,
} from '../entities';
import { createdAtCursor, createdAtCursorSql } from '../keyset-page';
import { readRows } from '../unit-of-work/read-rows';
import { type Tx } from '../unit-of-work/tx';
import { referralScopeSql } from './referral-scope';

/** A referral on a page of the list, with what its members learn of its case. */
export interface ListedReferral {
  referral: ReferralEntity;
  /**
   * How many other organizations flag its case (see
   * ReferralsRepository.otherOrganizationsOnCase); null when the referral is
   * on no case or withdrawn.
   */
  otherOrganizations: number | null;
  /** As ReferralHoldsRepository.forReferrals gives them: none for a draft. */
  holds: ReferralHoldView[];
}

export interface ReferralListQuery {
  status?: string;
  cursor?: string;
  limit?: number;
}

interface ListedRow {
  id: string;
  reference: string;
  organization_id: string;
  created_by: string;
  status: string;
  category: string | null;
  indicators: string[];
  priority: string;
  escalation_reason: string | null;
  tlp: string;
  observed_from: string | null;
  observed_to: string | null;
  total_amount: string | null;
  total_currency: string | null;
  narrative: string | null;
  merchant: StoredMerchant | null;
  observables: StoredObservable[];
  transactions: StoredTransaction[];
  acknowledge_reporting_duty: boolean;
  case_id: string | null;
  submitted_at: Date | null;
  withdrawn_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  keyset_created_at: string;
  other_organizations: string | null;
  holds: ReferralHoldView[] | null;
}

/** A timestamp as Date#toISOString() writes it (milliseconds, truncated as a JS Date keeps them). */
const isoMs = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The page is chosen first, in the inner query: one scan of the index that
 * matches the reach, the status filter and the (created_at, id) order (see
 * the referral listing migration), stopping after limit + 1 rows. Only then,
 * for those rows, the case context is read by correlated subqueries, which the
 * CASEs skip for referrals without one. One statement, one round trip.
 */
function listStatement(
  scope: RecordScope,
  query: ReferralListQuery,
  limit: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  // The caller's reach comes first, before any filter of theirs.
  const where = [referralScopeSql(scope, 'r', params)];
  if (query.status) {
    params.push(query.status);
    where.push(`r.status = $${params.length}`);
  }
  const after = createdAtCursor(query.cursor);
  if (after) {
    params.push(after.sortValue, after.id);
    where.push(
      `(r.created_at, r.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
    );
  }
  params.push(limit + 1);
  const sql = `
    SELECT r.id, r.reference, r.organization_id, r.created_by, r.status, r.category,
           r.indicators, r.priority, r.escalation_reason, r.tlp,
           to_char(r.observed_from, 'YYYY-MM-DD') AS observed_from,
           to_char(r.observed_to, 'YYYY-MM-DD') AS observed_to,
           r.total_amount, r.total_currency, r.narrative, r.merchant, r.observables,
           r.transactions, r.acknowledge_reporting_duty, r.case_id, r.submitted_at,
           r.withdrawn_at, r.created_at, r.updated_at, r.version,
           ${createdAtCursorSql('r.created_at')} AS keyset_created_at,
           CASE WHEN r.case_id IS NOT NULL AND r.status <> 'withdrawn' THEN
             (SELECT count(DISTINCT o.organization_id)
                FROM referrals o
               WHERE o.case_id = r.case_id AND o.organization_id <> r.organization_id
                 AND o.status NOT IN ('draft', 'withdrawn'))
           END AS other_organizations,
           CASE WHEN r.case_id IS NOT NULL AND r.status <> 'draft' THEN
             (SELECT json_agg(json_build_object(
                       'id', h.id, 'scope', h.scope, 'reason', h.reason,
                       'expiresAt', ${isoMs('h.expires_at')}, 'status', h.status,
                       'agency', a.name, 'createdAt', ${isoMs('h.created_at')})
                     ORDER BY h.created_at DESC, h.id DESC)
                FROM holds h
                JOIN agencies a ON a.id = h.agency_id
               WHERE h.case_id = r.case_id AND h.status IN ('active', 'expired'))
           END AS holds
      FROM (SELECT r.*
              FROM referrals r
             WHERE ${where.join(' AND ')}
             ORDER BY r.created_at, r.id
             LIMIT $${params.length}) r
     ORDER BY r.created_at, r.id`;
  return { sql, params };
}

function listed(row: ListedRow): ListedReferral {
  const referral: ReferralEntity = {
    id: row.id,
    reference: row.reference,
    organizationId: row.organization_id,
    createdBy: row.created_by,
    status: row.status,
    category: row.category,
    indicators: row.indicators,
    priority: row.priority,
    escalationReason: row.escalation_reason,
    tlp: row.tlp,
    observedFrom: row.observed_from,
    observedTo: row.observed_to,
    totalAmount: row.total_amount,
    totalCurrency: row.total_currency,
    narrative: row.narrative,
    merchant: row.merchant,
    observables: row.observables,
    transactions: row.transactions,
    acknowledgeReportingDuty: row.acknowledge_reporting_duty,
    caseId: row.case_id,
    submittedAt: row.submitted_at,
    withdrawnAt: row.withdrawn_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
  return {
    referral,
    otherOrganizations: row.other_organizations === null ? null : Number(row.other_organizations),
    holds: row.holds ?? [],
  };
}

/** One page of the referrals the scope reaches, in (created_at, id) order, in one statement. */
export async function listReferrals(
  tx: Tx,
  scope: RecordScope,
  query: ReferralListQuery,
): Promise<Page<ListedReferral>> {
  if (scope.reach === 'none') return { items: [], nextCursor: null };
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const { sql, params } = listStatement(scope, query, limit);
  // Prepared: a few variants (reach, status filter, cursor), each planned once per connection.
  const rows = await readRows<ListedRow>(tx, sql, params, { prepared: true });
  const page = toPage(rows, limit, (row) => ({ sortValue: row.keyset_created_at, id: row.id }));
  return { items: page.items.map(listed), nextCursor: page.nextCursor };
}
