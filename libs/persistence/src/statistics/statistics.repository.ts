import { Injectable } from '@nestjs/common';
import { readRows } from '../unit-of-work/read-rows';
import type { Tx } from '../unit-of-work/tx';

/**
 * Every read behind the statistics page and the yearly transparency report:
 * aggregates computed in SQL over a time range, nothing per person. All of
 * them are in this one class and take the caller's Tx, so the whole group
 * can be pointed at a read replica by handing it a replica's Tx.
 *
 * What is measured, each bucketed by the month (UTC) its interval started:
 * - referrals: submitted referrals, by when they were submitted;
 * - triage: a case's opening to the end of its triage clock (met on assignment);
 * - approval: a case's opening to the lead's approval;
 * - delivery: a dispatch's creation to its delivery to the agency;
 * - acknowledgement: a dispatch's delivery to the agency's acknowledgement.
 */

/** [from, to): `from` inclusive, `to` exclusive. */
export interface StatisticsRange {
  from: Date;
  to: Date;
}

export const DURATION_MEASURES = ['triage', 'approval', 'delivery', 'acknowledgement'] as const;
export type DurationMeasure = (typeof DURATION_MEASURES)[number];

export interface MemberReferralsRow {
  /** YYYY-MM (UTC). */
  month: string;
  organizationId: string;
  organizationName: string;
  memberType: string | null;
  country: string;
  count: number;
}

export interface DurationRow {
  /** YYYY-MM (UTC); null for figures over the whole range. */
  month: string | null;
  measure: DurationMeasure;
  count: number;
  medianSeconds: number;
  p90Seconds: number;
}

export interface AgencyOutcomeRow {
  agencyId: string;
  agencyName: string;
  country: string;
  status: string;
  outcome: string | null;
  count: number;
}

export interface CountRow {
  /** The grouping key: a month (YYYY-MM), a member type, a country... */
  key: string;
  /** A second key where the figure is two-way (member type per month). */
  column: string;
  count: number;
  /** How many member organizations filed the rows counted; null where members are not counted. */
  contributors: number | null;
}

const MONTH = `to_char(date_trunc('month', %s AT TIME ZONE 'UTC'), 'YYYY-MM')`;
const month = (column: string): string => MONTH.replace('%s', column);

/** One interval per measured step; `started` buckets it, `secs` is its length. */
const INTERVALS = `
  SELECT 'triage' AS measure, c.created_at AS started,
         extract(epoch FROM (s.stopped_at - c.created_at)) AS secs
    FROM cases c
    JOIN sla_clocks s ON s.case_id = c.id AND s.clock = 'triage'
   WHERE c.created_at >= $1 AND c.created_at < $2
     AND s.status IN ('met', 'met_late') AND s.stopped_at IS NOT NULL
  UNION ALL
  SELECT 'approval', c.created_at, extract(epoch FROM (c.approved_at - c.created_at))
    FROM cases c
   WHERE c.created_at >= $1 AND c.created_at < $2 AND c.approved_at IS NOT NULL
  UNION ALL
  SELECT 'delivery', d.created_at, extract(epoch FROM (d.delivered_at - d.created_at))
    FROM dispatches d
   WHERE d.created_at >= $1 AND d.created_at < $2 AND d.delivered_at IS NOT NULL
  UNION ALL
  SELECT 'acknowledgement', d.created_at, extract(epoch FROM (d.acknowledged_at - d.delivered_at))
    FROM dispatches d
   WHERE d.created_at >= $1 AND d.created_at < $2
     AND d.delivered_at IS NOT NULL AND d.acknowledged_at IS NOT NULL`;

/** Submitted referrals of member organizations in the range, with their filer. */
const SUBMITTED = `
  FROM referrals r
  JOIN organizations o ON o.id = r.organization_id
 WHERE r.submitted_at >= $1 AND r.submitted_at < $2 AND o.kind = 'member'`;

/** Dispatches created in the range, with their agency and its country. */
const DISPATCHED = `
  FROM dispatches d
  JOIN agencies a ON a.id = d.agency_id
  JOIN organizations ao ON ao.id = a.organization_id
 WHERE d.created_at >= $1 AND d.created_at < $2`;

