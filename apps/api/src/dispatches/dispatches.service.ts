import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import {
  ConflictProblem,
  DEFAULT_PAGE_SIZE,
  RecordNotFound,
  ValidationProblem,
  decodeCursor,
  toPage,
  type Page,
  type RequestMeta,
} from '@app/common';
import {
  canReachOrganization,
  decideDispatchTransition,
  hasPermission,
  permissionScope,
  type DispatchAction,
  type DispatchStatus,
  type Permission,
} from '@app/domain';
import {
  AgencyEntity,
  CaseEntity,
  DeliveryAttemptEntity,
  DispatchEntity,
  HoldEntity,
  SlaClockEntity,
  inTransaction,
} from '@app/persistence';
import { OutboxWriter, QueueName, SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, In, type EntityManager } from 'typeorm';
import { allowedOrThrow } from '../workflow/refusal';
import { auditedCommand } from './audited-command';
import { OUTCOME_STATUSES } from './dispatch-outcomes';
import {
  DISPATCH_HEADLINE_SQL,
  packageHeadline,
  toDeliverySummary,
  toDispatchResponse,
  toDispatchSummary,
} from './dispatch.mapper';
import type { DispatchOutcomeDto } from './dto/dispatch.dto';
import type { DispatchResponse, DispatchSummaryResponse } from './dto/dispatch-response.dto';

/** A dispatch the caller may reach, with the agency it was sent to. */
export interface ReachedDispatch {
  dispatch: DispatchEntity;
  agency: AgencyEntity;
}

