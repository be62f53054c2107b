import type {
  CasePackage,
  PackageApproval,
  PackageDocument,
  PackageInformationRequest,
  PackageRoutingBasis,
} from '@app/domain';

/**
 * The package as the PDF prints it. A package is printed exactly as it was
 * stored, and stored packages span schema versions: a v1 package has no
 * documents, information requests, approval or PAP, and merchants,
 * observables and transactions are free-form objects. So it is read
 * defensively: a missing section is `null` (printed as "not recorded in this
 * package"), an odd field is skipped, never a crash halfway through a print.
 */

export interface PrintedObservable {
  type: string;
  value: string;
  algorithm: string | null;
  event: string | null;
  seenAt: string | null;
  viewedByReporter: boolean | undefined;
  publiclyAvailable: boolean | undefined;
}

export interface PrintedTransaction {
  date: string | null;
  amount: string;
  currency: string;
  rail: string | null;
  direction: string | null;
  counterparty: string | null;
}

export interface PrintedReferral {
  reference: string;
  filer: string;
  category: string | null;
  indicators: string[];
  priority: string | null;
  observedFrom: string | null;
  observedTo: string | null;
  totalAmount: { value: string; currency: string } | null;
  narrative: string | null;
  /** The merchant's fields in reading order, masked values as the package holds them. */
  merchant: [label: string, values: string[]][] | null;
  observables: PrintedObservable[];
  transactions: PrintedTransaction[];
  submittedAt: string | null;
  /** Null in packages built before documents travelled with them (v1). */
  documents: PackageDocument[] | null;
}

export interface PrintedPackage {
  tlp: string;
  pap: string | null;
  dispatchReference: string;
  caseReference: string;
  casePriority: string | null;
  agencyName: string;
  approvedAt: string | null;
  basis: PackageRoutingBasis[];
  rationale: string | null;
  merchantNames: string[];
  countries: string[];
  referrals: PrintedReferral[];
  /** Null in packages built before answered requests travelled with them (v1). */
  informationRequests: PackageInformationRequest[] | null;
  approval: PackageApproval | null;
}

type Loose = Record<string, unknown>;

const obj = (v: unknown): Loose =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : {};
const str = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(str).filter((s): s is string => s !== null) : [];
const list = (v: unknown): Loose[] => (Array.isArray(v) ? v.map(obj) : []);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const joined = (parts: (string | null | false)[], sep = ', '): string =>
  parts.filter((p): p is string => typeof p === 'string' && p !== '').join(sep);

/** The merchant identifiers, labelled; only the fields the filer gave. */
function merchantRows(value: unknown): PrintedReferral['merchant'] {
  if (typeof value !== 'object' || value === null) return null;
  const m = obj(value);
  const a = obj(m.acquirer);
  const acquirer = joined([
    str(a.name),
    str(a.country) && `country ${str(a.country)}`,
    str(a.bin) && `BIN ${str(a.bin)}`,
    str(a.ica) && `ICA ${str(a.ica)}`,
  ]);
  const rows: [string, string[]][] = [
    ['Legal name', strs([m.legalName])],
    ['Trading names', strs(m.tradingNames)],
    ['Billing descriptors', strs(m.descriptors)],
    ['Country of registration', strs([m.country])],
    ['Merchant category code (MCC)', strs([m.mcc])],
    ['Acquirer', acquirer ? [acquirer] : []],
    [
      'Merchant ids',
      list(m.merchantIds).map((id) =>
        joined(
          [
            str(id.acquirerId) && `acquirer ${str(id.acquirerId)}`,
            str(id.mid) && `MID ${str(id.mid)}`,
          ],
          ' / ',
        ),
      ),
    ],
    ['Websites', strs(m.websites)],
    ['Hosting countries (as reported)', strs(m.hostingCountries)],
    ['E-mail addresses', strs(m.emails)],
    ['Phone numbers', strs(m.phones)],
    ['Business registration number', strs([m.registrationNumber])],
    ['Tax id (masked)', strs([m.taxId])],
    [
      'Principals',
      list(m.principals).map((p) =>
        joined([
          str(p.name),
          str(p.countryOfResidence) && `resides in ${str(p.countryOfResidence)}`,
          str(p.dateOfBirth) && `born ${str(p.dateOfBirth)}`,
          str(p.nationalId) && `national id (masked) ${str(p.nationalId)}`,
        ]),
      ),
    ],
  ];
  return rows.filter(([, values]) => values.some((v) => v !== ''));
}

