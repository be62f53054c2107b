import type { HoldScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * A hold as the filing members see it on their referral (domain.md, hard rule
 * 6: members in scope are told). Only what they must act on: no case, no
 * dispatch, no document reference, no liaison.
 */
export interface ReferralHoldView {
  id: string;
  scope: HoldScope;
  reason: string;
  expiresAt: string;
  status: 'active' | 'expired';
  /** The agency's name. */
  agency: string;
  createdAt: string;
}

interface HoldRow {
  case_id: string;
  id: string;
  scope: HoldScope;
  reason: string;
  expires_at: Date;
  status: 'active' | 'expired';
  created_at: Date;
  agency: string;
}

/** The holds members are shown on their referrals. */
@Injectable()
export class ReferralHoldsRepository {
  /**
   * The holds members should see on each referral, newest first, in one query:
   * active and expired holds on the referral's case (released ones are over and
   * omitted). A draft has no case and so no holds; a referral with none gets [].
   * No scope: the referrals are ones the caller already reached, and their
   * holds are shown to the referral's members whichever agency placed them.
   */
  async forReferrals(
    tx: Tx,
    referrals: readonly { id: string; caseId: string | null; status: string }[],
  ): Promise<Map<string, ReferralHoldView[]>> {
    const result = new Map<string, ReferralHoldView[]>(referrals.map((r) => [r.id, []]));
    const caseIds = [
      ...new Set(
        referrals
          .filter((r) => r.status !== 'draft' && r.caseId !== null)
          .map((r) => r.caseId as string),
      ),
    ];
    if (caseIds.length === 0) return result;
    const rows: HoldRow[] = await managerOf(tx).query(
      `SELECT h.case_id, h.id, h.scope, h.reason, h.expires_at, h.status, h.created_at,
              a.name AS agency
         FROM holds h
         JOIN agencies a ON a.id = h.agency_id
        WHERE h.case_id = ANY($1::uuid[]) AND h.status IN ('active', 'expired')
        ORDER BY h.created_at DESC, h.id DESC`,
      [caseIds],
    );
    const byCase = new Map<string, ReferralHoldView[]>();
    for (const row of rows) {
      const list = byCase.get(row.case_id) ?? [];
      list.push({
        id: row.id,
        scope: row.scope,
        reason: row.reason,
        expiresAt: new Date(row.expires_at).toISOString(),
        status: row.status,
        agency: row.agency,
        createdAt: new Date(row.created_at).toISOString(),
      });
      byCase.set(row.case_id, list);
    }
    for (const r of referrals) {
      if (r.status !== 'draft' && r.caseId !== null) {
        result.set(
          r.id,
          (byCase.get(r.caseId) ?? []).map((h) => ({ ...h })),
        );
      }
    }
    return result;
  }
}
