import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, apiKeyOf, type AuthUser } from '@app/auth';
import { ConflictProblem, type RequestMeta } from '@app/common';
import { holdScopesContradicted, MEMBER_ACTION_TYPES } from '@app/domain';
import { MemberActionsRepository, UnitOfWork } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { MemberActionResponse, RecordMemberActionDto } from './dto/member-action.dto';

function actionLabel(code: string): string {
  return MEMBER_ACTION_TYPES.find((a) => a.code === code)?.label ?? code;
}

/**
 * Member actions: what the filing member did about the merchant of a
 * submitted referral. Recorded by whoever may write the referral (its filer,
 * the organization's member admin, the organization's API key), read by them
 * and by coordinators. Append-only: a correction is a new entry.
 *
 * An action that goes against an active hold (terminating the merchant while
 * the agency asked members not to) is still recorded — it is a fact — and
 * coordinators are alerted.
 */
@Injectable()
export class MemberActionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly memberActions: MemberActionsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
  ) {}

  async record(
    user: AuthUser,
    referralId: string,
    body: RecordMemberActionDto,
    meta: RequestMeta,
  ): Promise<MemberActionResponse> {
    const scope = this.access.scopeFilter(user, 'referrals.write');
    return this.uow.run(async (tx) => {
      // Locked, so a withdrawal or an intake step cannot cross the check.
      const referral = await this.access.require(
        user,
        'referrals.write',
        { kind: 'referral', id: referralId },
        { tx, lock: true },
      );
      if (referral.status === 'draft' || referral.submittedAt === null) {
        throw new ConflictProblem(
          `member_action_not_allowed_from_${referral.status}`,
          `This referral is ${referral.status} and was never submitted; record what your company did once it is submitted.`,
        );
      }
      const id = randomUUID();
      const key = apiKeyOf(user);
      await this.memberActions.record(tx, scope, referral, {
        id,
        referralId: referral.id,
        organizationId: referral.organizationId,
        action: body.action,
        date: body.date,
        note: body.note ?? null,
        recordedBy: user.id,
        apiKeyId: key?.id ?? null,
      });
      const holds = referral.caseId
        ? await this.memberActions.activeHolds(
            tx,
            referral.caseId,
            holdScopesContradicted(body.action),
          )
        : [];
      for (const hold of holds) {
        await this.memberActions.raiseAlert(tx, {
          kind: 'terminated_despite_hold',
          caseId: referral.caseId as string,
          dispatchId: hold.dispatchId,
          clockId: null,
          message:
            `The filer of ${referral.reference} recorded “${actionLabel(body.action)}” on ${body.date}, ` +
            `while ${hold.agency}'s ${hold.scope.replace(/_/g, ' ')} hold is active ` +
            `(until ${hold.expiresAt.toISOString()}).`,
          dedupeKey: `member_action:${id}:${hold.id}`,
        });
      }
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'member_action.record',
        outcome: 'success',
        targetType: 'referral',
        targetId: referral.id,
        details: {
          memberActionId: id,
          action: body.action,
          date: body.date,
          noteLength: body.note?.length ?? 0,
          ...(holds.length > 0 ? { despiteHolds: holds.map((h) => h.id) } : {}),
        },
      });
      const [view] = await this.memberActions.list(tx, scope, { id });
      return view;
    });
  }

  /** The referral's member actions, newest first. Audited: coordinators read them as case material. */
  async list(
    user: AuthUser,
    referralId: string,
    meta: RequestMeta,
  ): Promise<MemberActionResponse[]> {
    const scope = this.access.scopeFilter(user, 'referrals.read');
    return this.uow.run(async (tx) => {
      await this.access.require(
        user,
        'referrals.read',
        { kind: 'referral', id: referralId },
        { tx },
      );
      const items = await this.memberActions.list(tx, scope, { referralId });
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'member_action.read',
        outcome: 'success',
        targetType: 'referral',
        targetId: referralId,
        details: { count: items.length },
      });
      return items;
    });
  }
}
