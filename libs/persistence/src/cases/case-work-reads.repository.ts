import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { caseReachSql } from './case-reach';
import type {
  CaseAlertRow,
  CaseClockRow,
  CaseDispatchRow,
  CaseHoldRow,
  CaseTimelineRow,
} from './case-read-rows';

/**
 * What coordinators read of the work done on a case after routing: dispatches,
 * holds, clocks, alerts and the timeline. A case is held by the coalition, so
 * only an `all` scope reads any of it.
 */
@Injectable()
export class CaseWorkReadsRepository {
  /** The case's dispatches, by routing round, then agency. */
  async dispatches(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseDispatchRow[]> {
    return managerOf(tx).query(
      `SELECT d.id, d.reference, d.agency_id, a.name AS agency_name, d.status, d.tlp, d.routing_round,
                d.delivery_attempts, d.last_error, d.le_case_number, d.outcome, d.created_at,
                d.delivered_at, d.acknowledged_at, d.accepted_at, d.declined_at, d.decline_reason,
                d.failed_at
           FROM dispatches d JOIN agencies a ON a.id = d.agency_id
          WHERE ${caseReachSql(scope)} AND d.case_id = $1 ORDER BY d.routing_round, a.name`,
      [caseId],
    );
  }

  /** Holds agencies placed on the case, newest first. */
  async holds(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseHoldRow[]> {
    return managerOf(tx).query(
      `SELECT h.id, h.dispatch_id, a.name AS agency_name, h.scope, h.reason, h.document_ref,
                h.expires_at, h.status, h.created_at
           FROM holds h JOIN agencies a ON a.id = h.agency_id
          WHERE ${caseReachSql(scope)} AND h.case_id = $1 ORDER BY h.created_at DESC`,
      [caseId],
    );
  }

  /** The case's service-level clocks, in the order they started. */
  async clocks(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseClockRow[]> {
    return managerOf(tx).query(
      `SELECT id, clock, status, started_at, due_at, breached_at, stopped_at
           FROM sla_clocks WHERE ${caseReachSql(scope)} AND case_id = $1
          ORDER BY started_at, id`,
      [caseId],
    );
  }

  /** Alerts raised about the case, newest first. */
  async alerts(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseAlertRow[]> {
    return managerOf(tx).query(
      `SELECT id, kind, message, dispatch_id, created_at, acknowledged_at
           FROM alerts WHERE ${caseReachSql(scope)} AND case_id = $1 ORDER BY created_at DESC`,
      [caseId],
    );
  }

  /**
   * Audit events about the case and its records (`relatedIds`), oldest first,
   * reads left out; at most a thousand.
   */
  async timeline(
    tx: Tx,
    scope: RecordScope,
    caseId: string,
    relatedIds: string[],
  ): Promise<CaseTimelineRow[]> {
    return managerOf(tx).query(
      `SELECT e.occurred_at, e.action, e.outcome, e.actor_user_id, e.actor_role, u.display_name,
              e.target_type, e.target_id, e.details
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE ${caseReachSql(scope)}
          AND (e.target_id = $1 OR e.target_id = ANY($2::text[]))
          AND e.action NOT LIKE '%.read'
        ORDER BY e.occurred_at, e.id
        LIMIT 1000`,
      [caseId, relatedIds],
    );
  }

  /** Display names of the coordinators who worked the case (proposed, approved). */
  async userNames(tx: Tx, scope: RecordScope, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; display_name: string }[] = await managerOf(tx).query(
      `SELECT id, display_name FROM users WHERE ${caseReachSql(scope)} AND id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** Agency names; agencies are reference data no member organization holds, so no scope. */
  async agencyNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await managerOf(tx).query(
      `SELECT id, name FROM agencies WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
