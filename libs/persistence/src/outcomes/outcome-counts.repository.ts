import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** One group's count of dispatches with one outcome. */
export interface OutcomeCountRow {
  id: string;
  name: string;
  outcome: string;
  count: number;
}

/** When the outcomes were reported: from inclusive, to exclusive; absent is open. */
export interface OutcomePeriod {
  from?: Date;
  to?: Date;
}

/** Outcome counts for the coalition's own reporting (coordinators). */
@Injectable()
export class OutcomeCountsRepository {
  /**
   * Dispatches whose latest outcome was reported in the period, counted by
   * outcome per agency, and per filing member of the case (a dispatch counts
   * once for each member with a referral on its case, withdrawn ones aside).
   * Only a scope reaching every dispatch sees counts: they span agencies.
   */
  async counts(
    tx: Tx,
    scope: RecordScope,
    period: OutcomePeriod,
  ): Promise<{ byMember: OutcomeCountRow[]; byAgency: OutcomeCountRow[] }> {
    if (scope.reach !== 'all') return { byMember: [], byAgency: [] };
    const params = [period.from ?? null, period.to ?? null];
    const inPeriod = `d.outcome IS NOT NULL
        AND ($1::timestamptz IS NULL OR d.outcome_at >= $1)
        AND ($2::timestamptz IS NULL OR d.outcome_at < $2)`;
    const m = managerOf(tx);
    const byMember: { id: string; name: string; outcome: string; count: string }[] = await m.query(
      `SELECT o.id, o.legal_name AS name, d.outcome, count(DISTINCT d.id) AS count
           FROM dispatches d
           JOIN referrals r ON r.case_id = d.case_id AND r.status <> 'withdrawn'
           JOIN organizations o ON o.id = r.organization_id
          WHERE ${inPeriod}
          GROUP BY o.id, o.legal_name, d.outcome
          ORDER BY o.legal_name, o.id, d.outcome`,
      params,
    );
    const byAgency: { id: string; name: string; outcome: string; count: string }[] = await m.query(
      `SELECT a.id, a.name, d.outcome, count(*) AS count
           FROM dispatches d
           JOIN agencies a ON a.id = d.agency_id
          WHERE ${inPeriod}
          GROUP BY a.id, a.name, d.outcome
          ORDER BY a.name, a.id, d.outcome`,
      params,
    );
    const rows = (list: { id: string; name: string; outcome: string; count: string }[]) =>
      list.map((r) => ({ id: r.id, name: r.name, outcome: r.outcome, count: Number(r.count) }));
    return { byMember: rows(byMember), byAgency: rows(byAgency) };
  }
}