function documentsOf(value: unknown): PackageDocument[] | null {
  if (!Array.isArray(value)) return null;
  return list(value).map((d) => ({
    id: str(d.id) ?? '',
    filename: str(d.filename) ?? 'unnamed',
    mediaType: str(d.mediaType) ?? '',
    sizeBytes: typeof d.sizeBytes === 'number' ? d.sizeBytes : -1,
    sha256: str(d.sha256) ?? 'not recorded',
  }));
}

function referralOf(r: Loose): PrintedReferral {
  const amount = obj(r.totalAmount);
  const value = str(amount.value);
  const currency = str(amount.currency);
  return {
    reference: str(r.reference) ?? 'no reference',
    filer: str(r.filer) ?? 'coalition member',
    category: str(r.category),
    indicators: strs(r.indicators),
    priority: str(r.priority),
    observedFrom: str(r.observedFrom),
    observedTo: str(r.observedTo),
    totalAmount: value && currency ? { value, currency } : null,
    narrative: str(r.narrative),
    merchant: merchantRows(r.merchant),
    observables: list(r.observables)
      .map((o) => ({
        type: str(o.type) ?? 'other',
        value: str(o.value) ?? '',
        algorithm: str(o.algorithm),
        event: str(o.event),
        seenAt: str(o.seenAt),
        viewedByReporter: bool(o.viewedByReporter),
        publiclyAvailable: bool(o.publiclyAvailable),
      }))
      .filter((o) => o.value !== ''),
    transactions: list(r.transactions).map((t) => ({
      date: str(t.date),
      amount: str(t.amount) ?? '',
      currency: str(t.currency) ?? '',
      rail: str(t.rail),
      direction: str(t.direction),
      counterparty: str(t.counterparty),
    })),
    submittedAt: str(r.submittedAt),
    documents: documentsOf(r.documents),
  };
}

function approvalOf(value: unknown): PackageApproval | null {
  const a = obj(value);
  const proposedBy = str(a.proposedBy);
  const approvedBy = str(a.approvedBy);
  if (!proposedBy || !approvedBy) return null;
  return {
    proposedBy,
    proposedAt: str(a.proposedAt) ?? '',
    approvedBy,
    approvedAt: str(a.approvedAt) ?? '',
  };
}

export function readPackage(pkg: CasePackage): PrintedPackage {
  // Typed as the current schema, but possibly an older stored one: read as loose JSON.
  const p = obj(pkg);
  const summary = obj(p.summary);
  const routing = obj(p.routing);
  return {
    tlp: str(p.tlp) ?? 'AMBER+STRICT',
    pap: str(p.pap),
    dispatchReference: str(obj(p.dispatch).reference) ?? 'no reference',
    caseReference: str(obj(p.case).reference) ?? 'no reference',
    casePriority: str(obj(p.case).priority),
    agencyName: str(obj(p.agency).name) ?? 'your agency',
    approvedAt: str(p.approvedAt),
    basis: list(routing.basis).map((b) => ({
      jurisdiction: str(b.jurisdiction),
      sources: strs(b.sources),
      explanation: str(b.explanation) ?? '',
    })),
    rationale: str(routing.rationale),
    merchantNames: strs(summary.merchantNames),
    countries: strs(summary.countries),
    referrals: list(p.referrals).map(referralOf),
    informationRequests: Array.isArray(p.informationRequests)
      ? list(p.informationRequests).map((q) => ({
          referralReference: str(q.referralReference) ?? '',
          question: str(q.question) ?? '',
          askedAt: str(q.askedAt) ?? '',
          answer: str(q.answer) ?? '',
          answeredAt: str(q.answeredAt) ?? '',
        }))
      : null,
    approval: approvalOf(p.approval),
  };
}
