import type { RecordScope } from '@app/domain';
import type { Tx } from '../unit-of-work';
import { managerOf } from '../unit-of-work/tx';

/** A list row: the dispatch without its package, with its agency, case and headline. */
export interface DispatchListRow {
  readonly id: string;
  readonly reference: string;
  readonly caseId: string;
  readonly caseReference: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly status: string;
  readonly tlp: string;
  readonly namedLiaisonIds: string[] | null;
  readonly createdAt: Date;
  /** created_at as PostgreSQL's microsecond UTC text: the keyset cursor's sort value. */
  readonly createdKey: string;
  readonly deliveredAt: Date | null;
  readonly acknowledgedAt: Date | null;
  readonly acceptedAt: Date | null;
  readonly declinedAt: Date | null;
  readonly leCaseNumber: string | null;
  readonly outcome: string | null;
  readonly priority: string;
  readonly merchantName: string | null;
  readonly acknowledgeBy: Date | null;
}

/** What narrows a dispatch list, after the caller's scope. */
export interface DispatchListFilter {
  readonly status?: string;
  readonly caseId?: string;
  /** Resume after this (created_at microsecond text, id); checked by the caller. */
  readonly after?: { readonly createdKey: string; readonly id: string };
  /** Rows to fetch (a page size plus one, to know whether another page follows). */
  readonly take: number;
}

interface SummaryRow {
  id: string;
  reference: string;
  case_id: string;
  case_reference: string;
  agency_id: string;
  agency_name: string;
  status: string;
  tlp: string;
  named_liaison_ids: string[] | null;
  created_at: Date;
  created_key: string;
  delivered_at: Date | null;
  acknowledged_at: Date | null;
  accepted_at: Date | null;
  declined_at: Date | null;
  le_case_number: string | null;
  outcome: string | null;
  priority: string;
  merchant_name: string | null;
  acknowledge_by: Date | null;
}

/**
 * The package's priority and main merchant name (the first referral's legal
 * name, else its first trading name, else the first name of the summary) for
 * `dispatches d` joined to `cases c`, plus the acknowledgement due time: one
 * row, no extra query per dispatch. The dispatch view computes the same from
 * the package (packageHeadline).
 */
const DISPATCH_HEADLINE_SQL = `
  COALESCE(d.package #>> '{case,priority}', c.priority) AS priority,
  COALESCE(NULLIF(btrim(d.package #>> '{referrals,0,merchant,legalName}'), ''),
           NULLIF(btrim(d.package #>> '{referrals,0,merchant,tradingNames,0}'), ''),
           NULLIF(btrim(d.package #>> '{summary,merchantNames,0}'), '')) AS merchant_name,
  (SELECT min(k.due_at) FROM sla_clocks k
    WHERE k.dispatch_id = d.id AND k.clock = 'le_acknowledgement'
      AND k.status IN ('running', 'breached')) AS acknowledge_by`;

/**
 * The caller's reach over dispatches as a SQL condition on `alias` (a
 * dispatches row); null when it reaches none. An organization scope is the
 * receiving agency's organization; a dispatch restricted to named liaisons (RED,
 * AMBER+STRICT) is reached inside that agency by them alone (withinScope's
 * rule). Dispatches have no owning user, so an owner scope reaches none. The
 * list and the search both take their rows through it.
 */
export function dispatchScopeSql(
  scope: RecordScope,
  alias: string,
  param: (value: unknown) => string,
): string | null {
  switch (scope.reach) {
    case 'all':
      return 'TRUE';
    case 'organization': {
      // An organization has one agency at most (agencies.organization_id is
      // unique): an equality lets the (agency_id, created_at, id) index give
      // the page in order.
      const agency = `${alias}.agency_id = (SELECT a.id FROM agencies a WHERE a.organization_id = ${param(scope.organizationId)}::uuid)`;
      const named =
        scope.userId === undefined
          ? `${alias}.named_liaison_ids IS NULL`
          : `(${alias}.named_liaison_ids IS NULL OR cardinality(${alias}.named_liaison_ids) = 0 OR ${param(scope.userId)}::uuid = ANY(${alias}.named_liaison_ids))`;
      return `${agency} AND ${named}`;
    }
    case 'owner':
    case 'none':
      return null;
  }
}

/**
 * One page, oldest first, in a single query: the page is chosen first (by the
 * (agency, status, created_at, id) index), then only its rows are joined to
 * their agency, case and acknowledgement clock, and only they open the package
 * for the priority and merchant name. The caller's reach is dispatchScopeSql.
 */
export async function listDispatches(
  tx: Tx,
  scope: RecordScope,
  filter: DispatchListFilter,
): Promise<DispatchListRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  // The caller's reach decides the rows, before any filter of theirs.
  const reach = dispatchScopeSql(scope, 'p', param);
  if (reach === null) return [];
  if (reach !== 'TRUE') where.push(reach);
  if (filter.status) where.push(`p.status = ${param(filter.status)}`);
  if (filter.caseId) where.push(`p.case_id = ${param(filter.caseId)}::uuid`);
  if (filter.after) {
    where.push(
      `(p.created_at, p.id) > (${param(filter.after.createdKey)}::timestamptz, ${param(filter.after.id)}::uuid)`,
    );
  }
  const rows: SummaryRow[] = await managerOf(tx).query(
    `SELECT d.id, d.reference, d.case_id, c.reference AS case_reference, d.agency_id,
            a.name AS agency_name, d.status, d.tlp, d.named_liaison_ids, d.created_at,
            to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key,
            d.delivered_at, d.acknowledged_at, d.accepted_at, d.declined_at, d.le_case_number,
            d.outcome, ${DISPATCH_HEADLINE_SQL}
       FROM (SELECT p.id FROM dispatches p
              ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
              ORDER BY p.created_at, p.id
              LIMIT ${param(filter.take)}) page
       JOIN dispatches d ON d.id = page.id
       JOIN agencies a ON a.id = d.agency_id
       JOIN cases c ON c.id = d.case_id
      ORDER BY d.created_at, d.id`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    caseId: r.case_id,
    caseReference: r.case_reference,
    agency: { id: r.agency_id, name: r.agency_name },
    status: r.status,
    tlp: r.tlp,
    namedLiaisonIds: r.named_liaison_ids,
    createdAt: r.created_at,
    createdKey: r.created_key,
    deliveredAt: r.delivered_at,
    acknowledgedAt: r.acknowledged_at,
    acceptedAt: r.accepted_at,
    declinedAt: r.declined_at,
    leCaseNumber: r.le_case_number,
    outcome: r.outcome,
    priority: r.priority,
    merchantName: r.merchant_name,
    acknowledgeBy: r.acknowledge_by,
  }));
}
