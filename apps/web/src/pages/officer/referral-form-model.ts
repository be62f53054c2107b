import type { Schemas } from '../../api/client';

/**
 * The referral form's state: what the person typed, as typed, and a stored
 * draft turned back into it. How the state becomes a request body is in
 * referral-form-body.ts; where the API's problems show, in
 * referral-form-problems.ts.
 */

type Referral = Schemas['ReferralResponse'];
export type ReferralBody = Schemas['CreateReferralDto'];

export type TriState = '' | 'yes' | 'no';

export interface ObservableRow {
  key: number;
  type: string;
  value: string;
  algorithm: string;
  event: string;
  /** `YYYY-MM-DDTHH:MM` from a datetime-local input, read as UTC. */
  seenAt: string;
  viewedByReporter: TriState;
  publiclyAvailable: TriState;
}

export interface TransactionRow {
  key: number;
  date: string;
  amount: string;
  currency: string;
  rail: string;
  direction: string;
  counterparty: string;
}

export interface MerchantIdRow {
  key: number;
  acquirerId: string;
  mid: string;
}

export interface PrincipalRow {
  key: number;
  name: string;
  countryOfResidence: string;
  dateOfBirth: string;
  nationalId: string;
  /** The masked national id on file (responses never carry it in clear). */
  nationalIdOnFile: string | null;
}

export interface MerchantState {
  legalName: string;
  tradingNames: string;
  descriptors: string;
  country: string;
  mcc: string;
  acquirerName: string;
  acquirerCountry: string;
  acquirerBin: string;
  acquirerIca: string;
  merchantIds: MerchantIdRow[];
  websites: string;
  hostingCountries: string;
  emails: string;
  phones: string;
  registrationNumber: string;
  taxId: string;
  /** The masked tax id on file. */
  taxIdOnFile: string | null;
  principals: PrincipalRow[];
}

export interface FormState {
  category: string;
  indicators: string[];
  priority: string;
  escalationReason: string;
  tlp: string;
  observedFrom: string;
  observedTo: string;
  totalValue: string;
  totalCurrency: string;
  narrative: string;
  merchant: MerchantState;
  observables: ObservableRow[];
  transactions: TransactionRow[];
  acknowledgeReportingDuty: boolean;
}

let nextKey = 1;
export const rowKey = () => nextKey++;

export const emptyObservable = (): ObservableRow => ({
  key: rowKey(),
  type: 'url',
  value: '',
  algorithm: '',
  event: '',
  seenAt: '',
  viewedByReporter: '',
  publiclyAvailable: '',
});

export const emptyTransaction = (): TransactionRow => ({
  key: rowKey(),
  date: '',
  amount: '',
  currency: '',
  rail: 'card',
  direction: '',
  counterparty: '',
});

export const emptyMerchantId = (): MerchantIdRow => ({ key: rowKey(), acquirerId: '', mid: '' });

export const emptyPrincipal = (): PrincipalRow => ({
  key: rowKey(),
  name: '',
  countryOfResidence: '',
  dateOfBirth: '',
  nationalId: '',
  nationalIdOnFile: null,
});

export function emptyForm(): FormState {
  return {
    category: '',
    indicators: [],
    priority: 'P3',
    escalationReason: '',
    tlp: 'AMBER+STRICT',
    observedFrom: '',
    observedTo: '',
    totalValue: '',
    totalCurrency: '',
    narrative: '',
    merchant: {
      legalName: '',
      tradingNames: '',
      descriptors: '',
      country: '',
      mcc: '',
      acquirerName: '',
      acquirerCountry: '',
      acquirerBin: '',
      acquirerIca: '',
      merchantIds: [],
      websites: '',
      hostingCountries: '',
      emails: '',
      phones: '',
      registrationNumber: '',
      taxId: '',
      taxIdOnFile: null,
      principals: [],
    },
    observables: [],
    transactions: [],
    acknowledgeReportingDuty: false,
  };
}

const tri = (value: boolean | null): TriState => (value === null ? '' : value ? 'yes' : 'no');

/** A stored draft as the form shows it. Masked values are kept aside, never put in inputs. */
export function formFromReferral(r: Referral): FormState {
  const m = r.merchant;
  const base = emptyForm();
  return {
    category: r.category ?? '',
    indicators: [...r.indicators],
    priority: r.priority,
    escalationReason: r.escalationReason ?? '',
    tlp: r.tlp,
    observedFrom: r.observedFrom ?? '',
    observedTo: r.observedTo ?? '',
    totalValue: r.totalAmount?.value ?? '',
    totalCurrency: r.totalAmount?.currency ?? '',
    narrative: r.narrative ?? '',
    merchant: m
      ? {
          legalName: m.legalName ?? '',
          tradingNames: m.tradingNames.join('\n'),
          descriptors: m.descriptors.join('\n'),
          country: m.country ?? '',
          mcc: m.mcc ?? '',
          acquirerName: m.acquirer?.name ?? '',
          acquirerCountry: m.acquirer?.country ?? '',
          acquirerBin: m.acquirer?.bin ?? '',
          acquirerIca: m.acquirer?.ica ?? '',
          merchantIds: m.merchantIds.map((id) => ({ key: rowKey(), ...id })),
          websites: m.websites.join('\n'),
          hostingCountries: m.hostingCountries.join(' '),
          emails: m.emails.join('\n'),
          phones: m.phones.join('\n'),
          registrationNumber: m.registrationNumber ?? '',
          taxId: '',
          taxIdOnFile: m.taxId,
          principals: m.principals.map((p) => ({
            key: rowKey(),
            name: p.name,
            countryOfResidence: p.countryOfResidence ?? '',
            dateOfBirth: p.dateOfBirth ?? '',
            nationalId: '',
            nationalIdOnFile: p.nationalId,
          })),
        }
      : base.merchant,
    observables: r.observables.map((o) => ({
      key: rowKey(),
      type: o.type,
      value: o.value,
      algorithm: o.algorithm ?? '',
      event: o.event ?? '',
      seenAt: o.seenAt ? o.seenAt.slice(0, 16) : '',
      viewedByReporter: tri(o.viewedByReporter),
      publiclyAvailable: tri(o.publiclyAvailable),
    })),
    transactions: r.transactions.map((t) => ({
      key: rowKey(),
      date: t.date,
      amount: t.amount,
      currency: t.currency,
      rail: t.rail,
      direction: t.direction,
      counterparty: t.counterparty ?? '',
    })),
    acknowledgeReportingDuty: r.acknowledgeReportingDuty,
  };
}

/** A random UUID (v4) for Idempotency-Key, also where crypto.randomUUID is unavailable. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
