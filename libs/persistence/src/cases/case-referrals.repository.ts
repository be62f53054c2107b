import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ReferralEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { referralScopeSql, referralScopeWhere } from './referral-scope';

/** A filing organization as a dispatch package may name it. */
export interface PackageFiler {
  readonly id: string;
  readonly legalName: string;
  readonly namedInDispatches: boolean;
}

/**
 * The referrals of cases as coordinators move them between cases. Every method
 * takes the caller's reach over referrals and applies it in SQL.
 */
@Injectable()
export class CaseReferralsRepository {
  /** A referral as it stands, unlocked; null when missing or out of reach. */
  find(tx: Tx, scope: RecordScope, id: string): Promise<ReferralEntity | null> {
    const reach = referralScopeWhere(scope);
    if (!reach) return Promise.resolve(null);
    return managerOf(tx).findOneBy(ReferralEntity, { id, ...reach });
  }

  /** A referral locked for update; null when missing or out of reach. */
  lock(tx: Tx, scope: RecordScope, id: string): Promise<ReferralEntity | null> {
    const reach = referralScopeWhere(scope);
    if (!reach) return Promise.resolve(null);
    return managerOf(tx).findOne(ReferralEntity, {
      where: { id, ...reach },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Ids of the referrals on a case. */
  async idsOnCase(tx: Tx, scope: RecordScope, caseId: string): Promise<string[]> {
    const params: unknown[] = [caseId];
    const reach = referralScopeSql(scope, 'referrals', params);
    const rows: { id: string }[] = await managerOf(tx).query(
      `SELECT id FROM referrals WHERE case_id = $1 AND ${reach}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** How many referrals are on a case (only those in `statuses`, when given). */
  count(tx: Tx, scope: RecordScope, caseId: string, statuses?: readonly string[]): Promise<number> {
    const reach = referralScopeWhere(scope);
    if (!reach) return Promise.resolve(0);
    return managerOf(tx).count(ReferralEntity, {
      where: { caseId, ...(statuses ? { status: In([...statuses]) } : {}), ...reach },
    });
  }

  /** The distinct TLP markings of the case's referrals in `statuses`. */
  async markings(
    tx: Tx,
    scope: RecordScope,
    caseId: string,
    statuses: readonly string[],
  ): Promise<string[]> {
    const params: unknown[] = [caseId, statuses];
    const reach = referralScopeSql(scope, 'referrals', params);
    const rows: { tlp: string }[] = await managerOf(tx).query(
      `SELECT DISTINCT tlp FROM referrals
        WHERE case_id = $1 AND status = ANY($2::text[]) AND ${reach}`,
      params,
    );
    return rows.map((r) => r.tlp);
  }

  /**
   * Referrals move with their keys, their information requests and those
   * requests' clocks; a suggestion that a moved referral join the case it is
   * now on is settled.
   */
  async moveToCase(
    tx: Tx,
    scope: RecordScope,
    referralIds: readonly string[],
    fromCaseId: string,
    toCaseId: string,
  ): Promise<void> {
    if (referralIds.length === 0 || scope.reach === 'none') return;
    const m = managerOf(tx);
    const ids = scope.reach === 'all' ? referralIds : await this.within(tx, scope, referralIds);
    if (ids.length === 0) return;
    await m.query(
      `UPDATE referrals SET case_id = $2, updated_at = now(), version = version + 1
        WHERE id = ANY($1::uuid[])`,
      [ids, toCaseId],
    );
    await m.query(
      `UPDATE referral_match_keys SET case_id = $2 WHERE referral_id = ANY($1::uuid[])`,
      [ids, toCaseId],
    );
    await m.query(`UPDATE info_requests SET case_id = $2 WHERE referral_id = ANY($1::uuid[])`, [
      ids,
      toCaseId,
    ]);
    await m.query(
      `UPDATE sla_clocks SET case_id = $3
        WHERE case_id = $2 AND info_request_id IN
              (SELECT id FROM info_requests WHERE referral_id = ANY($1::uuid[]))`,
      [ids, fromCaseId, toCaseId],
    );
    await m.query(
      `UPDATE match_suggestions SET status = 'linked'
        WHERE case_id = $2 AND referral_id = ANY($1::uuid[]) AND status = 'open'`,
      [ids, toCaseId],
    );
  }

  private async within(
    tx: Tx,
    scope: RecordScope,
    referralIds: readonly string[],
  ): Promise<string[]> {
    const params: unknown[] = [referralIds];
    const reach = referralScopeSql(scope, 'referrals', params);
    const rows: { id: string }[] = await managerOf(tx).query(
      `SELECT id FROM referrals WHERE id = ANY($1::uuid[]) AND ${reach}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /**
   * The case's referrals in `statuses` in the order a dispatch package lists
   * them, with their filers.
   */
  async forPackage(
    tx: Tx,
    scope: RecordScope,
    caseId: string,
    statuses: readonly string[],
  ): Promise<{ referrals: ReferralEntity[]; filers: PackageFiler[] }> {
    const reach = referralScopeWhere(scope);
    if (!reach) return { referrals: [], filers: [] };
    const m = managerOf(tx);
    const referrals = await m.find(ReferralEntity, {
      where: { caseId, status: In([...statuses]), ...reach },
      order: { submittedAt: 'ASC', reference: 'ASC' },
    });
    const orgs: { id: string; legal_name: string; named_in_dispatches: boolean }[] =
      referrals.length === 0
        ? []
        : await m.query(
            `SELECT id, legal_name, named_in_dispatches FROM organizations WHERE id = ANY($1::uuid[])`,
            [referrals.map((r) => r.organizationId)],
          );
    return {
      referrals,
      filers: orgs.map((o) => ({
        id: o.id,
        legalName: o.legal_name,
        namedInDispatches: o.named_in_dispatches,
      })),
    };
  }
}
