import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { readRows } from '../unit-of-work/read-rows';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { CASE_DETAIL_JOINS, CASE_DETAIL_SECTIONS } from './case-detail-sections';
import { caseReachSql, referralReachSql } from './case-reach';
import type {
  CaseAssigneeRow,
  CaseDetailRow,
  CaseInboxQuery,
  CaseInfoRequestRow,
  CaseSummaryRow,
} from './case-read-rows';

/** A breached clock (other than a hold's expiry) makes a case overdue. */
const OVERDUE_SQL = `EXISTS (SELECT 1 FROM sla_clocks k
                              WHERE k.case_id = c.id AND k.status = 'breached'
                                AND k.clock <> 'hold_expiry')`;

/** The inbox line of a case (alias `c`): the case, its assignee and what it aggregates. */
const SUMMARY_COLUMNS = `
  c.id, c.reference, c.status, c.priority, c.assignee_id, u.display_name AS assignee_name,
         c.tlp, c.created_at, c.updated_at,
         to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key,
         ${OVERDUE_SQL} AS overdue,
         (SELECT min(k.due_at) FROM sla_clocks k
           WHERE k.case_id = c.id AND k.status = 'running' AND k.clock <> 'hold_expiry') AS sla_due_at,
         (SELECT count(*)::int FROM referrals r
           WHERE r.case_id = c.id AND r.status NOT IN ('draft', 'withdrawn')) AS referral_count,
         (SELECT count(DISTINCT r.organization_id)::int FROM referrals r
           WHERE r.case_id = c.id AND r.status NOT IN ('draft', 'withdrawn')) AS filing_members,
         (SELECT array_agg(DISTINCT r.merchant->>'legalName' ORDER BY r.merchant->>'legalName')
            FROM referrals r
           WHERE r.case_id = c.id AND r.merchant->>'legalName' IS NOT NULL) AS merchant_names`;
/** `cases` is the relation the cases come from: the table, or one page of it. */
const summaryFrom = (cases = 'cases') => `${cases} c LEFT JOIN users u ON u.id = c.assignee_id`;

/**
 * What coordinators read of cases: the inbox, the people a case can be
 * assigned to, the whole case, and information requests. Every method takes the caller's scope; a case
 * is held by the coalition, so only an `all` scope reads any of it.
 */
@Injectable()
export class CaseReadsRepository {
  /** One page of the inbox, priority first, then age; one row more than `limit` when more follow. */
  async inbox(tx: Tx, scope: RecordScope, query: CaseInboxQuery): Promise<CaseSummaryRow[]> {
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const where: string[] = [caseReachSql(scope)];
    if (query.statuses && query.statuses.length > 0) {
      where.push(`c.status = ANY(${param(query.statuses)}::text[])`);
    }
    if (query.assigneeId === null) where.push(`c.assignee_id IS NULL`);
    else if (query.assigneeId) where.push(`c.assignee_id = ${param(query.assigneeId)}::uuid`);
    if (query.priority) where.push(`c.priority = ${param(query.priority)}`);
    if (query.overdue !== undefined) where.push(`${query.overdue ? '' : 'NOT '}${OVERDUE_SQL}`);
    const after = query.after;
    if (after) {
      where.push(
        `(c.priority, c.created_at, c.id) > (${param(after.priority)}, ${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    // The page is chosen first (one ordered scan of cases_inbox_idx, or of
    // cases_status_idx for one status), then summarised: the per-case
    // subqueries run for the page's rows only, not for every case before a sort.
    return managerOf(tx).query(
      `SELECT ${SUMMARY_COLUMNS}
         FROM ${summaryFrom(`(SELECT c.* FROM cases c
                               WHERE ${where.join(' AND ')}
                               ORDER BY c.priority, c.created_at, c.id
                               LIMIT ${param(query.limit + 1)})`)}
        ORDER BY c.priority, c.created_at, c.id`,
      params,
    );
  }

  /**
   * The whole case in one statement: its inbox line, its own row and every
   * section (case-detail-sections.ts); null when it is missing or out of reach.
   * A case is the coalition's, so reaching it reaches all of its sections.
   */
  async detail(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseDetailRow | null> {
    const rows = await readRows<CaseDetailRow>(
      tx,
      `SELECT ${SUMMARY_COLUMNS}, ${CASE_DETAIL_SECTIONS}
         FROM ${summaryFrom()} ${CASE_DETAIL_JOINS}
        WHERE ${caseReachSql(scope)} AND c.id = $1`,
      [caseId],
      // Planning its ~40 subqueries costs more than running them.
      { prepared: true },
    );
    return rows[0] ?? null;
  }

  /**
   * The coalition's active users holding one of `roles`, by name. They are
   * coalition staff, the people cases are assigned to: only a scope that
   * reaches cases lists them.
   */
  async assignees(
    tx: Tx,
    scope: RecordScope,
    roles: readonly string[],
  ): Promise<CaseAssigneeRow[]> {
    return managerOf(tx).query(
      `SELECT u.id, u.display_name, u.role
           FROM users u JOIN organizations o ON o.id = u.organization_id
          WHERE ${caseReachSql(scope)}
            AND u.status = 'active' AND o.status = 'active' AND o.kind = 'coalition'
            AND u.role = ANY($1::text[])
          ORDER BY lower(u.display_name), u.id`,
      [roles],
    );
  }

  /**
   * Information requests of a case, of a referral, or one by id, oldest first.
   * Members read them too (about their own referrals), so the scope is applied
   * to the referral asked about.
   */
  async infoRequests(
    tx: Tx,
    scope: RecordScope,
    where: { caseId?: string; referralId?: string; id?: string },
  ): Promise<CaseInfoRequestRow[]> {
    const params: unknown[] = [where.caseId ?? null, where.referralId ?? null, where.id ?? null];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const reach = referralReachSql(scope, param);
    return managerOf(tx).query(
      `SELECT i.id, i.case_id, i.referral_id, r.reference, i.question, i.status, i.answer,
              i.asked_by, ua.display_name AS asker, i.answered_by, ub.display_name AS answerer,
              i.created_at, i.answered_at
         FROM info_requests i
         JOIN referrals r ON r.id = i.referral_id
         JOIN users ua ON ua.id = i.asked_by
         LEFT JOIN users ub ON ub.id = i.answered_by
        WHERE ${reach}
          AND ($1::uuid IS NULL OR i.case_id = $1)
          AND ($2::uuid IS NULL OR i.referral_id = $2)
          AND ($3::uuid IS NULL OR i.id = $3)
        ORDER BY i.created_at, i.id`,
      params,
    );
  }
}
