import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import {
  ConflictProblem,
  DEFAULT_PAGE_SIZE,
  ValidationProblem,
  decodeCursor,
  toPage,
  type Page,
  type RequestMeta,
} from '@app/common';
import {
  OUTCOME_DISPATCH_STATUSES,
  decideDispatchTransition,
  dispatchStatusIn,
  hasPermission,
  type DispatchAction,
  type DispatchStatus,
  type Permission,
} from '@app/domain';
import {
  DispatchesRepository,
  UnitOfWork,
  type DispatchStepChanges,
  type DispatchWithAgency,
  type Tx,
} from '@app/persistence';
import { OutboxWriter, QueueName, SlaClocks, Notifier } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { allowedOrThrow } from '../workflow/refusal';
import { auditedCommand } from './audited-command';
import {
  packageHeadline,
  toDeliverySummary,
  toDispatchResponse,
  toDispatchSummary,
} from './dispatch.mapper';
import type { DispatchOutcomeDto } from './dto/dispatch.dto';
import type { DispatchResponse, DispatchSummaryResponse } from './dto/dispatch-response.dto';

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
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly dispatches: DispatchesRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly clocks: SlaClocks,
    private readonly notifier: Notifier,
  ) {}

  /**
   * One page of the caller's dispatches, oldest first. A list is a summary of
   * the caller's own dispatches, not a package read: it is not audited.
   */
  async list(
    actor: AuthUser,
    query: { status?: string; caseId?: string; cursor?: string; limit?: number },
  ): Promise<Page<DispatchSummaryResponse>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const scope = this.access.scopeFilter(actor, 'dispatches.read');
    if (scope.reach === 'none' || scope.reach === 'owner') return { items: [], nextCursor: null };
    const after = decodeCursor(query.cursor);
    if (
      after &&
      (!CREATED_KEY.test(after.sortValue) ||
        Number.isNaN(Date.parse(after.sortValue)) ||
        !isUUID(after.id))
    ) {
      throw ValidationProblem.field('cursor', 'is not a cursor this API issued');
    }
    // A list may lag the primary: it reads from the replica when there is one.
    const rows = await this.uow.replicaRead((tx) =>
      this.dispatches.list(tx, scope, {
        status: query.status,
        caseId: query.caseId,
        after: after ? { createdKey: after.sortValue, id: after.id } : undefined,
        take: limit + 1,
      }),
    );
    const page = toPage(rows, limit, (r) => ({ sortValue: r.createdKey, id: r.id }));
    return {
      items: page.items.map((r) =>
        toDispatchSummary(r, r.agency, r.caseReference, {
          priority: r.priority,
          merchantName: r.merchantName,
          acknowledgeBy: r.acknowledgeBy,
        }),
      ),
      nextCursor: page.nextCursor,
    };
  }

  /** One dispatch with its package. Reading case material is audited. */
  get(actor: AuthUser, id: string, meta: RequestMeta): Promise<DispatchResponse> {
    return this.uow.run(async (tx) => {
      const reached = await this.access.require(
        actor,
        'dispatches.read',
        { kind: 'dispatch', id },
        { tx },
      );
      const view = await this.view(tx, actor, reached);
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'dispatch.read',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: id,
        details: { reference: reached.dispatch.reference },
      });
      return view;
    });
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
  recordOutcome(
    actor: AuthUser,
    id: string,
    body: DispatchOutcomeDto,
    meta: RequestMeta,
  ): Promise<DispatchResponse> {
    return auditedCommand(
      this.uow,
      this.audit,
      { actor, meta, action: 'dispatch.outcome', targetType: 'dispatch', targetId: id },
      async (tx) => {
        const reached = await this.access.require(
          actor,
          'dispatches.act',
          { kind: 'dispatch', id },
          { tx, lock: true },
        );
        const { dispatch } = reached;
        if (!dispatchStatusIn(OUTCOME_DISPATCH_STATUSES, dispatch.status)) {
          throw new ConflictProblem(
            `dispatch_outcome_not_allowed_from_${dispatch.status}`,
            `This dispatch is ${dispatch.status}; an outcome can be recorded once the agency has accepted it.`,
          );
        }
        const previous = dispatch.outcome;
        await this.dispatches.saveOutcome(tx, dispatch, {
          outcome: body.outcome,
          outcomeNote: body.note ?? null,
          outcomeAt: new Date(),
          shareCaseNumberWithFilers: body.shareCaseNumberWithFilers ?? false,
        });
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'dispatch.outcome',
          outcome: 'success',
          targetType: 'dispatch',
          targetId: id,
          details: {
            reference: dispatch.reference,
            outcome: body.outcome,
            previous,
            shareCaseNumberWithFilers: body.shareCaseNumberWithFilers ?? false,
          },
        });
        await this.notifier.notify(tx, 'outcome.recorded', id, actor.id);
        return this.view(tx, actor, reached);
      },
    );
  }

  /**
   * One workflow step (dispatch-workflow table): reach, then role, then
   * status, then guard; a refusal is the table's 403/409/400. Liaison
   * decisions stop the acknowledgement clock; a retry enqueues a new delivery.
   */
  private transition(
    actor: AuthUser,
    id: string,
    meta: RequestMeta,
    action: DispatchAction,
    permission: Permission,
    input: { leCaseNumber?: string; reason?: string },
  ): Promise<DispatchResponse> {
    return auditedCommand(
      this.uow,
      this.audit,
      { actor, meta, action: `dispatch.${action}`, targetType: 'dispatch', targetId: id },
      async (tx) => {
        const reached = await this.access.require(
          actor,
          permission,
          { kind: 'dispatch', id },
          { tx, lock: true },
        );
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
        const changes: DispatchStepChanges = {};
        const details: Record<string, unknown> = { reference: dispatch.reference, from, to };
        switch (action) {
          case 'acknowledge':
            changes.acknowledgedAt = now;
            break;
          case 'accept':
            changes.acceptedAt = now;
            if (input.leCaseNumber !== undefined) {
              changes.leCaseNumber = input.leCaseNumber;
              details.leCaseNumber = input.leCaseNumber;
            }
            break;
          case 'decline':
            changes.declinedAt = now;
            changes.declineReason = (input.reason ?? '').trim();
            break;
          case 'retry':
            changes.failedAt = null;
            break;
          case 'deliver':
          case 'fail':
            // System steps: the table refuses them to people before we get here.
            break;
        }
        await this.dispatches.saveStep(tx, dispatch, to, changes);
        if (ACKNOWLEDGING.includes(action)) {
          await this.clocks.stop(
            tx,
            'le_acknowledgement',
            { caseId: dispatch.caseId, dispatchId: dispatch.id },
            'met',
          );
        }
        if (action === 'retry') {
          await this.outbox.enqueue(tx, QueueName.Dispatch, 'deliver', {
            organizationId: agency.organizationId,
            dispatchId: dispatch.id,
          });
        }
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: `dispatch.${action}`,
          outcome: 'success',
          targetType: 'dispatch',
          targetId: id,
          details,
        });
        return this.view(tx, actor, reached);
      },
    );
  }

  /** The dispatch view: holds newest first; delivery details for coalition staff only. */
  private async view(
    tx: Tx,
    actor: AuthUser,
    { dispatch, agency }: DispatchWithAgency,
  ): Promise<DispatchResponse> {
    const coalitionStaff = hasPermission(actor.role, 'cases.read');
    const parts = await this.dispatches.view(tx, dispatch, { attempts: coalitionStaff });
    return toDispatchResponse(
      dispatch,
      agency,
      parts.caseReference ?? '',
      {
        ...packageHeadline(dispatch.package, parts.casePriority ?? ''),
        acknowledgeBy: parts.acknowledgeBy,
      },
      parts.holds,
      coalitionStaff ? toDeliverySummary(dispatch, parts.attempts) : null,
    );
  }
}
