import {
  MEMBER_TYPES,
  labelOf,
  publishedText,
  suppressSmallCounts,
  type PublishedCount,
} from '@app/domain';
import type { CountRow, DurationMeasure, DurationRow } from '@app/persistence';

/**
 * The yearly transparency report as tables of text, ready for CSV or PDF:
 * counts only, never a member's name, every small count withheld
 * (suppressSmallCounts in libs/domain). What the report says about its own
 * rule is in `notes`, printed with it.
 */

/** A cell is also withheld when fewer members than this filed it (each could subtract itself). */
export const MIN_CONTRIBUTING_MEMBERS = 3;

export interface ReportTable {
  /** Stable machine name (the CSV's first column). */
  id: string;
  title: string;
  rowHeader: string;
  columns: string[];
  rows: { label: string; cells: string[] }[];
}

export interface TransparencyReport {
  year: number;
  threshold: number;
  tables: ReportTable[];
  notes: string[];
}

export interface TransparencyFigures {
  byMonthAndMemberType: CountRow[];
  byMemberCountry: CountRow[];
  dispatchResultsByAgencyCountry: CountRow[];
  yearTimes: DurationRow[];
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const RESULTS = ['accepted', 'declined', 'failed', 'in_progress'] as const;
const RESULT_LABEL: Record<(typeof RESULTS)[number], string> = {
  accepted: 'Accepted',
  declined: 'Declined',
  failed: 'Delivery failed',
  in_progress: 'In progress',
};
const MEASURES: readonly DurationMeasure[] = ['triage', 'approval', 'delivery', 'acknowledgement'];

/** A two-way table of counts from rows keyed (row key, column key), suppressed and written out. */
function countTable(
  rows: CountRow[],
  rowKeys: readonly string[],
  columnKeys: readonly string[],
  threshold: number,
): { cells: string[][]; totals: string[] } {
  const counts = rowKeys.map(() => columnKeys.map(() => 0));
  const few = rowKeys.map(() => columnKeys.map(() => false));
  for (const row of rows) {
    const r = rowKeys.indexOf(row.key);
    const c = columnKeys.indexOf(row.column);
    if (r < 0 || c < 0) continue;
    counts[r][c] += row.count;
    few[r][c] = row.contributors !== null && row.contributors < MIN_CONTRIBUTING_MEMBERS;
  }
  const t = suppressSmallCounts(counts, threshold, { alsoWithhold: few });
  const text = (v: PublishedCount) => publishedText(v, threshold);
  return {
    cells: t.cells.map((row, r) => [...row.map(text), text(t.rowTotals[r])]),
    totals: [...t.columnTotals.map(text), text(t.total)],
  };
}

function hours(seconds: number): string {
  return (seconds / 3600).toFixed(1);
}

export function buildTransparencyReport(
  year: number,
  figures: TransparencyFigures,
  threshold: number,
): TransparencyReport {
  const monthKeys = MONTHS.map((_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const byMonth = countTable(figures.byMonthAndMemberType, monthKeys, MEMBER_TYPES, threshold);

  const countries = [...new Set(figures.byMemberCountry.map((r) => r.key))].sort();
  const byCountry = countTable(figures.byMemberCountry, countries, [''], threshold);

  const agencyCountries = [
    ...new Set(figures.dispatchResultsByAgencyCountry.map((r) => r.key)),
  ].sort();
  const results = countTable(
    figures.dispatchResultsByAgencyCountry,
    agencyCountries,
    RESULTS,
    threshold,
  );

  const times = MEASURES.map((measure) => {
    const row = figures.yearTimes.find((t) => t.measure === measure);
    const n = row?.count ?? 0;
    const shown = n >= threshold && row;
    return {
      label: labelOf(measure, 'statisticsMeasure'),
      cells: [
        n === 0 ? '0' : n < threshold ? `<${threshold}` : String(n),
        shown ? hours(row.medianSeconds) : '—',
      ],
    };
  });

  return {
    year,
    threshold,
    tables: [
      {
        id: 'referrals_by_month_and_member_type',
        title: `Referrals submitted in ${year}, by month and type of member`,
        rowHeader: 'Month',
        columns: [...MEMBER_TYPES.map((t) => labelOf(t, 'memberType')), 'Total'],
        rows: [
          ...MONTHS.map((label, i) => ({ label, cells: byMonth.cells[i] })),
          { label: 'Total', cells: byMonth.totals },
        ],
      },
      {
        id: 'referrals_by_member_country',
        title: `Referrals submitted in ${year}, by country of the member`,
        rowHeader: 'Country',
        columns: ['Referrals'],
        rows: [
          ...countries.map((label, i) => ({ label, cells: [byCountry.cells[i][0]] })),
          { label: 'Total', cells: [byCountry.totals[0]] },
        ],
      },
      {
        id: 'dispatches_by_agency_country',
        title: `Cases sent to agencies in ${year}, by the agency's country and result`,
        rowHeader: 'Agency country',
        columns: [...RESULTS.map((r) => RESULT_LABEL[r]), 'Total'],
        rows: [
          ...agencyCountries.map((label, i) => ({ label, cells: results.cells[i] })),
          { label: 'Total', cells: results.totals },
        ],
      },
      {
        id: 'median_times',
        title: `Median times in ${year}, in hours`,
        rowHeader: 'Step',
        columns: ['Steps measured', 'Median (hours)'],
        rows: times,
      },
    ],
    notes: [
      `Counts from 1 to ${threshold - 1} are shown as "<${threshold}", so that no member can be picked out.`,
      `"c" marks a count withheld to protect another: where a total would give back a withheld ` +
        `count, a second count of the same row or column is withheld too; and a count that ` +
        `fewer than ${MIN_CONTRIBUTING_MEMBERS} members filed is withheld, since each of them ` +
        `could subtract its own.`,
      `A median is given only where at least ${threshold} steps were measured.`,
      'Members are never named. Months and times are UTC. Triage: a case opened to its ' +
        'assignment; approval: opened to approved; delivery: a dispatch created to delivered; ' +
        'acknowledgement: delivered to acknowledged by the agency.',
    ],
  };
}
