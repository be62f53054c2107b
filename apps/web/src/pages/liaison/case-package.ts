/**
 * The case package (`crh.case-package/v1`) as the console reads it. The API
 * types it as a free-form object (it is stored exactly as approved), so this
 * module reads it defensively: a missing or odd field shows as "—", never as
 * a crash in the middle of an agency's reading.
 */

export interface PackageMerchant {
  legalName?: string;
  tradingNames: string[];
  descriptors: string[];
  country?: string;
  mcc?: string;
  acquirer?: { name?: string; country?: string; bin?: string; ica?: string };
  merchantIds: { acquirerId?: string; mid?: string }[];
  websites: string[];
  emails: string[];
  phones: string[];
  hostingCountries: string[];
  registrationNumber?: string;
  taxId?: string;
  principals: {
    name?: string;
    countryOfResidence?: string;
    dateOfBirth?: string;
    nationalId?: string;
  }[];
}

export interface PackageObservable {
  type: string;
  value: string;
  algorithm?: string;
  event?: string;
  seenAt?: string;
  viewedByReporter?: boolean;
  publiclyAvailable?: boolean;
}

export interface PackageTransaction {
  date?: string;
  amount: string;
  currency: string;
  rail?: string;
  direction?: string;
  counterparty?: string;
}

export interface PackageReferral {
  reference: string;
  filer: string;
  category: string | null;
  indicators: string[];
  priority: string | null;
  observedFrom: string | null;
  observedTo: string | null;
  totalAmount: { value: string; currency: string } | null;
  narrative: string | null;
  merchant: PackageMerchant | null;
  observables: PackageObservable[];
  transactions: PackageTransaction[];
  submittedAt: string | null;
  /** The member's documents (v2 packages; none in v1). */
  documents: PackageDocument[];
}

export interface PackageDocument {
  id: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}

/** A coordinator's question to a filer, answered (v2 packages). */
export interface PackageAnswer {
  referralReference: string;
  question: string;
  askedAt: string | null;
  answer: string;
  answeredAt: string | null;
}

export interface CasePackageView {
  tlp: string;
  /** Permissible Actions Protocol; null in packages approved before it was recorded. */
  pap: string | null;
  caseReference: string;
  casePriority: string | null;
  dispatchReference: string;
  agencyName: string;
  rationale: string | null;
  approvedAt: string | null;
  merchantNames: string[];
  countries: string[];
  referrals: PackageReferral[];
  informationRequests: PackageAnswer[];
  /** The coalition staff who proposed and approved; null in v1 packages. */
  approval: { proposedBy: string; approvedBy: string } | null;
}

type Loose = Record<string, unknown>;

function obj(value: unknown): Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Loose)
    : {};
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function strs(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str).filter((v): v is string => v !== undefined) : [];
}

function list(value: unknown): Loose[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function merchantOf(value: unknown): PackageMerchant | null {
  if (typeof value !== 'object' || value === null) return null;
  const m = obj(value);
  const acquirer = obj(m.acquirer);
  return {
    legalName: str(m.legalName),
    tradingNames: strs(m.tradingNames),
    descriptors: strs(m.descriptors),
    country: str(m.country),
    mcc: str(m.mcc),
    acquirer:
      Object.keys(acquirer).length > 0
        ? {
            name: str(acquirer.name),
            country: str(acquirer.country),
            bin: str(acquirer.bin),
            ica: str(acquirer.ica),
          }
        : undefined,
    merchantIds: list(m.merchantIds).map((id) => ({
      acquirerId: str(id.acquirerId),
      mid: str(id.mid),
    })),
    websites: strs(m.websites),
    emails: strs(m.emails),
    phones: strs(m.phones),
    hostingCountries: strs(m.hostingCountries),
    registrationNumber: str(m.registrationNumber),
    taxId: str(m.taxId),
    principals: list(m.principals).map((p) => ({
      name: str(p.name),
      countryOfResidence: str(p.countryOfResidence),
      dateOfBirth: str(p.dateOfBirth),
      nationalId: str(p.nationalId),
    })),
  };
}

function referralOf(r: Loose): PackageReferral {
  const amount = obj(r.totalAmount);
  return {
    reference: str(r.reference) ?? '—',
    filer: str(r.filer) ?? 'coalition member',
    category: str(r.category) ?? null,
    indicators: strs(r.indicators),
    priority: str(r.priority) ?? null,
    observedFrom: str(r.observedFrom) ?? null,
    observedTo: str(r.observedTo) ?? null,
    totalAmount:
      str(amount.value) && str(amount.currency)
        ? { value: str(amount.value) as string, currency: str(amount.currency) as string }
        : null,
    narrative: str(r.narrative) ?? null,
    merchant: merchantOf(r.merchant),
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
      amount: str(t.amount) ?? '0',
      currency: str(t.currency) ?? '',
      rail: str(t.rail),
      direction: str(t.direction),
      counterparty: str(t.counterparty),
    })),
    submittedAt: str(r.submittedAt) ?? null,
    documents: list(r.documents)
      .map((d) => ({
        id: str(d.id) ?? '',
        filename: str(d.filename) ?? 'document',
        mediaType: str(d.mediaType) ?? '',
        sizeBytes: typeof d.sizeBytes === 'number' ? d.sizeBytes : 0,
        sha256: str(d.sha256) ?? '',
      }))
      .filter((d) => d.id !== ''),
  };
}

