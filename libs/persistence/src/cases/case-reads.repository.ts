import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { CaseEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { caseReachSql, referralReachSql } from './case-reach';
import type {
  CaseAssigneeRow,
  CaseInboxQuery,
  CaseInfoRequestRow,
  CaseMatchRow,
  CaseMemberActionRow,
  CaseNoteRow,
  CaseReferralRow,
  CaseSuggestionRow,
  CaseSummaryRow,
} from './case-read-rows';

/** A breached clock (other than a hold's expiry) makes a case overdue. */
const OVERDUE_SQL = `EXISTS (SELECT 1 FROM sla_clocks k
                              WHERE k.case_id = c.id AND k.status = 'breached'
                                AND k.clock <> 'hold_expiry')`;

/**
 * The inbox line of a case: the case, its assignee and what it aggregates;
 * `cases` is the relation the cases come from (the table, or one page of it).
 */
const summarySelect = (cases = 'cases') => `
  SELECT c.id, c.reference, c.status, c.priority, c.assignee_id, u.display_name AS assignee_name,
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
           WHERE r.case_id = c.id AND r.merchant->>'legalName' IS NOT NULL) AS merchant_names
    FROM ${cases} c LEFT JOIN users u ON u.id = c.assignee_id`;

/**
 * What coordinators read of cases: the inbox, a case's own row and the
 * sections about its referrals. Every method takes the caller's scope; a case
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
      `${summarySelect(`(SELECT c.* FROM cases c
                            WHERE ${where.join(' AND ')}
                            ORDER BY c.priority, c.created_at, c.id
                            LIMIT ${param(query.limit + 1)})`)}
        ORDER BY c.priority, c.created_at, c.id`,
      params,
    );
  }

  /** The inbox line of one case, or null. */
  async summary(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseSummaryRow | null> {
    const rows: CaseSummaryRow[] = await managerOf(tx).query(
      `${summarySelect()} WHERE ${caseReachSql(scope)} AND c.id = $1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  /** The case's own row (routing plan, who proposed and approved it), or null. */
  async record(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseEntity | null> {
    if (caseReachSql(scope) === 'FALSE') return null;
    return managerOf(tx).findOne(CaseEntity, { where: { id: caseId } });
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

  /** The case's referrals with their filer, in the order they were submitted. */
  async referrals(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseReferralRow[]> {
    return managerOf(tx).query(
      `SELECT r.id, r.reference, r.status, r.organization_id, o.legal_name, r.category, r.priority,
                r.tlp, r.merchant, r.submitted_at
           FROM referrals r JOIN organizations o ON o.id = r.organization_id
          WHERE ${caseReachSql(scope)} AND r.case_id = $1
          ORDER BY r.submitted_at NULLS LAST, r.reference`,
      [caseId],
    );
  }

  /** Matching keys two or more of the case's referrals share. */
  async matches(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseMatchRow[]> {
    return managerOf(tx).query(
      `SELECT kind, value, array_agg(referral_id ORDER BY referral_id) AS referral_ids
           FROM referral_match_keys WHERE ${caseReachSql(scope)} AND case_id = $1
          GROUP BY kind, value HAVING count(*) > 1 ORDER BY kind, value`,
      [caseId],
    );
  }

  /** Referrals the matcher suggests for the case, with the case they are on now. */
  async suggestions(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseSuggestionRow[]> {
    return managerOf(tx).query(
      `SELECT s.referral_id, r.reference, r.case_id, oc.reference AS case_reference, s.similarity,
                s.reason, s.status, s.created_at
           FROM match_suggestions s
           JOIN referrals r ON r.id = s.referral_id
           LEFT JOIN cases oc ON oc.id = r.case_id
          WHERE ${caseReachSql(scope)} AND s.case_id = $1
          ORDER BY s.status, s.similarity DESC, r.reference`,
      [caseId],
    );
  }

  /** The coordinators' notes, oldest first. */
  async notes(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseNoteRow[]> {
    return managerOf(tx).query(
      `SELECT n.id, n.body, n.author_id, u.display_name, n.created_at
           FROM case_notes n JOIN users u ON u.id = n.author_id
          WHERE ${caseReachSql(scope)} AND n.case_id = $1 ORDER BY n.created_at, n.id`,
      [caseId],
    );
  }

  /**
   * What the members did about the case's referrals, newest first (by the day
   * done, then by when recorded). The day is read as text, never through a Date.
   */
  async memberActions(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseMemberActionRow[]> {
    return managerOf(tx).query(
      `SELECT ma.id, ma.referral_id, r.reference, ma.action,
            to_char(ma.done_on, 'YYYY-MM-DD') AS done_on, ma.note, ma.recorded_by,
            u.display_name, ma.api_key_id, k.name AS api_key_name, ma.created_at
       FROM member_actions ma
       JOIN referrals r ON r.id = ma.referral_id
       JOIN users u ON u.id = ma.recorded_by
       LEFT JOIN api_keys k ON k.id = ma.api_key_id
      WHERE ${caseReachSql(scope)} AND r.case_id = $1
      ORDER BY ma.done_on DESC, ma.created_at DESC, ma.id DESC`,
      [caseId],
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
