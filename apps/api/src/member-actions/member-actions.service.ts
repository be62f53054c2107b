import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, apiKeyOf, type AuthUser } from '@app/auth';
import { ConflictProblem, type RequestMeta } from '@app/common';
import { holdScopesContradicted, MEMBER_ACTION_TYPES } from '@app/domain';
import { MemberActionEntity, inTransaction, raiseAlert } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { MemberActionResponse, RecordMemberActionDto } from './dto/member-action.dto';
import { memberActions } from './member-action-queries';

interface ContradictedHold {
  id: string;
  dispatch_id: string;
  scope: string;
  expires_at: Date;
  agency: string;
}

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
  ) {}

  async record(
    user: AuthUser,
    referralId: string,
    body: RecordMemberActionDto,
    meta: RequestMeta,
  ): Promise<MemberActionResponse> {
    await this.access.requireReferral(user, 'referrals.write', referralId);
    return inTransaction(this.dataSource, async (m) => {
      // Locked, so a withdrawal or an intake step cannot cross the check.
      const referral = await this.access.requireReferral(
        user,
        'referrals.write',
        referralId,
        m,
        true,
      );
      if (referral.status === 'draft' || referral.submittedAt === null) {
        throw new ConflictProblem(
          `member_action_not_allowed_from_${referral.status}`,
          `This referral is ${referral.status} and was never submitted; record what your company did once it is submitted.`,
        );
      }
      const id = randomUUID();
      const key = apiKeyOf(user);
      await m.insert(MemberActionEntity, {
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
        ? await this.contradictedHolds(m, referral.caseId, holdScopesContradicted(body.action))
        : [];
      for (const hold of holds) {
        await raiseAlert(m, {
          kind: 'terminated_despite_hold',
          caseId: referral.caseId as string,
          dispatchId: hold.dispatch_id,
          clockId: null,
          message:
            `The filer of ${referral.reference} recorded “${actionLabel(body.action)}” on ${body.date}, ` +
            `while ${hold.agency}'s ${hold.scope.replace(/_/g, ' ')} hold is active ` +
            `(until ${hold.expires_at.toISOString()}).`,
          dedupeKey: `member_action:${id}:${hold.id}`,
        });
      }
      await this.audit.record(m, {
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
      const [view] = await memberActions(m, { id });
      return view;
    });
  }

  /** The referral's member actions, newest first. Audited: coordinators read them as case material. */
  async list(
    user: AuthUser,
    referralId: string,
    meta: RequestMeta,
  ): Promise<MemberActionResponse[]> {
    await this.access.requireReferral(user, 'referrals.read', referralId);
    const items = await memberActions(this.dataSource.manager, { referralId });
    await inTransaction(this.dataSource, (m) =>
      this.audit.record(m, {
        actor: actorOf(user),
        origin: meta,
        action: 'member_action.read',
        outcome: 'success',
        targetType: 'referral',
        targetId: referralId,
        details: { count: items.length },
      }),
    );
    return items;
  }

  /** Active holds on the case (not lapsed, even if the expiry sweep has not run yet) of the given scopes. */
  private async contradictedHolds(
    m: EntityManager,
    caseId: string,
    scopes: readonly string[],
  ): Promise<ContradictedHold[]> {
    if (scopes.length === 0) return [];
    return m.query(
      `SELECT h.id, h.dispatch_id, h.scope, h.expires_at, a.name AS agency
         FROM holds h JOIN agencies a ON a.id = h.agency_id
        WHERE h.case_id = $1 AND h.scope = ANY($2::text[])
          AND h.status = 'active' AND h.expires_at > now()
        ORDER BY h.created_at, h.id`,
      [caseId, [...scopes]],
    );
  }
}
