import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ConflictProblem, ValidationProblem, type RequestMeta } from '@app/common';
import {
  HOLD_DISPATCH_STATUSES,
  HOLD_PLACED_STATUS,
  decideHoldTransition,
  dispatchStatusIn,
  type HoldAction,
  type HoldStatus,
} from '@app/domain';
import { HoldsRepository, UnitOfWork, type DispatchEntity } from '@app/persistence';
import { Notifier, SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { auditedCommand } from '../dispatches/audited-command';
import { toHoldResponse } from '../dispatches/dispatch.mapper';
import type { HoldResponse } from '../dispatches/dto/hold-response.dto';
import { holdExpiryInputProblem, type CreateHoldDto } from './dto/hold.dto';

/**
 * Holds: an agency asks the filing members to hold back on a merchant
 * (domain.md, hard rule 6). Placed, renewed and released by a liaison of the
 * agency the dispatch went to; every hold runs a `hold_expiry` clock that the
 * SLA job uses to expire it. Members see holds on their referrals.
 */
@Injectable()
export class HoldsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly holds: HoldsRepository,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
    private readonly notifier: Notifier,
  ) {}

  place(
    actor: AuthUser,
    dispatchId: string,
    body: CreateHoldDto,
    meta: RequestMeta,
  ): Promise<HoldResponse> {
    const id = randomUUID();
    return auditedCommand(
      this.uow,
      this.audit,
      { actor, meta, action: 'hold.place', targetType: 'hold', targetId: id },
      async (tx) => {
        // The dispatch row is locked so a decline cannot slip in between the check and the insert.
        const { dispatch } = await this.access.require(
          actor,
          'dispatches.act',
          { kind: 'dispatch', id: dispatchId },
          { tx, lock: true },
        );
        const expiresAt = this.expiry(body.expiresAt);
        this.requireLiveDispatch(dispatch);
        const hold = await this.holds.place(tx, {
          id,
          dispatchId: dispatch.id,
          caseId: dispatch.caseId,
          agencyId: dispatch.agencyId,
          createdBy: actor.id,
          scope: body.scope,
          reason: body.reason,
          documentRef: body.documentRef,
          expiresAt,
          status: HOLD_PLACED_STATUS,
          renewals: 0,
          releasedAt: null,
          releasedBy: null,
        });
        await this.clocks.start(
          tx,
          'hold_expiry',
          { caseId: dispatch.caseId, holdId: id },
          expiresAt,
        );
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'hold.place',
          outcome: 'success',
          targetType: 'hold',
          targetId: id,
          details: {
            dispatchId: dispatch.id,
            scope: body.scope,
            expiresAt: expiresAt.toISOString(),
            documentRef: body.documentRef,
          },
        });
        await this.notifier.holdChanged(tx, 'hold.placed', id, actor.id, expiresAt);
        return toHoldResponse(hold);
      },
    );
  }

  /** Every hold on a dispatch, newest first (released ones too). Audited: it is case material. */
  listForDispatch(actor: AuthUser, dispatchId: string, meta: RequestMeta): Promise<HoldResponse[]> {
    return this.uow.run(async (tx) => {
      const { dispatch } = await this.access.require(
        actor,
        'dispatches.read',
        { kind: 'dispatch', id: dispatchId },
        { tx },
      );
      const holds = await this.holds.forDispatch(tx, dispatch);
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'hold.list',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: dispatchId,
        details: { count: holds.length },
      });
      return holds.map(toHoldResponse);
    });
  }

  /** The agency lifts an active hold before it expires; its expiry clock is cancelled. */
  release(
    actor: AuthUser,
    id: string,
    reason: string | undefined,
    meta: RequestMeta,
  ): Promise<HoldResponse> {
    return auditedCommand(
      this.uow,
      this.audit,
      { actor, meta, action: 'hold.release', targetType: 'hold', targetId: id },
      async (tx) => {
        const hold = await this.access.require(
          actor,
          'dispatches.act',
          { kind: 'hold', id },
          { tx, lock: true },
        );
        const to = this.allowed('release', hold.status);
        await this.holds.saveStep(tx, hold, to, { releasedAt: new Date(), releasedBy: actor.id });
        await this.clocks.stop(
          tx,
          'hold_expiry',
          { caseId: hold.caseId, holdId: hold.id },
          'cancelled',
        );
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'hold.release',
          outcome: 'success',
          targetType: 'hold',
          targetId: id,
          details: { dispatchId: hold.dispatchId, reason: reason ?? null },
        });
        return toHoldResponse(hold);
      },
    );
  }

  /**
   * A new expiry, at most 6 months from now, for an active hold or one that
   * has lapsed (it becomes active again: agencies do miss a date, and the
   * members are shown the hold again). The old expiry clock is cancelled and a
   * new one started. A released hold stays released: place a new one.
   */
  renew(
    actor: AuthUser,
    id: string,
    expiresAtText: string,
    meta: RequestMeta,
  ): Promise<HoldResponse> {
    return auditedCommand(
      this.uow,
      this.audit,
      { actor, meta, action: 'hold.renew', targetType: 'hold', targetId: id },
      async (tx) => {
        const hold = await this.access.require(
          actor,
          'dispatches.act',
          { kind: 'hold', id },
          { tx, lock: true },
        );
        const expiresAt = this.expiry(expiresAtText);
        const to = this.allowed('renew', hold.status);
        this.requireLiveDispatch(await this.holds.dispatchOf(tx, hold));
        const previous = { status: hold.status, expiresAt: hold.expiresAt.toISOString() };
        await this.clocks.stop(
          tx,
          'hold_expiry',
          { caseId: hold.caseId, holdId: hold.id },
          'cancelled',
        );
        await this.clocks.start(
          tx,
          'hold_expiry',
          { caseId: hold.caseId, holdId: hold.id },
          expiresAt,
        );
        await this.holds.saveStep(tx, hold, to, { expiresAt, renewals: hold.renewals + 1 });
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'hold.renew',
          outcome: 'success',
          targetType: 'hold',
          targetId: id,
          details: {
            dispatchId: hold.dispatchId,
            from: previous,
            expiresAt: expiresAt.toISOString(),
            renewals: hold.renewals,
          },
        });
        await this.notifier.holdChanged(tx, 'hold.renewed', id, actor.id, expiresAt);
        return toHoldResponse(hold);
      },
    );
  }

  /** The hold table's new status for `action`, or its 409. */
  private allowed(action: HoldAction, status: HoldStatus): HoldStatus {
    const decision = decideHoldTransition(action, status);
    if (!decision.allowed) throw new ConflictProblem(decision.code, decision.message);
    return decision.to;
  }

  /** The DTO checked the expiry already; checked again against this moment, naming the field. */
  private expiry(text: string): Date {
    const problem = holdExpiryInputProblem(text);
    if (problem) throw ValidationProblem.field('expiresAt', problem);
    return new Date(text);
  }

  /** Holds belong to live work: the agency has the package and has not declined it. */
  private requireLiveDispatch(dispatch: DispatchEntity): void {
    if (!dispatchStatusIn(HOLD_DISPATCH_STATUSES, dispatch.status)) {
      throw new ConflictProblem(
        `hold_not_allowed_from_${dispatch.status}`,
        `This dispatch is ${dispatch.status}; a hold can be placed or renewed only once it is delivered and until it is declined.`,
      );
    }
  }
}
