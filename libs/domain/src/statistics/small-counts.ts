/**
 * Small-count suppression for figures published outside the coalition (the
 * yearly transparency report). A count of 1 to threshold−1 could point at
 * one member ("the only crypto business in the coalition filed 2"), so it is
 * withheld; zero reveals no one and is shown. Withholding one cell is not
 * enough where the line's total is printed: the total minus the other cells
 * gives it back. So every line of the table (each row with its row total,
 * each column with its column total) that has exactly one withheld entry gets
 * a second one withheld (complementary suppression): the smallest non-zero
 * cell still shown, or the total when no cell can be. This repeats until no
 * line has a single withheld entry. It stops differencing within one table;
 * it does not solve the general problem across several published tables,
 * which is why the report never prints the same count split two ways with
 * the members' identities in reach (members are never named).
 */

/** A published cell: the count, withheld as small, or withheld to protect another. */
export type PublishedCount = number | 'small' | 'withheld';

export interface SuppressedTable {
  cells: PublishedCount[][];
  rowTotals: PublishedCount[];
  columnTotals: PublishedCount[];
  total: PublishedCount;
}

/** The default threshold: counts of 1 to 4 are withheld. */
export const DEFAULT_SMALL_COUNT_THRESHOLD = 5;

const isSmall = (n: number, threshold: number): boolean => n > 0 && n < threshold;

/**
 * `counts` (rows × columns) with its totals, every small count withheld and
 * complementary cells withheld so that no withheld count can be recovered by
 * subtraction within a row or a column. `alsoWithhold` marks further cells to
 * withhold from the start (for example, those fewer than three members filed).
 */
export function suppressSmallCounts(
  counts: number[][],
  threshold: number,
  options: { alsoWithhold?: boolean[][] } = {},
): SuppressedTable {
  const rows = counts.length;
  const columns = rows === 0 ? 0 : counts[0].length;
  // The table extended by its totals: the last column holds row totals, the last row column totals.
  const grid: number[][] = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totalsRow: number[] = [];
  for (let c = 0; c <= columns; c++) totalsRow.push(grid.reduce((sum, row) => sum + row[c], 0));
  grid.push(totalsRow);
  const withheld: ('small' | 'withheld' | null)[][] = grid.map((row, r) =>
    row.map((n, c) =>
      isSmall(n, threshold) ? 'small' : options.alsoWithhold?.[r]?.[c] ? 'withheld' : null,
    ),
  );

  // Each line: the positions of its cells followed by the position of its total.
  const lines: [number, number][][] = [];
  for (let r = 0; r <= rows; r++) {
    lines.push(Array.from({ length: columns + 1 }, (_, c) => [r, c] as [number, number]));
  }
  for (let c = 0; c <= columns; c++) {
    lines.push(Array.from({ length: rows + 1 }, (_, r) => [r, c] as [number, number]));
  }

  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter(([r, c]) => withheld[r][c] !== null);
      if (hidden.length !== 1) continue;
      const total = line[line.length - 1];
      const shown = line.filter(([r, c]) => withheld[r][c] === null && grid[r][c] > 0);
      const cellsFirst = [
        ...shown.filter((p) => p !== total).sort((a, b) => grid[a[0]][a[1]] - grid[b[0]][b[1]]),
        ...shown.filter((p) => p === total),
      ];
      const pick = cellsFirst[0];
      // Nothing left to withhold means the hidden count is 0 or equal to the total, both withheld already.
      if (!pick) continue;
      withheld[pick[0]][pick[1]] = 'withheld';
      changed = true;
    }
  }

  const publish = (r: number, c: number): PublishedCount => withheld[r][c] ?? grid[r][c];
  return {
    cells: counts.map((row, r) => row.map((_, c) => publish(r, c))),
    rowTotals: counts.map((_, r) => publish(r, columns)),
    columnTotals: Array.from({ length: columns }, (_, c) => publish(rows, c)),
    total: publish(rows, columns),
  };
}

/** How a published count is written: the number, `<5` for a small one, `c` for one withheld to protect another. */
export function publishedText(value: PublishedCount, threshold: number): string {
  if (value === 'small') return `<${threshold}`;
  if (value === 'withheld') return 'c';
  return String(value);
}