/** A list row: the dispatch without its package, with its agency, case and headline. */
interface SummaryRow {
  id: string;
  reference: string;
  case_id: string;
  case_reference: string;
  agency_id: string;
  agency_name: string;
  status: string;
  tlp: string;
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

const CREATED_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Liaison decisions that meet the agency's acknowledgement clock. */
const ACKNOWLEDGING: readonly DispatchAction[] = ['acknowledge', 'accept', 'decline'];

/**
 * Dispatches: a liaison reads and works only their own agency's (the agency
 * whose organization is theirs); coordinators read them all and retry failed
 * deliveries. Anything out of reach is "not found", like a missing id.
 */
@Injectable()
export class DispatchesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clocks: SlaClocks,
  ) {}

  /**
   * The dispatch, if `permission` reaches its agency's organization (a
   * liaison's own agency; coordinators any); else 404, as for a missing one.
   */
  async requireDispatch(
    actor: AuthUser,
    permission: Permission,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<ReachedDispatch> {
    const dispatch = await manager.findOne(DispatchEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const agency = dispatch
      ? await manager.findOneBy(AgencyEntity, { id: dispatch.agencyId })
      : null;
    if (!dispatch || !agency) throw new RecordNotFound('dispatch');
    if (!canReachOrganization(actor, permission, agency.organizationId)) {
      throw RecordNotFound.outOfReach('dispatch', id);
    }
    return { dispatch, agency };
  }

  /**
   * One page, oldest first, in a single query: the page is chosen first (by
   * the (agency, status, created_at, id) index), then only its rows are
   * joined to their agency, case and acknowledgement clock, and only they
   * open the package for the priority and merchant name. A list is a summary
   * of the caller's own dispatches, not a package read: it is not audited.
   */
  async list(
    actor: AuthUser,
    query: { status?: string; caseId?: string; cursor?: string; limit?: number },
  ): Promise<Page<DispatchSummaryResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    // The caller's reach decides the rows, before any filter of theirs.
    switch (permissionScope(actor.role, 'dispatches.read')) {
      case 'any':
        break;
      case 'own_organization':
        where.push(
          `p.agency_id IN (SELECT a.id FROM agencies a WHERE a.organization_id = ${param(actor.organizationId)}::uuid)`,
        );
        break;
      case 'own_records':
      case undefined:
        return { items: [], nextCursor: null };
    }
    if (query.status) where.push(`p.status = ${param(query.status)}`);
    if (query.caseId) where.push(`p.case_id = ${param(query.caseId)}::uuid`);
    const after = decodeCursor(query.cursor);
    if (after) {
      if (
        !CREATED_KEY.test(after.sortValue) ||
        Number.isNaN(Date.parse(after.sortValue)) ||
        !isUUID(after.id)
      ) {
        throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
      }
      where.push(
        `(p.created_at, p.id) > (${param(after.sortValue)}::timestamptz, ${param(after.id)}::uuid)`,
      );
    }
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT d.id, d.reference, d.case_id, c.reference AS case_reference, d.agency_id,
              a.name AS agency_name, d.status, d.tlp, d.created_at,
              to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key,
              d.delivered_at, d.acknowledged_at, d.accepted_at, d.declined_at, d.le_case_number,
              d.outcome, ${DISPATCH_HEADLINE_SQL}
         FROM (SELECT p.id FROM dispatches p
                ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY p.created_at, p.id
                LIMIT ${param(limit + 1)}) page
         JOIN dispatches d ON d.id = page.id
         JOIN agencies a ON a.id = d.agency_id
         JOIN cases c ON c.id = d.case_id
        ORDER BY d.created_at, d.id`,
      params,
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.created_key, id: r.id }));
    return {
      items: page.items.map((r) =>
        toDispatchSummary(
          {
            id: r.id,
            reference: r.reference,
            caseId: r.case_id,
            status: r.status,
            tlp: r.tlp,
            createdAt: r.created_at,
            deliveredAt: r.delivered_at,
            acknowledgedAt: r.acknowledged_at,
            acceptedAt: r.accepted_at,
            declinedAt: r.declined_at,
            leCaseNumber: r.le_case_number,
            outcome: r.outcome,
          },
          { id: r.agency_id, name: r.agency_name },
          r.case_reference,
          { priority: r.priority, merchantName: r.merchant_name, acknowledgeBy: r.acknowledge_by },
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /** One dispatch with its package. Reading case material is audited. */
  async get(actor: AuthUser, id: string, meta: RequestMeta): Promise<DispatchResponse> {
    const reached = await this.requireDispatch(actor, 'dispatches.read', id);
    const view = await this.view(this.dataSource.manager, actor, reached);
    await inTransaction(this.dataSource, (m) =>
      this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'dispatch.read',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: id,
        details: { reference: reached.dispatch.reference },
      }),
    );
    return view;
  }

  acknowledge(actor: AuthUser, id: string, meta: RequestMeta): Promise<DispatchResponse> {
    return this.transition(actor, id, meta, 'acknowledge', 'dispatches.act', {});
  }

  accept(
    actor: AuthUser,
    id: string,
    leCaseNumber: string | undefined,
    meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return this.transition(actor, id, meta, 'accept', 'dispatches.act', { leCaseNumber });
  }

  decline(
    actor: AuthUser,
    id: string,
    reason: string,
    meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return this.transition(actor, id, meta, 'decline', 'dispatches.act', { reason });
  }

  /** Coordinators: a failed delivery goes back to pending with a new delivery job. */
  retry(actor: AuthUser, id: string, meta: RequestMeta): Promise<DispatchResponse> {
    return this.transition(actor, id, meta, 'retry', 'cases.write', {});
  }

  /**
   * The agency reports what came of an accepted dispatch. It may report again
   * as the matter progresses; the latest report stands and each is audited.
   */
  async recordOutcome(
    actor: AuthUser,
    id: string,
    body: DispatchOutcomeDto,
    meta: RequestMeta,
  ): Promise<DispatchResponse> {
    await this.requireDispatch(actor, 'dispatches.act', id);
    return auditedCommand(
      this.dataSource,
      this.audit,
      { actor, meta, action: 'dispatch.outcome', targetType: 'dispatch', targetId: id },
      async (m) => {
        const reached = await this.requireDispatch(actor, 'dispatches.act', id, m, true);
        const { dispatch } = reached;
        if (!OUTCOME_STATUSES.includes(dispatch.status)) {
          throw new ConflictProblem(
            `dispatch_outcome_not_allowed_from_${dispatch.status}`,
            `This dispatch is ${dispatch.status}; an outcome can be recorded once the agency has accepted it.`,
          );
        }
        const previous = dispatch.outcome;
        dispatch.outcome = body.outcome;
        dispatch.outcomeNote = body.note ?? null;
        dispatch.outcomeAt = new Date();
        await m.save(dispatch);
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'dispatch.outcome',
          outcome: 'success',
          targetType: 'dispatch',
          targetId: id,
          details: { reference: dispatch.reference, outcome: body.outcome, previous },
        });
        return this.view(m, actor, reached);
      },
    );
  }

  /**
   * One workflow step (dispatch-workflow table): role, then status, then
   * guard; a refusal is the table's 403/409/400. Liaison decisions stop the
   * acknowledgement clock; a retry enqueues a new delivery.
   */
  private async transition(
    actor: AuthUser,
    id: string,
    meta: RequestMeta,
    action: DispatchAction,
    permission: Permission,
    input: { leCaseNumber?: string; reason?: string },
  ): Promise<DispatchResponse> {
    await this.requireDispatch(actor, permission, id);
    return auditedCommand(
      this.dataSource,
      this.audit,
      { actor, meta, action: `dispatch.${action}`, targetType: 'dispatch', targetId: id },
      async (m) => {
        const reached = await this.requireDispatch(actor, permission, id, m, true);
        const { dispatch, agency } = reached;
        const from = dispatch.status as DispatchStatus;
        const to = allowedOrThrow(
          decideDispatchTransition(action, {
            status: from,
            actor: { id: actor.id, role: actor.role },
            reason: input.reason,
          }),
          'reason',
        );
        const now = new Date();
        dispatch.status = to;
        const details: Record<string, unknown> = { reference: dispatch.reference, from, to };
        switch (action) {
          case 'acknowledge':
            dispatch.acknowledgedAt = now;
            break;
          case 'accept':
            dispatch.acceptedAt = now;
            if (input.leCaseNumber !== undefined) {
              dispatch.leCaseNumber = input.leCaseNumber;
              details.leCaseNumber = input.leCaseNumber;
            }
            break;
          case 'decline':
            dispatch.declinedAt = now;
            dispatch.declineReason = (input.reason ?? '').trim();
            break;
          case 'retry':
            dispatch.failedAt = null;
            break;
          case 'deliver':
          case 'fail':
            // System steps: the table refuses them to people before we get here.
            break;
        }
        await m.save(dispatch);
        if (ACKNOWLEDGING.includes(action)) {
          await this.clocks.stop(
            m,
            'le_acknowledgement',
            { caseId: dispatch.caseId, dispatchId: dispatch.id },
            'met',
          );
        }
        if (action === 'retry') {
          await this.outbox.enqueue(m, QueueName.Dispatch, 'deliver', {
            organizationId: agency.organizationId,
            dispatchId: dispatch.id,
          });
        }
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: `dispatch.${action}`,
          outcome: 'success',
          targetType: 'dispatch',
          targetId: id,
          details,
        });
        return this.view(m, actor, reached);
      },
    );
  }

  /** The dispatch view: holds newest first; delivery details for coalition staff only. */
  private async view(
    m: EntityManager,
    actor: AuthUser,
    { dispatch, agency }: ReachedDispatch,
  ): Promise<DispatchResponse> {
    const coalitionStaff = hasPermission(actor.role, 'cases.read');
    // One after another: inside a transaction they share one connection.
    const caseRow = await m.findOne(CaseEntity, {
      select: { id: true, reference: true, priority: true },
      where: { id: dispatch.caseId },
    });
    const ackClock = await m.findOne(SlaClockEntity, {
      select: { id: true, dueAt: true },
      where: {
        dispatchId: dispatch.id,
        clock: 'le_acknowledgement',
        status: In(['running', 'breached']),
      },
      order: { dueAt: 'ASC' },
    });
    const holds = await m.find(HoldEntity, {
      where: { dispatchId: dispatch.id },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const attempts = coalitionStaff
      ? await m.find(DeliveryAttemptEntity, {
          where: { dispatchId: dispatch.id },
          order: { createdAt: 'ASC', attempt: 'ASC' },
        })
      : [];
    return toDispatchResponse(
      dispatch,
      agency,
      caseRow?.reference ?? '',
      {
        ...packageHeadline(dispatch.package, caseRow?.priority ?? ''),
        acknowledgeBy: ackClock?.dueAt ?? null,
      },
      holds,
      coalitionStaff ? toDeliverySummary(dispatch, attempts) : null,
    );
  }
}
