import type { Schemas } from '../../api/client';
import type { FieldProblem } from '../../api/problem';

/**
 * The referral form's state, and how it becomes a request body. The form
 * holds what the person typed, as typed; the API checks it (POST
 * /referrals/validation) and the form shows the API's messages. Nothing here
 * decides whether a value is valid: blank inputs are left out (so the API
 * says "is required" where a value is required), everything else is sent.
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

/** A typed value, or undefined when nothing (or only spaces) was typed. */
const given = (value: string): string | undefined => (value.trim() === '' ? undefined : value);
const lines = (value: string): string[] =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
const words = (value: string): string[] => value.split(/[\s,;]+/).filter((word) => word !== '');
const yesNo = (value: TriState): boolean | undefined =>
  value === '' ? undefined : value === 'yes';

/**
 * The request body for the form as it stands (create, validation, and the
 * source of PATCH). `null` clears the optional dates, the escalation reason
 * and the total amount; the acknowledgement is sent only when ticked (the
 * API accepts only `true`).
 */
export function bodyFromForm(state: FormState): Record<string, unknown> {
  const m = state.merchant;
  const anyAcquirer = [m.acquirerName, m.acquirerCountry, m.acquirerBin, m.acquirerIca].some(
    (v) => v.trim() !== '',
  );
  const hasTotal = state.totalValue.trim() !== '' || state.totalCurrency.trim() !== '';
  return {
    category: given(state.category),
    indicators: state.indicators,
    priority: state.priority,
    escalationReason: state.priority === 'P1' ? given(state.escalationReason) : null,
    tlp: state.tlp,
    observedFrom: given(state.observedFrom) ?? null,
    observedTo: given(state.observedTo) ?? null,
    totalAmount: hasTotal
      ? { value: given(state.totalValue), currency: given(state.totalCurrency) }
      : null,
    narrative: given(state.narrative),
    merchant: {
      legalName: given(m.legalName),
      tradingNames: lines(m.tradingNames),
      descriptors: lines(m.descriptors),
      country: given(m.country),
      mcc: given(m.mcc),
      acquirer: anyAcquirer
        ? {
            name: given(m.acquirerName),
            country: given(m.acquirerCountry),
            bin: given(m.acquirerBin),
            ica: given(m.acquirerIca),
          }
        : undefined,
      merchantIds: m.merchantIds.map((row) => ({
        acquirerId: given(row.acquirerId),
        mid: given(row.mid),
      })),
      websites: lines(m.websites),
      hostingCountries: words(m.hostingCountries),
      emails: lines(m.emails),
      phones: lines(m.phones),
      registrationNumber: given(m.registrationNumber),
      taxId: given(m.taxId),
      principals: m.principals.map((p) => ({
        name: given(p.name),
        countryOfResidence: given(p.countryOfResidence),
        dateOfBirth: given(p.dateOfBirth),
        nationalId: given(p.nationalId),
      })),
    },
    observables: state.observables.map((o) => ({
      type: o.type,
      value: given(o.value),
      algorithm: o.type === 'file_hash' ? given(o.algorithm) : undefined,
      event: o.type === 'ip' ? given(o.event) : undefined,
      seenAt: given(o.seenAt) ? `${o.seenAt}Z` : undefined,
      viewedByReporter: yesNo(o.viewedByReporter),
      publiclyAvailable: yesNo(o.publiclyAvailable),
    })),
    transactions: state.transactions.map((t) => ({
      date: given(t.date),
      amount: given(t.amount),
      currency: given(t.currency),
      rail: given(t.rail),
      direction: given(t.direction),
      counterparty: given(t.counterparty),
    })),
    acknowledgeReportingDuty: state.acknowledgeReportingDuty ? true : undefined,
  };
}

/** Fields PATCH must carry together: rules between them apply within one request. */
const TOGETHER: string[][] = [
  ['priority', 'escalationReason'],
  ['observedFrom', 'observedTo'],
];

/**
 * The PATCH body: the top-level fields that differ from what was last saved
 * (each replaces the stored one as a whole). Leaving unchanged fields out
 * keeps what the form cannot send back, such as a tax id on file.
 */
