import { PdfWriter } from '../../dispatches/package-pdf';
import type { TransparencyReport } from './transparency-report';

/**
 * The report as a PDF, set with the package PDF's writer (embedded fonts,
 * tables that continue across pages). Text and rules only.
 */
export async function transparencyPdf(
  report: TransparencyReport,
  generatedAt: Date,
): Promise<Buffer> {
  const w = new PdfWriter({ title: `Transparency report ${report.year}` });
  w.title(`Coalition transparency report ${report.year}`);
  w.paragraph(`Generated ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, {
    muted: true,
    small: true,
  });
  for (const table of report.tables) {
    w.heading(table.title);
    const share = 1 / (table.columns.length + 2.5);
    w.table(
      [
        { header: table.rowHeader, width: share * 2.5 },
        ...table.columns.map((header) => ({ header, width: share, align: 'right' as const })),
      ],
      table.rows.map((row) => [row.label, ...row.cells]),
    );
  }
  w.heading('How to read these figures');
  w.bullets(report.notes.map((text) => ({ text })));
  return w.finish();
}
