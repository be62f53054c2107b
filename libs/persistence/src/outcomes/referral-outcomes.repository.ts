import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * An agency's outcome as the filing members see it on their referral: the
 * agency (members know whom the coalition routes to; holds name it too), what
 * it reported and when, and its own case number only when its latest report
 * chose to share it. No dispatch, no case, no note (the note is for coordinators).
 */
export interface ReferralOutcomeView {
  agency: string;
  outcome: string;
  recordedAt: string;
  agencyCaseNumber: string | null;
}

interface OutcomeRow {
  case_id: string;
  agency: string;
  outcome: string;
  outcome_at: Date;
  le_case_number: string | null;
}

/** The agencies' outcomes members are shown on their referrals. */
@Injectable()
export class ReferralOutcomesRepository {
  /**
   * For each referral, the latest outcome of each agency its case was
   * dispatched to (a case routed again to the same agency shows that agency's
   * most recent report once), newest first, in one query. Drafts and withdrawn
   * referrals get none (a member who withdrew has left the case). No scope:
   * the referrals are ones the caller already reached. The case number is
   * dropped in SQL unless shared, so it never leaves the database otherwise.
   */
  async forReferrals(
    tx: Tx,
    referrals: readonly { id: string; caseId: string | null; status: string }[],
  ): Promise<Map<string, ReferralOutcomeView[]>> {
    const result = new Map<string, ReferralOutcomeView[]>(referrals.map((r) => [r.id, []]));
    const onCase = referrals.filter(
      (r) => r.caseId !== null && r.status !== 'draft' && r.status !== 'withdrawn',
    );
    const caseIds = [...new Set(onCase.map((r) => r.caseId as string))];
    if (caseIds.length === 0) return result;
    const rows: OutcomeRow[] = await managerOf(tx).query(
      `SELECT * FROM (
         SELECT DISTINCT ON (d.case_id, d.agency_id)
                d.case_id, a.name AS agency, d.outcome, d.outcome_at,
                CASE WHEN d.share_case_number_with_filers THEN d.le_case_number END AS le_case_number
           FROM dispatches d
           JOIN agencies a ON a.id = d.agency_id
          WHERE d.case_id = ANY($1::uuid[]) AND d.outcome IS NOT NULL AND d.outcome_at IS NOT NULL
          ORDER BY d.case_id, d.agency_id, d.outcome_at DESC, d.id DESC
       ) latest
       ORDER BY outcome_at DESC, agency`,
      [caseIds],
    );
    const byCase = new Map<string, ReferralOutcomeView[]>();
    for (const row of rows) {
      const list = byCase.get(row.case_id) ?? [];
      list.push({
        agency: row.agency,
        outcome: row.outcome,
        recordedAt: new Date(row.outcome_at).toISOString(),
        agencyCaseNumber: row.le_case_number,
      });
      byCase.set(row.case_id, list);
    }
    for (const r of onCase) {
      result.set(
        r.id,
        (byCase.get(r.caseId as string) ?? []).map((o) => ({ ...o })),
      );
    }
    return result;
  }
}
