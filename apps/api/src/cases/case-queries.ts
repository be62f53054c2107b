import {
  DEFAULT_PAGE_SIZE,
  RecordNotFound,
  ValidationProblem,
  decodeCursor,
  toPage,
  type Page,
} from '@app/common';
import { PRIORITIES } from '@app/domain';
import { CaseEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { memberActions } from '../member-actions/member-action-queries';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  CaseDetailView,
  CaseSummaryView,
  InfoRequestView,
  TimelineEntryView,
} from './dto/case-responses.dto';

/** Why two referrals sharing a key of this kind are taken to be about the same merchant. */
const MATCH_REASONS: Record<string, string> = {
  domain: 'same registrable domain in a website or URL',
  merchant_id: 'same acquirer and merchant id',
  wallet: 'same crypto wallet',
  email: 'same e-mail address',
  phone: 'same phone number (E.164)',
  name_country: 'same normalised legal name in the same country',
};

const ISO = (d: Date | string | null): string | null =>
  d === null ? null : (d instanceof Date ? d : new Date(d)).toISOString();

/**
 * Run queries one after another and collect their results. On a transaction's
 * manager every query shares one connection, which must not be given a second
 * query while it is still answering the first.
 */
async function inOrder<T extends readonly (() => Promise<unknown>)[] | []>(
  steps: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const step of steps) results.push(await step());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/** Filters of the coordinators' inbox, already validated. */
export interface InboxFilter {
  statuses?: string[];
  /** A user id, or null for unassigned cases. */
  assigneeId?: string | null;
  priority?: string;
  overdue?: boolean;
  cursor?: string;
  limit?: number;
}

interface InboxRow {
  id: string;
  reference: string;
  status: string;
  priority: string;
  assignee_id: string | null;
  assignee_name: string | null;
  tlp: string | null;
  created_key: string;
  created_at: Date;
  updated_at: Date;
  overdue: boolean;
  sla_due_at: Date | null;
  referral_count: number;
  filing_members: number;
  merchant_names: string[] | null;
}

/** A breached clock (other than a hold's expiry) makes a case overdue. */
const OVERDUE_SQL = `EXISTS (SELECT 1 FROM sla_clocks k
                              WHERE k.case_id = c.id AND k.status = 'breached'
                                AND k.clock <> 'hold_expiry')`;

/** The inbox line of a case: the case, its assignee and what it aggregates. */
const SUMMARY_SELECT = `
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
    FROM cases c LEFT JOIN users u ON u.id = c.assignee_id`;

function summaryView(r: InboxRow): CaseSummaryView {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    priority: r.priority,
    assignee: r.assignee_id ? { id: r.assignee_id, displayName: r.assignee_name ?? '' } : null,
    tlp: r.tlp,
    overdue: r.overdue,
    slaDueAt: ISO(r.sla_due_at),
    referralCount: r.referral_count,
    filingMembers: r.filing_members,
    merchantNames: r.merchant_names ?? [],
    createdAt: ISO(r.created_at)!,
    updatedAt: ISO(r.updated_at)!,
  };
}

/**
 * Read models of cases for coordinators: the inbox (priority first, then age)
 * and the whole case. Callers have already checked the permission; cases are
 * coalition records every coordinator may see.
 */