/** A dispatch's result as the transparency report groups it. */
const RESULT = `CASE WHEN d.status IN ('accepted', 'declined', 'failed') THEN d.status
                     ELSE 'in_progress' END`;

interface RawDuration {
  month: string | null;
  measure: DurationMeasure;
  count: number;
  median: number | string;
  p90: number | string;
}

const toDuration = (r: RawDuration): DurationRow => ({
  month: r.month,
  measure: r.measure,
  count: Number(r.count),
  medianSeconds: Math.round(Number(r.median)),
  p90Seconds: Math.round(Number(r.p90)),
});

@Injectable()
export class StatisticsRepository {
  /** Submitted referrals per month and member organization. */
  async referralsPerMember(tx: Tx, range: StatisticsRange): Promise<MemberReferralsRow[]> {
    const rows = await readRows<MemberReferralsRow>(
      tx,
      `SELECT ${month('r.submitted_at')} AS month, o.id AS "organizationId",
              o.legal_name AS "organizationName", o.member_type AS "memberType",
              o.country, count(*)::int AS count
         ${SUBMITTED}
        GROUP BY 1, o.id, o.legal_name, o.member_type, o.country
        ORDER BY 1, o.legal_name, o.id`,
      [range.from, range.to],
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  /** Median and 90th percentile of each measured step, per month or over the whole range. */
  async durations(
    tx: Tx,
    range: StatisticsRange,
    by: 'month' | 'range' = 'month',
  ): Promise<DurationRow[]> {
    const key = by === 'month' ? month('started') : 'NULL::text';
    const rows = await readRows<RawDuration>(
      tx,
      `WITH intervals AS (${INTERVALS})
       SELECT ${key} AS month, measure, count(*)::int AS count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) AS p90
         FROM intervals
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      [range.from, range.to],
    );
    return rows.map(toDuration);
  }

  /** Dispatches by agency, its country, their status and the outcome the agency reported. */
  async outcomesByAgency(tx: Tx, range: StatisticsRange): Promise<AgencyOutcomeRow[]> {
    const rows = await readRows<AgencyOutcomeRow>(
      tx,
      `SELECT a.id AS "agencyId", a.name AS "agencyName", ao.country,
              d.status, d.outcome, count(*)::int AS count
         ${DISPATCHED}
        GROUP BY a.id, a.name, ao.country, d.status, d.outcome
        ORDER BY a.name, a.id, d.status, d.outcome NULLS FIRST`,
      [range.from, range.to],
    );
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  /** Transparency: submitted referrals per month (key) and member type (column). */
  async referralsByMonthAndMemberType(tx: Tx, range: StatisticsRange): Promise<CountRow[]> {
    return this.counts(
      tx,
      `SELECT ${month('r.submitted_at')} AS key, o.member_type AS column, count(*)::int AS count,
              count(DISTINCT r.organization_id)::int AS contributors
         ${SUBMITTED}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      range,
    );
  }

  /** Transparency: submitted referrals per member country (key; column is empty). */
  async referralsByMemberCountry(tx: Tx, range: StatisticsRange): Promise<CountRow[]> {
    return this.counts(
      tx,
      `SELECT o.country AS key, '' AS column, count(*)::int AS count,
              count(DISTINCT r.organization_id)::int AS contributors
         ${SUBMITTED}
        GROUP BY 1 ORDER BY 1`,
      range,
    );
  }

  /** Transparency: dispatches per agency country (key) and result (column). */
  async dispatchResultsByAgencyCountry(tx: Tx, range: StatisticsRange): Promise<CountRow[]> {
    return this.counts(
      tx,
      `SELECT ao.country AS key, ${RESULT} AS column, count(*)::int AS count,
              NULL::int AS contributors
         ${DISPATCHED}
        GROUP BY 1, 2 ORDER BY 1, 2`,
      range,
    );
  }

  private async counts(tx: Tx, sql: string, range: StatisticsRange): Promise<CountRow[]> {
    const rows = await readRows<CountRow>(tx, sql, [range.from, range.to]);
    return rows.map((r) => ({
      key: r.key,
      column: r.column,
      count: Number(r.count),
      contributors: r.contributors === null ? null : Number(r.contributors),
    }));
  }
}
