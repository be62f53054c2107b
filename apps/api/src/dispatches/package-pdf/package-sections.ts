import {
  CATEGORY_LABELS,
  labelOf,
  PAP_MEANINGS,
  ROUTING_SOURCE_LABELS,
  TLP_MEANINGS,
} from './package-labels';
import type { PrintedPackage } from './package-reader';
import { utcDateTime } from './pdf-format';
import type { PdfWriter } from './pdf-layout';

/** The case-level sections: what the case is, why this agency, who approved, what was asked. */

const NOT_IN_OLDER_PACKAGE =
  'Not recorded in this package (it was approved before this was included).';

export function titleSection(w: PdfWriter, pkg: PrintedPackage): void {
  w.title(`Case package ${pkg.caseReference}`);
  w.paragraph(`Dispatch ${pkg.dispatchReference} to ${pkg.agencyName}`, { muted: true });
  w.doc.moveDown(0.5);
  w.paragraph(`TLP:${pkg.tlp} — ${labelOf(TLP_MEANINGS, pkg.tlp)}`);
  w.paragraph(
    pkg.pap
      ? `PAP:${pkg.pap} — ${labelOf(PAP_MEANINGS, pkg.pap)}`
      : 'PAP: not recorded in this package (it was approved before the PAP was recorded).',
  );
}

export function summarySection(w: PdfWriter, pkg: PrintedPackage): void {
  w.heading('Case summary');
  const categories = [
    ...new Set(pkg.referrals.map((r) => r.category).filter((c): c is string => c !== null)),
  ];
  w.fields([
    ['Case', pkg.caseReference],
    ['Priority', pkg.casePriority ? `${pkg.casePriority} (P1 is the most urgent)` : []],
    ['Merchant names', pkg.merchantNames],
    ['Merchant countries', pkg.countries],
    ['Categories', categories.map((c) => labelOf(CATEGORY_LABELS, c))],
    ['Referrals', String(pkg.referrals.length)],
    ['Routing approved', utcDateTime(pkg.approvedAt)],
  ]);
}

export function routingSection(w: PdfWriter, pkg: PrintedPackage): void {
  w.heading(`Why this case was sent to ${pkg.agencyName}`);
  if (pkg.basis.length === 0) w.paragraph('No jurisdiction basis is recorded.');
  w.bullets(
    pkg.basis.map((b) => ({
      text: `${b.jurisdiction ?? 'International channel'}${
        b.sources.length
          ? ` (${b.sources.map((s) => labelOf(ROUTING_SOURCE_LABELS, s)).join('; ')})`
          : ''
      }`,
      detail: b.explanation || null,
    })),
  );
  if (pkg.rationale) {
    w.subheading('The coalition’s rationale');
    w.paragraph(pkg.rationale);
  }
}

export function approvalSection(w: PdfWriter, pkg: PrintedPackage): void {
  w.heading('Approval');
  const a = pkg.approval;
  if (!a) {
    w.paragraph(`Who proposed and approved the routing: ${NOT_IN_OLDER_PACKAGE}`);
    w.paragraph(`Routing approved at ${utcDateTime(pkg.approvedAt)}.`);
    return;
  }
  w.paragraph(
    'A coordinator proposed the routing and a lead coordinator, who was not the proposer, approved it (four eyes).',
    { muted: true, small: true },
  );
  w.doc.moveDown(0.3);
  w.fields([
    ['Proposed by', `${a.proposedBy}, ${utcDateTime(a.proposedAt)}`],
    ['Approved by', `${a.approvedBy}, ${utcDateTime(a.approvedAt)}`],
  ]);
}

export function informationRequestsSection(w: PdfWriter, pkg: PrintedPackage): void {
  w.heading('Questions the coalition asked, and the answers');
  const requests = pkg.informationRequests;
  if (requests === null) {
    w.paragraph(NOT_IN_OLDER_PACKAGE);
    return;
  }
  if (requests.length === 0) {
    w.paragraph('No question was asked and answered.');
    return;
  }
  for (const q of requests) {
    w.subheading(`About referral ${q.referralReference}`);
    w.fields([
      ['Question', q.question],
      ['Asked', utcDateTime(q.askedAt)],
      ['Answer', q.answer],
      ['Answered', utcDateTime(q.answeredAt)],
    ]);
  }
}