@Injectable()
export class CaseQueries {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async inbox(filter: InboxFilter): Promise<Page<CaseSummaryView>> {
    const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
    const after = this.decodeInboxCursor(filter.cursor);
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.statuses && filter.statuses.length > 0) {
      where.push(`c.status = ANY(${param(filter.statuses)}::text[])`);
    }
    if (filter.assigneeId === null) where.push(`c.assignee_id IS NULL`);
    else if (filter.assigneeId) where.push(`c.assignee_id = ${param(filter.assigneeId)}::uuid`);
    if (filter.priority) where.push(`c.priority = ${param(filter.priority)}`);
    if (filter.overdue !== undefined) where.push(`${filter.overdue ? '' : 'NOT '}${OVERDUE_SQL}`);
    if (after) {
      where.push(
        `(c.priority, c.created_at, c.id) > (${param(after.priority)}, ${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    const rows: InboxRow[] = await this.dataSource.query(
      `${SUMMARY_SELECT}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.priority, c.created_at, c.id
        LIMIT ${param(limit + 1)}`,
      params,
    );
    const page = toPage(rows, limit, (r) => ({
      sortValue: `${r.priority}|${r.created_key}`,
      id: r.id,
    }));
    return {
      items: page.items.map(summaryView),
      nextCursor: page.nextCursor,
    };
  }

  private decodeInboxCursor(
    cursor: string | undefined,
  ): { priority: string; createdAt: string; id: string } | undefined {
    const position = decodeCursor(cursor);
    if (!position) return undefined;
    const [priority, createdAt] = position.sortValue.split('|');
    const valid =
      (PRIORITIES as readonly string[]).includes(priority) &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(createdAt ?? '') &&
      !Number.isNaN(Date.parse(createdAt)) &&
      isUUID(position.id);
    if (!valid) throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
    return { priority, createdAt, id: position.id };
  }

  /** The case, or 404. */
  async requireCase(
    caseId: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<CaseEntity> {
    const found = await manager.findOne(CaseEntity, {
      where: { id: caseId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!found) throw new RecordNotFound('case');
    return found;
  }

  /** The whole case as a coordinator works it. */
  async detail(
    caseId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CaseDetailView> {
    const c = await this.requireCase(caseId, manager);
    const q = <T>(sql: string, params: unknown[]): Promise<T[]> => manager.query(sql, params);

    const [
      summary,
      referrals,
      matches,
      suggestions,
      notes,
      infoRequests,
      dispatches,
      holds,
      clocks,
      alerts,
      actions,
    ] = await inOrder([
      () => this.summaryOf(manager, c.id),
      () =>
        q<{
          id: string;
          reference: string;
          status: string;
          organization_id: string;
          legal_name: string;
          category: string | null;
          priority: string;
          tlp: string;
          merchant: Record<string, unknown> | null;
          submitted_at: Date | null;
        }>(
          `SELECT r.id, r.reference, r.status, r.organization_id, o.legal_name, r.category, r.priority,
                r.tlp, r.merchant, r.submitted_at
           FROM referrals r JOIN organizations o ON o.id = r.organization_id
          WHERE r.case_id = $1 ORDER BY r.submitted_at NULLS LAST, r.reference`,
          [c.id],
        ),
      () =>
        q<{ kind: string; value: string; referral_ids: string[] }>(
          `SELECT kind, value, array_agg(referral_id ORDER BY referral_id) AS referral_ids
           FROM referral_match_keys WHERE case_id = $1
          GROUP BY kind, value HAVING count(*) > 1 ORDER BY kind, value`,
          [c.id],
        ),
      () =>
        q<{
          referral_id: string;
          reference: string;
          case_id: string | null;
          case_reference: string | null;
          similarity: number;
          reason: string;
          status: string;
          created_at: Date;
        }>(
          `SELECT s.referral_id, r.reference, r.case_id, oc.reference AS case_reference, s.similarity,
                s.reason, s.status, s.created_at
           FROM match_suggestions s
           JOIN referrals r ON r.id = s.referral_id
           LEFT JOIN cases oc ON oc.id = r.case_id
          WHERE s.case_id = $1 ORDER BY s.status, s.similarity DESC, r.reference`,
          [c.id],
        ),
      () =>
        q<{ id: string; body: string; author_id: string; display_name: string; created_at: Date }>(
          `SELECT n.id, n.body, n.author_id, u.display_name, n.created_at
           FROM case_notes n JOIN users u ON u.id = n.author_id
          WHERE n.case_id = $1 ORDER BY n.created_at, n.id`,
          [c.id],
        ),
      () => this.infoRequests(manager, { caseId: c.id }),
      () =>
        q<{
          id: string;
          reference: string;
          agency_id: string;
          agency_name: string;
          status: string;
          tlp: string;
          routing_round: number;
          delivery_attempts: number;
          last_error: string | null;
          le_case_number: string | null;
          outcome: string | null;
          created_at: Date;
          delivered_at: Date | null;
          acknowledged_at: Date | null;
          accepted_at: Date | null;
          declined_at: Date | null;
          decline_reason: string | null;
          failed_at: Date | null;
        }>(
          `SELECT d.id, d.reference, d.agency_id, a.name AS agency_name, d.status, d.tlp, d.routing_round,
                d.delivery_attempts, d.last_error, d.le_case_number, d.outcome, d.created_at,
                d.delivered_at, d.acknowledged_at, d.accepted_at, d.declined_at, d.decline_reason,
                d.failed_at
           FROM dispatches d JOIN agencies a ON a.id = d.agency_id
          WHERE d.case_id = $1 ORDER BY d.routing_round, a.name`,
          [c.id],
        ),
      () =>
        q<{
          id: string;
          dispatch_id: string;
          agency_name: string;
          scope: string;
          reason: string;
          document_ref: string;
          expires_at: Date;
          status: string;
          created_at: Date;
        }>(
          `SELECT h.id, h.dispatch_id, a.name AS agency_name, h.scope, h.reason, h.document_ref,
                h.expires_at, h.status, h.created_at
           FROM holds h JOIN agencies a ON a.id = h.agency_id
          WHERE h.case_id = $1 ORDER BY h.created_at DESC`,
          [c.id],
        ),
      () =>
        q<{
          id: string;
          clock: string;
          status: string;
          started_at: Date;
          due_at: Date;
          breached_at: Date | null;
          stopped_at: Date | null;
        }>(
          `SELECT id, clock, status, started_at, due_at, breached_at, stopped_at
           FROM sla_clocks WHERE case_id = $1 ORDER BY started_at, id`,
          [c.id],
        ),
      () =>
        q<{
          id: string;
          kind: string;
          message: string;
          dispatch_id: string | null;
          created_at: Date;
          acknowledged_at: Date | null;
        }>(
          `SELECT id, kind, message, dispatch_id, created_at, acknowledged_at
           FROM alerts WHERE case_id = $1 ORDER BY created_at DESC`,
          [c.id],
        ),
      () => memberActions(manager, { caseId: c.id }),
    ]);

    const referenceOf = new Map(referrals.map((r) => [r.id, r.reference]));
    const users = await this.userNames(manager, [c.proposedBy, c.approvedBy]);
    const plan = c.routingPlan;
    const agencyNames = plan
      ? await this.agencyNames(
          manager,
          plan.agencies.map((a) => a.agencyId),
        )
      : new Map<string, string>();

    return {
      ...summary,
      statusReason: c.statusReason,
      outcome: c.outcome,
      mergedIntoId: c.mergedIntoId,
      closedAt: ISO(c.closedAt),
      referrals: referrals.map((r) => ({
        id: r.id,
        reference: r.reference,
        status: r.status,
        filer: { organizationId: r.organization_id, legalName: r.legal_name },
        category: r.category,
        priority: r.priority,
        tlp: r.tlp,
        merchant: {
          legalName: (r.merchant?.legalName as string | undefined) ?? null,
          country: (r.merchant?.country as string | undefined) ?? null,
          websites: (r.merchant?.websites as string[] | undefined) ?? [],
        },
        submittedAt: ISO(r.submitted_at),
        memberActions: actions.filter((a) => a.referralId === r.id),
      })),
      matches: matches.map((m) => ({
        kind: m.kind,
        value: m.value,
        why: MATCH_REASONS[m.kind] ?? 'same identifier',
        referrals: m.referral_ids.map((id) => ({ id, reference: referenceOf.get(id) ?? id })),
      })),
      suggestions: suggestions.map((s) => ({
        referralId: s.referral_id,
        referralReference: s.reference,
        currentCaseId: s.case_id,
        currentCaseReference: s.case_reference,
        similarity: Math.round(s.similarity * 1000) / 1000,
        reason: s.reason,
        status: s.status,
        createdAt: ISO(s.created_at)!,
      })),
      notes: notes.map((n) => ({
        id: n.id,
        body: n.body,
        author: { id: n.author_id, displayName: n.display_name },
        createdAt: ISO(n.created_at)!,
      })),
      infoRequests,
      routing: {
        plan: plan
          ? {
              agencies: plan.agencies.map((a) => ({
                agencyId: a.agencyId,
                agencyName: agencyNames.get(a.agencyId) ?? '',
                basis: a.basis,
              })),
              tlp: plan.tlp,
              rationale: plan.rationale,
            }
          : null,
        proposedBy: c.proposedBy
          ? { id: c.proposedBy, displayName: users.get(c.proposedBy) ?? '' }
          : null,
        proposedAt: ISO(c.proposedAt),
        approvedBy: c.approvedBy
          ? { id: c.approvedBy, displayName: users.get(c.approvedBy) ?? '' }
          : null,
        approvedAt: ISO(c.approvedAt),
      },
      dispatches: dispatches.map((d) => ({
        id: d.id,
        reference: d.reference,
        agency: { id: d.agency_id, name: d.agency_name },
        status: d.status,
        tlp: d.tlp,
        routingRound: d.routing_round,
        deliveryAttempts: d.delivery_attempts,
        lastError: d.last_error,
        leCaseNumber: d.le_case_number,
        outcome: d.outcome,
        declineReason: d.decline_reason,
        createdAt: ISO(d.created_at)!,
        deliveredAt: ISO(d.delivered_at),
        acknowledgedAt: ISO(d.acknowledged_at),
        acceptedAt: ISO(d.accepted_at),
        declinedAt: ISO(d.declined_at),
        failedAt: ISO(d.failed_at),
      })),
      holds: holds.map((h) => ({
        id: h.id,
        dispatchId: h.dispatch_id,
        agency: h.agency_name,
        scope: h.scope,
        reason: h.reason,
        documentRef: h.document_ref,
        expiresAt: ISO(h.expires_at)!,
        status: h.status,
        createdAt: ISO(h.created_at)!,
      })),
      clocks: clocks.map((k) => ({
        id: k.id,
        clock: k.clock,
        status: k.status,
        startedAt: ISO(k.started_at)!,
        dueAt: ISO(k.due_at)!,
        breachedAt: ISO(k.breached_at),
        stoppedAt: ISO(k.stopped_at),
      })),
      alerts: alerts.map((a) => ({
        id: a.id,
        kind: a.kind,
        message: a.message,
        dispatchId: a.dispatch_id,
        createdAt: ISO(a.created_at)!,
        acknowledgedAt: ISO(a.acknowledged_at),
      })),
      timeline: await this.timeline(manager, c.id, [
        ...referrals.map((r) => r.id),
        ...dispatches.map((d) => d.id),
        ...holds.map((h) => h.id),
        ...infoRequests.map((i) => i.id),
      ]),
    };
  }

  /** The inbox line of one case. */
  async summaryOf(manager: EntityManager, caseId: string): Promise<CaseSummaryView> {
    const rows: InboxRow[] = await manager.query(`${SUMMARY_SELECT} WHERE c.id = $1`, [caseId]);
    if (!rows[0]) throw new RecordNotFound('case');
    return summaryView(rows[0]);
  }

  /**
   * Information requests of a case or a referral. `forMember` leaves out who
   * asked and who answered: a filer sees the question and the answer only.
   */
  async infoRequests(
    manager: EntityManager,
    where: { caseId?: string; referralId?: string; id?: string },
    forMember = false,
  ): Promise<InfoRequestView[]> {
    const rows: {
      id: string;
      case_id: string;
      referral_id: string;
      reference: string;
      question: string;
      status: string;
      answer: string | null;
      asked_by: string;
      asker: string;
      answered_by: string | null;
      answerer: string | null;
      created_at: Date;
      answered_at: Date | null;
    }[] = await manager.query(
      `SELECT i.id, i.case_id, i.referral_id, r.reference, i.question, i.status, i.answer,
              i.asked_by, ua.display_name AS asker, i.answered_by, ub.display_name AS answerer,
              i.created_at, i.answered_at
         FROM info_requests i
         JOIN referrals r ON r.id = i.referral_id
         JOIN users ua ON ua.id = i.asked_by
         LEFT JOIN users ub ON ub.id = i.answered_by
        WHERE ($1::uuid IS NULL OR i.case_id = $1)
          AND ($2::uuid IS NULL OR i.referral_id = $2)
          AND ($3::uuid IS NULL OR i.id = $3)
        ORDER BY i.created_at, i.id`,
      [where.caseId ?? null, where.referralId ?? null, where.id ?? null],
    );
    return rows.map((i) => ({
      id: i.id,
      referralId: i.referral_id,
      referralReference: i.reference,
      question: i.question,
      status: i.status,
      answer: i.answer,
      askedAt: ISO(i.created_at)!,
      answeredAt: ISO(i.answered_at),
      ...(forMember
        ? {}
        : {
            caseId: i.case_id,
            askedBy: { id: i.asked_by, displayName: i.asker },
            answeredBy: i.answered_by ? { id: i.answered_by, displayName: i.answerer ?? '' } : null,
          }),
    }));
  }

  /** What happened to the case and its records, oldest first (reads left out). */
  private async timeline(
    manager: EntityManager,
    caseId: string,
    relatedIds: string[],
  ): Promise<TimelineEntryView[]> {
    const rows: {
      occurred_at: Date;
      action: string;
      outcome: string;
      actor_user_id: string | null;
      actor_role: string | null;
      display_name: string | null;
      target_type: string | null;
      target_id: string | null;
      details: Record<string, unknown>;
    }[] = await manager.query(
      `SELECT e.occurred_at, e.action, e.outcome, e.actor_user_id, e.actor_role, u.display_name,
              e.target_type, e.target_id, e.details
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_user_id
        WHERE (e.target_id = $1 OR e.target_id = ANY($2::text[]))
          AND e.action NOT LIKE '%.read'
        ORDER BY e.occurred_at, e.id
        LIMIT 1000`,
      [caseId, relatedIds],
    );
    return rows.map((e) => ({
      at: ISO(e.occurred_at)!,
      action: e.action,
      outcome: e.outcome,
      actor: e.actor_user_id
        ? { id: e.actor_user_id, role: e.actor_role, displayName: e.display_name ?? '' }
        : null,
      targetType: e.target_type,
      targetId: e.target_id,
      details: e.details,
    }));
  }

  private async userNames(
    manager: EntityManager,
    ids: (string | null)[],
  ): Promise<Map<string, string>> {
    const wanted = ids.filter((id): id is string => id !== null);
    if (wanted.length === 0) return new Map();
    const rows: { id: string; display_name: string }[] = await manager.query(
      `SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])`,
      [wanted],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  private async agencyNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await manager.query(
      `SELECT id, name FROM agencies WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
