import {
  referralTransition,
  REFERRAL_TRANSITIONS,
  type ReferralAction,
  type ReferralStatus,
} from '@app/domain';
import { Injectable } from '@nestjs/common';
import type { AccessLoader, Held } from '../access/record-access';
import { ReferralEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** Referrals with their merchant, observables, transactions and documents. */
@Injectable()
export class ReferralsRepository implements AccessLoader<ReferralEntity> {
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<ReferralEntity> | null> {
    const referral = await managerOf(tx).findOne(ReferralEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return referral
      ? { record: referral, organizationId: referral.organizationId, ownerId: referral.createdBy }
      : null;
  }

  /**
   * Apply one row of the referral transition table to a referral the caller
   * holds (locked): the new status, or null when the table does not allow the
   * action from its status (nothing is written then).
   */
  async transition(
    tx: Tx,
    referral: ReferralEntity,
    action: ReferralAction,
    extra: Partial<Pick<ReferralEntity, 'caseId'>> = {},
  ): Promise<ReferralStatus | null> {
    const to = referralTransition(action, referral.status as ReferralStatus);
    if (to === null) return null;
    await managerOf(tx).update(ReferralEntity, { id: referral.id }, { status: to, ...extra });
    referral.status = to;
    Object.assign(referral, extra);
    return to;
  }

  /**
   * Apply a system transition (accept, decline, reopen) to every referral of a
   * case whose status the table allows it from; the ids it moved, in order.
   */
  async transitionCase(tx: Tx, caseId: string, action: ReferralAction): Promise<string[]> {
    const rule = REFERRAL_TRANSITIONS.find((t) => t.action === action);
    if (!rule) return [];
    const rows: Array<{ id: string }> = await managerOf(tx).query(
      `UPDATE referrals SET status = $3, updated_at = now(), version = version + 1
        WHERE case_id = $1 AND status = ANY($2::text[]) RETURNING id`,
      [caseId, [...rule.from], rule.to],
    );
    return rows.map((r) => r.id).sort();
  }
}
