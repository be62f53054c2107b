import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/**
 * Suggestions that a referral belongs on a case. They are the coalition's
 * working data on its cases (a member never sees one): no scope.
 */
@Injectable()
export class MatchSuggestionsRepository {
  /** A coordinator linked the referral: its suggestion (made now if there was none) is settled. */
  async recordLink(tx: Tx, caseId: string, referralId: string): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason, status)
         VALUES ($1, $2, 1, 'linked by a coordinator', 'linked')
         ON CONFLICT (case_id, referral_id) DO UPDATE SET status = 'linked'`,
      [caseId, referralId],
    );
  }

  /** Dismiss an open suggestion; false when there was none open. */
  async dismissOpen(tx: Tx, caseId: string, referralId: string): Promise<boolean> {
    const [rows] = await managerOf(tx).query<[unknown[], number]>(
      `UPDATE match_suggestions SET status = 'dismissed'
          WHERE case_id = $1 AND referral_id = $2 AND status = 'open' RETURNING referral_id`,
      [caseId, referralId],
    );
    return rows.length > 0;
  }

  /**
   * A merged case hands its suggestions to the case it merged into (those about
   * referrals already there are dropped).
   */
  async handOver(tx: Tx, fromCaseId: string, toCaseId: string): Promise<void> {
    const m = managerOf(tx);
    await m.query(
      `INSERT INTO match_suggestions (case_id, referral_id, similarity, reason, status, created_at)
       SELECT $2, s.referral_id, s.similarity, s.reason, s.status, s.created_at
         FROM match_suggestions s JOIN referrals r ON r.id = s.referral_id
        WHERE s.case_id = $1 AND r.case_id IS DISTINCT FROM $2
       ON CONFLICT DO NOTHING`,
      [fromCaseId, toCaseId],
    );
    await m.query(`DELETE FROM match_suggestions WHERE case_id = $1`, [fromCaseId]);
  }
}
