import type { TransparencyReport } from './transparency-report';

/** One field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The report in long form: one line per published cell, `table,row,column,value`,
 * so a spreadsheet or a script reads it without knowing the layout. Every text
 * is the report's own (labels, ISO country codes, counts), never a free text
 * someone typed, so no cell can start a formula.
 */
export function transparencyCsv(report: TransparencyReport): string {
  const lines = ['table,row,column,value'];
  for (const table of report.tables) {
    for (const row of table.rows) {
      row.cells.forEach((value, i) => {
        lines.push([table.id, row.label, table.columns[i], value].map(field).join(','));
      });
    }
  }
  report.notes.forEach((note, i) =>
    lines.push(['notes', String(i + 1), 'note', note].map(field).join(',')),
  );
  return `${lines.join('\r\n')}\r\n`;
}
