import type { CountRow } from '@app/persistence';
import { transparencyCsv } from './transparency-csv';
import { buildTransparencyReport, MIN_CONTRIBUTING_MEMBERS } from './transparency-report';

const row = (key: string, column: string, count: number, contributors: number | null = 10) =>
  ({ key, column, count, contributors }) satisfies CountRow;

const report = (figures: Partial<Parameters<typeof buildTransparencyReport>[1]>, threshold = 5) =>
  buildTransparencyReport(
    2025,
    {
      byMonthAndMemberType: [],
      byMemberCountry: [],
      dispatchResultsByAgencyCountry: [],
      yearTimes: [],
      ...figures,
    },
    threshold,
  );

describe('the transparency report', () => {
  it('has every month of the year and every member type, with totals', () => {
    const byMonth = report({
      byMonthAndMemberType: [row('2025-02', 'issuer', 7), row('2025-02', 'acquirer', 9)],
    }).tables[0];
    expect(byMonth.rows.map((r) => r.label)).toEqual([
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
      'Total',
    ]);
    expect(byMonth.columns).toContain('Card issuer');
    expect(byMonth.rows[1].cells.at(-1)).toBe('16');
    expect(byMonth.rows[12].cells.at(-1)).toBe('16');
  });

  it(`withholds a count fewer than ${MIN_CONTRIBUTING_MEMBERS} members filed, however large`, () => {
    const byCountry = report({
      byMemberCountry: [row('FR', '', 40, 2), row('GB', '', 60, 9), row('DE', '', 30, 4)],
    }).tables[1];
    expect(byCountry.rows).toEqual([
      { label: 'DE', cells: ['c'] },
      { label: 'FR', cells: ['c'] },
      { label: 'GB', cells: ['60'] },
      { label: 'Total', cells: ['130'] },
    ]);
  });

  it('gives a median only where enough steps were measured', () => {
    const times = report({
      yearTimes: [
        { month: null, measure: 'triage', count: 12, medianSeconds: 5400, p90Seconds: 9000 },
        { month: null, measure: 'delivery', count: 3, medianSeconds: 60, p90Seconds: 60 },
      ],
    }).tables[3];
    expect(times.rows).toEqual([
      { label: 'Time to triage', cells: ['12', '1.5'] },
      { label: 'Time to approval', cells: ['0', '—'] },
      { label: 'Time to delivery', cells: ['<5', '—'] },
      { label: 'Time to acknowledgement', cells: ['0', '—'] },
    ]);
  });

  it('writes one CSV line per cell, quoting what needs it', () => {
    const csv = transparencyCsv(
      report({ dispatchResultsByAgencyCountry: [row('DE', 'accepted', 8, null)] }),
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('table,row,column,value');
    expect(lines).toContain('dispatches_by_agency_country,DE,Accepted,8');
    expect(lines).toContain('dispatches_by_agency_country,Total,Total,8');
    expect(lines.find((l) => l.startsWith('notes,1,'))).toBe(
      'notes,1,note,"Counts from 1 to 4 are shown as ""<5"", so that no member can be picked out."',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
