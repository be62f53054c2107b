import { PAGE, INK, type PdfWriter } from './pdf-layout';
import { utcDateTime } from './pdf-format';

/** Who printed the package, when, and what proves which package it was. */
export interface PdfStamp {
  printedBy: string;
  printedAt: Date;
  /** SHA-256 (lowercase hex) of the package's canonical JSON (packageDigest). */
  packageDigest: string;
  /** The signed audit checkpoint covering the dispatch; null until one is signed. */
  checkpoint: { id: string; seq: number; signedAt: string } | null;
}

export const CHECKPOINT_PENDING = 'checkpoint pending — the proof bundle names it once signed';

/**
 * TLP 2.0 colours (FIRST, "Traffic Light Protocol (TLP) Standard Definitions
 * and Usage Guidance", version 2.0): coloured text on a black background. PAP
 * markings are drawn in the same palette.
 */
const MARKING_COLOURS: Readonly<Record<string, string>> = {
  RED: '#FF2B2B',
  'AMBER+STRICT': '#FFC000',
  AMBER: '#FFC000',
  GREEN: '#33FF00',
  CLEAR: '#FFFFFF',
};

export function printedByLine(stamp: PdfStamp): string {
  return `Printed by ${stamp.printedBy} at ${utcDateTime(stamp.printedAt, true)}`;
}

export function checkpointLine(stamp: PdfStamp): string {
  const c = stamp.checkpoint;
  if (!c) return `Audit checkpoint: ${CHECKPOINT_PENDING}`;
  return `Audit checkpoint ${c.id} (sequence ${c.seq}, signed ${utcDateTime(c.signedAt, true)})`;
}

/** A marking (`TLP:RED`) in its colour on black; returns the x after it. */
function marking(w: PdfWriter, text: string, level: string, x: number, y: number): number {
  const doc = w.doc;
  const label = w.safe(text);
  doc.font('bold').fontSize(9);
  const width = doc.widthOfString(label) + 10;
  doc.rect(x, y, width, 14).fill('#000000');
  doc.fillColor(MARKING_COLOURS[level] ?? '#FFFFFF').text(label, x + 5, y + 3, {
    lineBreak: false,
  });
  return x + width + 6;
}

function markings(w: PdfWriter, tlp: string, pap: string | null, y: number): void {
  const x = marking(w, `TLP:${tlp}`, tlp, w.left, y);
  if (pap) marking(w, `PAP:${pap}`, pap, x, y);
  else {
    w.doc.font('regular').fontSize(8).fillColor(INK.muted);
    w.doc.text('PAP not recorded', x, y + 3, { lineBreak: false });
  }
}

/**
 * Stamps every buffered page: the TLP and PAP markings at top and bottom,
 * the references, "Page i of N", who printed it and when, the package digest
 * and the audit checkpoint. Written after layout, when N is known.
 */
export function stampPages(
  w: PdfWriter,
  stamp: PdfStamp,
  refs: { tlp: string; pap: string | null; title: string },
): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  const lines = [
    printedByLine(stamp),
    `Package digest (SHA-256): ${stamp.packageDigest}`,
    checkpointLine(stamp),
  ].map((line) => w.safe(line));
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Text in the margins must not make PDFKit start a new page.
    const margins = { ...doc.page.margins };
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    markings(w, refs.tlp, refs.pap, 24);
    doc.font('regular').fontSize(8).fillColor(INK.muted);
    doc.text(w.safe(refs.title), w.left + w.width / 2, 27, {
      width: w.width / 2,
      align: 'right',
      lineBreak: false,
    });

    const top = doc.page.height - PAGE.margins.bottom + 14;
    doc
      .moveTo(w.left, top - 6)
      .lineTo(w.left + w.width, top - 6)
      .lineWidth(0.5)
      .strokeColor(INK.rule)
      .stroke();
    markings(w, refs.tlp, refs.pap, top);
    doc.font('bold').fontSize(9).fillColor(INK.text);
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, w.left + w.width / 2, top + 3, {
      width: w.width / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.font('regular').fontSize(7.5).fillColor(INK.text);
    // The digest and checkpoint may wrap on a narrow page: never cut off.
    doc.text(lines.join('\n'), w.left, top + 20, { width: w.width });
    doc.page.margins = margins;
  }
}