/** Read the stored package; `fallbackTlp` is the dispatch's own marking. */
export function readCasePackage(pkg: unknown, fallbackTlp: string): CasePackageView {
  const p = obj(pkg);
  const caseInfo = obj(p.case);
  const summary = obj(p.summary);
  const routing = obj(p.routing);
  return {
    tlp: str(p.tlp) ?? fallbackTlp,
    pap: str(p.pap) ?? null,
    caseReference: str(caseInfo.reference) ?? '—',
    casePriority: str(caseInfo.priority) ?? null,
    dispatchReference: str(obj(p.dispatch).reference) ?? '—',
    agencyName: str(obj(p.agency).name) ?? '—',
    rationale: str(routing.rationale) ?? null,
    approvedAt: str(p.approvedAt) ?? null,
    merchantNames: strs(summary.merchantNames),
    countries: strs(summary.countries),
    referrals: list(p.referrals).map(referralOf),
    informationRequests: list(p.informationRequests).map((q) => ({
      referralReference: str(q.referralReference) ?? '—',
      question: str(q.question) ?? '',
      askedAt: str(q.askedAt) ?? null,
      answer: str(q.answer) ?? '',
      answeredAt: str(q.answeredAt) ?? null,
    })),
    approval:
      typeof p.approval === 'object' && p.approval !== null
        ? {
            proposedBy: str(obj(p.approval).proposedBy) ?? '—',
            approvedBy: str(obj(p.approval).approvedBy) ?? '—',
          }
        : null,
  };
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

/** The merchant as every referral reported it, each value once. */
export interface MerchantOverview {
  legalNames: string[];
  tradingNames: string[];
  descriptors: string[];
  countries: string[];
  mccs: string[];
  websites: string[];
  emails: string[];
  phones: string[];
  hostingCountries: string[];
  registrationNumbers: string[];
  taxIds: string[];
  acquirers: string[];
  merchantIds: string[];
  principals: string[];
}

export function merchantOverview(referrals: PackageReferral[]): MerchantOverview {
  const ms = referrals.map((r) => r.merchant).filter((m): m is PackageMerchant => m !== null);
  return {
    legalNames: unique(ms.map((m) => m.legalName)),
    tradingNames: unique(ms.flatMap((m) => m.tradingNames)),
    descriptors: unique(ms.flatMap((m) => m.descriptors)),
    countries: unique(ms.map((m) => m.country)),
    mccs: unique(ms.map((m) => m.mcc)),
    websites: unique(ms.flatMap((m) => m.websites)),
    emails: unique(ms.flatMap((m) => m.emails)),
    phones: unique(ms.flatMap((m) => m.phones)),
    hostingCountries: unique(ms.flatMap((m) => m.hostingCountries)),
    registrationNumbers: unique(ms.map((m) => m.registrationNumber)),
    taxIds: unique(ms.map((m) => m.taxId)),
    acquirers: unique(
      ms.map((m) => {
        const a = m.acquirer;
        if (!a) return undefined;
        const ids = [a.bin ? `BIN ${a.bin}` : '', a.ica ? `ICA ${a.ica}` : '']
          .filter(Boolean)
          .join(', ');
        return [a.name, a.country ? `(${a.country})` : '', ids ? `· ${ids}` : '']
          .filter(Boolean)
          .join(' ');
      }),
    ),
    merchantIds: unique(
      ms.flatMap((m) =>
        m.merchantIds.map((id) =>
          [id.acquirerId ? `acquirer ${id.acquirerId}` : '', id.mid ? `MID ${id.mid}` : '']
            .filter(Boolean)
            .join(' · '),
        ),
      ),
    ),
    principals: unique(
      ms.flatMap((m) =>
        m.principals.map((p) =>
          [
            p.name,
            p.countryOfResidence ? `resides in ${p.countryOfResidence}` : '',
            p.dateOfBirth ? `born ${p.dateOfBirth}` : '',
            p.nationalId ? `national id ${p.nationalId}` : '',
          ]
            .filter(Boolean)
            .join(', '),
        ),
      ),
    ),
  };
}

/** Observables of every referral, grouped by type (in the order types first appear). */
export function observablesByType(
  referrals: PackageReferral[],
): [string, (PackageObservable & { referral: string })[]][] {
  const groups = new Map<string, (PackageObservable & { referral: string })[]>();
  for (const r of referrals) {
    for (const o of r.observables) {
      const group = groups.get(o.type) ?? [];
      group.push({ ...o, referral: r.reference });
      groups.set(o.type, group);
    }
  }
  return [...groups.entries()];
}

/** Transactions of every referral, with totals per currency and direction. */
export function transactionsWithTotals(referrals: PackageReferral[]): {
  rows: (PackageTransaction & { referral: string })[];
  totals: { currency: string; direction: string; count: number; sum: number }[];
} {
  const rows = referrals.flatMap((r) =>
    r.transactions.map((t) => ({ ...t, referral: r.reference })),
  );
  const totals = new Map<
    string,
    { currency: string; direction: string; count: number; sum: number }
  >();
  for (const t of rows) {
    const direction = t.direction ?? 'unknown';
    const key = `${t.currency}|${direction}`;
    const total = totals.get(key) ?? { currency: t.currency, direction, count: 0, sum: 0 };
    const value = Number(t.amount);
    total.count += 1;
    total.sum += Number.isFinite(value) ? value : 0;
    totals.set(key, total);
  }
  return {
    rows,
    totals: [...totals.values()].sort(
      (a, b) => a.currency.localeCompare(b.currency) || a.direction.localeCompare(b.direction),
    ),
  };
}

export { isRestrictedTlp, tlpMeaning } from '../../components/tlp';
