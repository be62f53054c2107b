import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { InfoRequestEntity, ReferralEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { referralScopeSql } from './referral-scope';

/**
 * Coordinators' questions to the filer of a referral, and the answers. A
 * request is held by the filing organization (and, for `owner` reach, by the
 * referral's creator): every method but `referralOf` takes the caller's scope.
 */
@Injectable()
export class InfoRequestsRepository {
  async create(
    tx: Tx,
    request: Pick<
      InfoRequestEntity,
      'id' | 'caseId' | 'referralId' | 'organizationId' | 'askedBy' | 'question'
    >,
  ): Promise<void> {
    await managerOf(tx).insert(InfoRequestEntity, {
      ...request,
      status: 'open',
      answer: null,
      answeredBy: null,
      answeredAt: null,
    });
  }

  /**
   * The referral a request is about, so that the caller can check its reach
   * over that referral with AccessService: the one read without a scope, like
   * a loader for access.
   */
  async referralOf(tx: Tx, id: string): Promise<string | null> {
    const found = await managerOf(tx).findOneBy(InfoRequestEntity, { id });
    return found?.referralId ?? null;
  }

  /** A request locked for update; null when missing or out of reach. */
  async lock(tx: Tx, scope: RecordScope, id: string): Promise<InfoRequestEntity | null> {
    const m = managerOf(tx);
    if (scope.reach === 'none') return null;
    const request = await m.findOne(InfoRequestEntity, {
      where: {
        id,
        ...(scope.reach === 'all' ? {} : { organizationId: scope.organizationId }),
      },
      lock: { mode: 'pessimistic_write' },
    });
    if (!request || scope.reach !== 'owner') return request;
    const own = await m.existsBy(ReferralEntity, {
      id: request.referralId,
      createdBy: scope.userId,
    });
    return own ? request : null;
  }

  async save(tx: Tx, request: InfoRequestEntity): Promise<void> {
    await managerOf(tx).save(request);
  }

  /** How many requests about the referral are still open. */
  async countOpen(tx: Tx, scope: RecordScope, referralId: string): Promise<number> {
    const params: unknown[] = [referralId];
    const reach = referralScopeSql(scope, 'r', params);
    if (reach === 'TRUE') {
      return managerOf(tx).count(InfoRequestEntity, { where: { referralId, status: 'open' } });
    }
    const rows: { n: number }[] = await managerOf(tx).query(
      `SELECT count(*)::int AS n FROM info_requests i JOIN referrals r ON r.id = i.referral_id
        WHERE i.referral_id = $1 AND i.status = 'open' AND ${reach}`,
      params,
    );
    return rows[0]?.n ?? 0;
  }

  /** The case's open requests are cancelled (the case was decided). */
  async cancelOpenOfCase(tx: Tx, scope: RecordScope, caseId: string): Promise<void> {
    const params: unknown[] = [caseId];
    const reach = referralScopeSql(scope, 'r', params);
    await managerOf(tx).query(
      `UPDATE info_requests SET status = 'cancelled', updated_at = now(), version = version + 1
        WHERE case_id = $1 AND status = 'open'${
          reach === 'TRUE'
            ? ''
            : ` AND referral_id IN (SELECT r.id FROM referrals r WHERE ${reach})`
        }`,
      params,
    );
  }
}
