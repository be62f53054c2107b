import {
  CATEGORY_LABELS,
  DIRECTION_LABELS,
  DOCUMENT_TYPE_LABELS,
  hashAlgorithmLabel,
  indicatorText,
  IP_EVENT_LABELS,
  labelOf,
  OBSERVABLE_TYPE_LABELS,
  RAIL_LABELS,
  yesNoUnknown,
} from './package-labels';
import type { PrintedObservable, PrintedReferral } from './package-reader';
import { amountText, byteSize, utcDate, utcDateTime } from './pdf-format';
import type { PdfWriter } from './pdf-layout';

/** One member's referral: who filed it, what they saw, and what they hold. */

const VIEWED_NOTE =
  '"Viewed by the reporter" says whether anyone at the filing member viewed the content. ' +
  'Where it is "no" or "unknown", your jurisdiction may require a warrant before anyone opens it.';

function observableDetail(o: PrintedObservable): string {
  const parts = [
    o.algorithm ? hashAlgorithmLabel(o.algorithm) : null,
    o.event ? labelOf(IP_EVENT_LABELS, o.event) : null,
    o.seenAt ? `seen ${utcDateTime(o.seenAt)}` : null,
    `viewed by the reporter: ${yesNoUnknown(o.viewedByReporter)}`,
    `publicly available: ${yesNoUnknown(o.publiclyAvailable)}`,
  ];
  return parts.filter((p): p is string => p !== null).join(' · ');
}

function observables(w: PdfWriter, r: PrintedReferral): void {
  w.subheading('Observables');
  if (r.observables.length === 0) {
    w.paragraph('None reported.');
    return;
  }
  w.paragraph(VIEWED_NOTE, { muted: true, small: true });
  w.doc.moveDown(0.2);
  const types = [...new Set(r.observables.map((o) => o.type))];
  for (const type of types) {
    const items = r.observables.filter((o) => o.type === type);
    w.ensureSpace(40);
    w.paragraph(`${labelOf(OBSERVABLE_TYPE_LABELS, type)} — ${items.length}`, { strong: true });
    w.bullets(items.map((o) => ({ text: o.value, detail: observableDetail(o) })));
  }
}

function transactions(w: PdfWriter, r: PrintedReferral): void {
  w.subheading('Transactions');
  if (r.transactions.length === 0) {
    w.paragraph('None reported.');
    return;
  }
  w.table(
    [
      { header: 'Date', width: 0.14 },
      { header: 'Amount', width: 0.2, align: 'right' },
      { header: 'Rail', width: 0.1 },
      { header: 'Direction', width: 0.12 },
      { header: 'Counterparty', width: 0.44 },
    ],
    r.transactions.map((t) => [
      utcDate(t.date),
      amountText(t.amount, t.currency),
      labelOf(RAIL_LABELS, t.rail),
      labelOf(DIRECTION_LABELS, t.direction),
      t.counterparty ?? '',
    ]),
  );
}

function documents(w: PdfWriter, r: PrintedReferral): void {
  w.subheading('Documents');
  if (r.documents === null) {
    {
      w.paragraph('Not listed in this package (it was approved before documents were included).');
      return;
    }
  }
  if (r.documents.length === 0) {
    w.paragraph('None attached.');
    return;
  }
  w.paragraph(
    'Text documents only (PDF, CSV or plain text), each checked on upload. A downloaded copy must match its SHA-256.',
    { muted: true, small: true },
  );
  w.doc.moveDown(0.2);
  w.bullets(
    r.documents.map((d) => ({
      text: `${d.filename} — ${labelOf(DOCUMENT_TYPE_LABELS, d.mediaType)}, ${byteSize(d.sizeBytes)}`,
      detail: `SHA-256: ${d.sha256}`,
    })),
  );
}

export function referralSection(
  w: PdfWriter,
  r: PrintedReferral,
  index: number,
  count: number,
): void {
  w.heading(`Referral ${index + 1} of ${count}: ${r.reference}`);
  w.fields([
    ['Filed by', r.filer],
    ['Category', labelOf(CATEGORY_LABELS, r.category)],
    ['Priority', r.priority ?? []],
    [
      'Observed',
      r.observedFrom || r.observedTo
        ? `${utcDate(r.observedFrom)} to ${utcDate(r.observedTo)}`
        : [],
    ],
    [
      'Total amount',
      r.totalAmount ? amountText(r.totalAmount.value, r.totalAmount.currency) : 'unknown',
    ],
    ['Submitted', utcDateTime(r.submittedAt)],
  ]);

  w.subheading('Red flags reported');
  if (r.indicators.length === 0) w.paragraph('None ticked.');
  w.bullets(
    r.indicators.map((code) => {
      const { label, description } = indicatorText(code);
      return { text: label, detail: description };
    }),
  );

  w.subheading('Narrative');
  w.paragraph(r.narrative ?? 'No narrative given.');

  w.subheading('Merchant, as this member reported it');
  if (r.merchant === null || r.merchant.length === 0) w.paragraph('No merchant details given.');
  else {
    w.paragraph('Sensitive identifiers are masked as the package holds them.', {
      muted: true,
      small: true,
    });
    w.doc.moveDown(0.2);
    w.fields(r.merchant);
  }

  observables(w, r);
  transactions(w, r);
  documents(w, r);
}
