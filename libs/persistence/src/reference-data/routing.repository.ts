import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { In, Not, type FindOptionsWhere } from 'typeorm';
import { ReferralEntity, type StoredMerchant } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** What routing reads of a case's referrals: the merchant each describes. */
@Injectable()
export class RoutingRepository {
  /**
   * The merchants of the case's referrals within `scope` whose status is not
   * one of `ignoredStatuses`, in referral id order (referrals without a
   * merchant are left out).
   */
  async merchantsOfCase(
    tx: Tx,
    scope: RecordScope,
    caseId: string,
    ignoredStatuses: readonly string[],
  ): Promise<StoredMerchant[]> {
    if (scope.reach === 'none') return [];
    const where: FindOptionsWhere<ReferralEntity> = {
      caseId,
      status: Not(In([...ignoredStatuses])),
      ...(scope.reach === 'all' ? {} : { organizationId: scope.organizationId }),
      ...(scope.reach === 'owner' ? { createdBy: scope.userId } : {}),
    };
    const referrals = await managerOf(tx).find(ReferralEntity, {
      where,
      select: { id: true, merchant: true },
      order: { id: 'ASC' },
    });
    return referrals.flatMap((r) => (r.merchant ? [r.merchant] : []));
  }
}
