import { publishedText, suppressSmallCounts, type PublishedCount } from './small-counts';

/** Every line (row + its total, column + its total) with exactly one withheld entry. */
function recoverableLines(t: ReturnType<typeof suppressSmallCounts>): number {
  const hidden = (v: PublishedCount) => typeof v !== 'number';
  let lines = 0;
  t.cells.forEach((row, r) => {
    if ([...row, t.rowTotals[r]].filter(hidden).length === 1) lines++;
  });
  t.columnTotals.forEach((total, c) => {
    if ([...t.cells.map((row) => row[c]), total].filter(hidden).length === 1) lines++;
  });
  if ([...t.columnTotals, t.total].filter(hidden).length === 1) lines++;
  if ([...t.rowTotals, t.total].filter(hidden).length === 1) lines++;
  return lines;
}

describe('suppressSmallCounts', () => {
  it('should show every count and its totals when none is small', () => {
    const t = suppressSmallCounts(
      [
        [10, 20],
        [5, 0],
      ],
      5,
    );
    expect(t).toEqual({
      cells: [
        [10, 20],
        [5, 0],
      ],
      rowTotals: [30, 5],
      columnTotals: [15, 20],
      total: 35,
    });
  });

  it('should withhold counts from 1 to threshold-1, never 0', () => {
    const t = suppressSmallCounts([[0, 4, 9, 12]], 5);
    expect(t.cells[0][0]).toBe(0);
    expect(t.cells[0][1]).toBe('small');
  });

  it('should withhold the smallest other cell of the row so the total does not give the small one back', () => {
    const t = suppressSmallCounts([[3, 40, 9, 12]], 5);
    expect(t.cells[0]).toEqual(['small', 40, 'withheld', 12]);
    expect(t.rowTotals[0]).toBe(64);
  });

  it('should withhold the total when no other cell of its line can be', () => {
    const t = suppressSmallCounts([[3, 0, 0]], 5);
    expect(t.cells[0]).toEqual(['small', 0, 0]);
    expect(t.rowTotals[0]).toBe('small');
  });

  it('should leave no row or column from which a withheld count can be worked out', () => {
    const t = suppressSmallCounts(
      [
        [1, 30, 8, 0],
        [12, 2, 20, 7],
        [40, 9, 3, 11],
      ],
      5,
    );
    expect(recoverableLines(t)).toBe(0);
    expect(t.cells[0][0]).toBe('small');
    expect(t.cells[1][1]).toBe('small');
    expect(t.cells[2][2]).toBe('small');
  });

  it('should honour another threshold', () => {
    expect(suppressSmallCounts([[9, 10, 50]], 10).cells[0]).toEqual(['small', 'withheld', 50]);
  });

  it('should withhold a cell marked from the start, and another so the total does not give it back', () => {
    const t = suppressSmallCounts([[30, 12, 9]], 5, { alsoWithhold: [[true, false, false]] });
    expect(t.cells[0]).toEqual(['withheld', 12, 'withheld']);
    expect(t.rowTotals[0]).toBe(51);
  });

  it('should write withheld counts as <threshold and c', () => {
    expect(publishedText('small', 5)).toBe('<5');
    expect(publishedText('withheld', 5)).toBe('c');
    expect(publishedText(7, 5)).toBe('7');
  });
});