export function changedFields(
  body: Record<string, unknown>,
  saved: Record<string, unknown>,
): Record<string, unknown> {
  const changed = new Set(
    Object.keys(body).filter((k) => JSON.stringify(body[k]) !== JSON.stringify(saved[k])),
  );
  for (const group of TOGETHER) {
    if (group.some((k) => changed.has(k))) group.forEach((k) => changed.add(k));
  }
  const out: Record<string, unknown> = {};
  for (const k of changed) {
    // The API takes only `true`; an untick cannot be saved, and is checked again at submit.
    if (k === 'acknowledgeReportingDuty' && body[k] === undefined) continue;
    // A draft's narrative and category can be changed but not emptied.
    if (body[k] === undefined) continue;
    out[k] = body[k];
  }
  return out;
}

/** An API field path in dot form: `observables[2].value` → `observables.2.value`. */
export function dotPath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\["([^"]*)"\]/g, '.$1')
    .replace(/^\./, '');
}

/** Lists of plain strings: the API names the list (the index is in its message). */
const LIST_FIELDS = [
  'indicators',
  'merchant.tradingNames',
  'merchant.descriptors',
  'merchant.websites',
  'merchant.hostingCountries',
  'merchant.emails',
  'merchant.phones',
];

/** Every field the form shows, by its dot path; problems elsewhere go in the summary. */
export function fieldPaths(state: FormState): Set<string> {
  const paths = [
    'category',
    ...LIST_FIELDS,
    'priority',
    'escalationReason',
    'tlp',
    'observedFrom',
    'observedTo',
    'totalAmount.value',
    'totalAmount.currency',
    'narrative',
    'acknowledgeReportingDuty',
    'merchant.legalName',
    'merchant.country',
    'merchant.mcc',
    'merchant.acquirer.name',
    'merchant.acquirer.country',
    'merchant.acquirer.bin',
    'merchant.acquirer.ica',
    'merchant.registrationNumber',
    'merchant.taxId',
  ];
  state.merchant.merchantIds.forEach((_, i) =>
    paths.push(`merchant.merchantIds.${i}.acquirerId`, `merchant.merchantIds.${i}.mid`),
  );
  state.merchant.principals.forEach((_, i) =>
    ['name', 'countryOfResidence', 'dateOfBirth', 'nationalId'].forEach((f) =>
      paths.push(`merchant.principals.${i}.${f}`),
    ),
  );
  state.observables.forEach((_, i) =>
    [
      'type',
      'value',
      'algorithm',
      'event',
      'seenAt',
      'viewedByReporter',
      'publiclyAvailable',
    ].forEach((f) => paths.push(`observables.${i}.${f}`)),
  );
  state.transactions.forEach((_, i) =>
    ['date', 'amount', 'currency', 'rail', 'direction', 'counterparty'].forEach((f) =>
      paths.push(`transactions.${i}.${f}`),
    ),
  );
  return new Set(paths);
}

/** The form field a problem belongs to, or null when the form has no such field. */
export function fieldOf(path: string, shown: Set<string>): string | null {
  const dot = dotPath(path);
  if (shown.has(dot)) return dot;
  const list = LIST_FIELDS.find((f) => dot.startsWith(`${f}.`));
  return list ?? null;
}

/** Problems grouped by form field, and those no field shows. */
export function placeProblems(
  problems: FieldProblem[],
  state: FormState,
): { byField: Map<string, string[]>; unplaced: FieldProblem[] } {
  const shown = fieldPaths(state);
  const byField = new Map<string, string[]>();
  const unplaced: FieldProblem[] = [];
  for (const problem of problems) {
    const field = fieldOf(problem.field, shown);
    if (field === null) unplaced.push(problem);
    else byField.set(field, [...(byField.get(field) ?? []), ...problem.messages]);
  }
  return { byField, unplaced };
}

/** Which section of the form a field is in (for the section index and its counts). */
export function sectionOf(field: string): SectionId {
  if (field.startsWith('merchant')) return 'merchant';
  if (field.startsWith('observables')) return 'observables';
  if (field.startsWith('transactions')) return 'transactions';
  if (field === 'acknowledgeReportingDuty') return 'review';
  return 'narrative';
}

export type SectionId =
  'merchant' | 'observables' | 'transactions' | 'narrative' | 'attachments' | 'review';

export const SECTIONS: [SectionId, string][] = [
  ['merchant', 'Merchant'],
  ['observables', 'Observables'],
  ['transactions', 'Transactions'],
  ['narrative', 'About the activity'],
  ['attachments', 'Attachments'],
  ['review', 'Review & submit'],
];

/** A random UUID (v4) for Idempotency-Key, also where crypto.randomUUID is unavailable. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
