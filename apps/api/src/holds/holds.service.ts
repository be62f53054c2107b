import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { ConflictProblem, RecordNotFound, ValidationProblem, type RequestMeta } from '@app/common';
import { canReachOrganization, type Permission } from '@app/domain';
import {
  AgencyEntity,
  DispatchEntity,
  HoldEntity,
  inTransaction,
  type HoldStatus,
} from '@app/persistence';
import { SlaClocks } from '@app/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { auditedCommand } from '../dispatches/audited-command';
import { HOLD_DISPATCH_STATUSES } from '../dispatches/dispatch-outcomes';
import { DispatchesService } from '../dispatches/dispatches.service';
import { holdExpiryInputProblem, type CreateHoldDto, type HoldResponse } from './dto/hold.dto';
import { toHoldResponse } from './hold.mapper';

/** Hold statuses that can be renewed: a lapsed hold may be brought back by its agency. */
const RENEWABLE: readonly HoldStatus[] = ['active', 'expired'];

/**
 * Holds: an agency asks the filing members to hold back on a merchant
 * (domain.md, hard rule 6). Placed, renewed and released by a liaison of the
 * agency the dispatch went to; every hold runs a `hold_expiry` clock that the
 * SLA job uses to expire it. Members see holds on their referrals.
 */
@Injectable()
export class HoldsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispatches: DispatchesService,
    private readonly audit: AuditWriter,
    private readonly clocks: SlaClocks,
  ) {}

  /** The hold, if `permission` reaches the organization of the agency that placed it; else 404. */
  async requireHold(
    actor: AuthUser,
    permission: Permission,
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<HoldEntity> {
    const hold = await manager.findOne(HoldEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const agency = hold ? await manager.findOneBy(AgencyEntity, { id: hold.agencyId }) : null;
    if (!hold || !agency) throw new RecordNotFound('hold');
    if (!canReachOrganization(actor, permission, agency.organizationId)) {
      throw RecordNotFound.outOfReach('hold', id);
    }
    return hold;
  }

  async place(
    actor: AuthUser,
    dispatchId: string,
    body: CreateHoldDto,
    meta: RequestMeta,
  ): Promise<HoldResponse> {
    await this.dispatches.requireDispatch(actor, 'dispatches.act', dispatchId);
    const expiresAt = this.expiry(body.expiresAt);
    const id = randomUUID();
    return auditedCommand(
      this.dataSource,
      this.audit,
      { actor, meta, action: 'hold.place', targetType: 'hold', targetId: id },
      async (m) => {
        // The dispatch row is locked so a decline cannot slip in between the check and the insert.
        const { dispatch } = await this.dispatches.requireDispatch(
          actor,
          'dispatches.act',
          dispatchId,
          m,
          true,
        );
        this.requireLiveDispatch(dispatch);
        await m.insert(HoldEntity, {
          id,
          dispatchId: dispatch.id,
          caseId: dispatch.caseId,
          agencyId: dispatch.agencyId,
          createdBy: actor.id,
          scope: body.scope,
          reason: body.reason,
          documentRef: body.documentRef,
          expiresAt,
          status: 'active',
          renewals: 0,
          releasedAt: null,
          releasedBy: null,
        });
        await this.clocks.start(
          m,
          'hold_expiry',
          { caseId: dispatch.caseId, holdId: id },
          expiresAt,
        );
        await this.audit.record(m, {
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
        return toHoldResponse(await m.findOneByOrFail(HoldEntity, { id }));
      },
    );
  }

  /** Every hold on a dispatch, newest first (released ones too). Audited: it is case material. */
  async listForDispatch(
    actor: AuthUser,
    dispatchId: string,
    meta: RequestMeta,
  ): Promise<HoldResponse[]> {
    await this.dispatches.requireDispatch(actor, 'dispatches.read', dispatchId);
    const holds = await this.dataSource.manager.find(HoldEntity, {
      where: { dispatchId },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    await inTransaction(this.dataSource, (m) =>
      this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'hold.list',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: dispatchId,
        details: { count: holds.length },
      }),
    );
    return holds.map(toHoldResponse);
  }

  /** The agency lifts an active hold before it expires; its expiry clock is cancelled. */
  async release(
    actor: AuthUser,
    id: string,
    reason: string | undefined,
    meta: RequestMeta,
  ): Promise<HoldResponse> {
    await this.requireHold(actor, 'dispatches.act', id);
    return auditedCommand(
      this.dataSource,
      this.audit,
      { actor, meta, action: 'hold.release', targetType: 'hold', targetId: id },
      async (m) => {
        const hold = await this.requireHold(actor, 'dispatches.act', id, m, true);
        if (hold.status !== 'active') {
          throw new ConflictProblem(
            `hold_release_not_allowed_from_${hold.status}`,
            `This hold is ${hold.status}; only an active hold can be released.`,
          );
        }
        hold.status = 'released';
        hold.releasedAt = new Date();
        hold.releasedBy = actor.id;
        await m.save(hold);
        await this.clocks.stop(
          m,
          'hold_expiry',
          { caseId: hold.caseId, holdId: hold.id },
          'cancelled',
        );
        await this.audit.record(m, {
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
  async renew(
    actor: AuthUser,
    id: string,
    expiresAtText: string,
    meta: RequestMeta,
  ): Promise<HoldResponse> {
    await this.requireHold(actor, 'dispatches.act', id);
    const expiresAt = this.expiry(expiresAtText);
    return auditedCommand(
      this.dataSource,
      this.audit,
      { actor, meta, action: 'hold.renew', targetType: 'hold', targetId: id },
      async (m) => {
        const hold = await this.requireHold(actor, 'dispatches.act', id, m, true);
        if (!RENEWABLE.includes(hold.status)) {
          throw new ConflictProblem(
            `hold_renew_not_allowed_from_${hold.status}`,
            `This hold is ${hold.status}; place a new hold instead.`,
          );
        }
        const dispatch = await m.findOneByOrFail(DispatchEntity, { id: hold.dispatchId });
        this.requireLiveDispatch(dispatch);
        const previous = { status: hold.status, expiresAt: hold.expiresAt.toISOString() };
        await this.clocks.stop(
          m,
          'hold_expiry',
          { caseId: hold.caseId, holdId: hold.id },
          'cancelled',
        );
        await this.clocks.start(
          m,
          'hold_expiry',
          { caseId: hold.caseId, holdId: hold.id },
          expiresAt,
        );
        hold.expiresAt = expiresAt;
        hold.status = 'active';
        hold.renewals += 1;
        await m.save(hold);
        await this.audit.record(m, {
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
        return toHoldResponse(hold);
      },
    );
  }

  /** The DTO checked the expiry already; checked again against this moment, naming the field. */
  private expiry(text: string): Date {
    const problem = holdExpiryInputProblem(text);
    if (problem) throw ValidationProblem.field('expiresAt', problem);
    return new Date(text);
  }

  /** Holds belong to live work: the agency has the package and has not declined it. */
  private requireLiveDispatch(dispatch: DispatchEntity): void {
    if (!HOLD_DISPATCH_STATUSES.includes(dispatch.status)) {
      throw new ConflictProblem(
        `hold_not_allowed_from_${dispatch.status}`,
        `This dispatch is ${dispatch.status}; a hold can be placed or renewed only once it is delivered and until it is declined.`,
      );
    }
  }
}
