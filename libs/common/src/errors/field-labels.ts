import type { FieldProblem } from './problem';

/**
 * Field names in the words of the people who fill them in. A refusal keeps
 * the machine pointer in `field` (`merchant.websites`) and names the field by
 * its label in the message ("Website 1 must be a web address…"), so a
 * compliance officer can act on it and a client can still place it.
 *
 * Labels are looked up by the end of the field's path without list indexes,
 * longest first (`acquirer.country` before `country`); a property no entry
 * names is spelled out from its camelCase name (`registrationNumber` →
 * "Registration number"). An entry is `[label, item label]` when the field is
 * a list whose items are named one by one ("Website 2").
 */
export const FIELD_LABELS: Readonly<Record<string, string | readonly [string, string]>> = {
  legalName: 'Legal name',
  tradingNames: ['Trading names', 'Trading name'],
  id: 'ID',
  code: 'Jurisdiction code',
  country: 'Country',
  'acquirer.country': 'Acquirer’s country',
  'acquirer.name': 'Acquirer’s name',
  countryOfResidence: 'Country of residence',
  hostingCountries: ['Hosting countries', 'Hosting country'],
  websites: ['Websites', 'Website'],
  emails: ['E-mail addresses', 'E-mail address'],
  phones: ['Phone numbers', 'Phone number'],
  descriptors: ['Billing descriptors', 'Billing descriptor'],
  merchantIds: ['Merchant IDs', 'Merchant ID'],
  mcc: 'Merchant category code (MCC)',
  mid: 'Merchant ID (MID)',
  'merchantIds.mid': 'MID',
  acquirerId: 'Acquirer ID',
  bin: 'Card BIN',
  ica: 'ICA number',
  taxId: 'Tax ID',
  nationalId: 'National ID',
  principals: ['Principals', 'Principal'],
  principalName: 'Principal’s name',
  observables: ['Observables', 'Observable'],
  transactions: ['Transactions', 'Transaction'],
  indicators: ['Indicators', 'Indicator'],
  tlp: 'TLP marking',
  pap: 'PAP marking',
  tlpDowngradeReason: 'Reason for the lower marking',
  narrative: 'Narrative',
  category: 'Category',
  priority: 'Priority',
  'amount.value': 'Amount',
  'amount.currency': 'Currency',
  'totalAmount.value': 'Total amount',
  'totalAmount.currency': 'Currency of the total',
  rail: 'Payment rail',
  direction: 'Direction',
  observedFrom: 'Observed from',
  observedTo: 'Observed to',
  occurredAt: 'Date of the transaction',
  dateOfBirth: 'Date of birth',
  viewedByReporter: 'Viewed by the reporter',
  acknowledgeReportingDuty: 'Acknowledgement of the reporting duty',
  contactEmail: 'Contact e-mail',
  contactPhone: 'Contact phone',
  coverage: ['Countries covered', 'Country covered'],
  emailDomains: ['E-mail domains', 'E-mail domain'],
  webhookUrl: 'Webhook address',
  leCaseNumber: 'Agency case number',
  agencyCaseNumber: 'Agency case number',
  namedLiaisons: ['Named liaisons', 'Named liaison'],
  agencyIds: ['Agencies', 'Agency'],
  agencyId: 'Agency',
  organizationId: 'Organization',
  liaisonIds: ['Liaisons', 'Liaison'],
  displayName: 'Name',
  email: 'E-mail address',
  otp: 'One-time code',
  currentPassword: 'Current password',
  newPassword: 'New password',
};

const INDEX = /\[(\d+)\]/g;

/** "registrationNumber" → "Registration number". */
function spelledOut(property: string): string {
  const words = property
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The entry of `key`, own properties only: a field is named by the client
 * (`constructor`, `hasOwnProperty`), and must never reach Object.prototype.
 */
function ownEntry(key: string): string | readonly [string, string] | undefined {
  return Object.hasOwn(FIELD_LABELS, key) ? FIELD_LABELS[key] : undefined;
}

function entryFor(names: string[]): readonly [string, string] {
  for (let start = 0; start < names.length; start += 1) {
    const entry = ownEntry(names.slice(start).join('.'));
    if (entry !== undefined) return typeof entry === 'string' ? [entry, entry] : entry;
  }
  const last = spelledOut(names[names.length - 1] ?? 'field');
  return [last, last.replace(/ies$/, 'y').replace(/([^s])s$/, '$1')];
}

/** "URL" stays, "Country" becomes "country" inside a sentence. */
function inSentence(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

/**
 * The label of a field path: `merchant.websites[0]` → "Website 1",
 * `observables[2].value` → "Observable 3 value", `merchant.country` → "Country".
 */
export function fieldLabel(path: string): string {
  const segments = path.split('.').filter(Boolean);
  let label = '';
  const names: string[] = [];
  segments.forEach((segment, i) => {
    const name = segment.replace(INDEX, '');
    names.push(name);
    const indexes = [...segment.matchAll(INDEX)].map((m) => Number(m[1]) + 1);
    const [whole, item] = entryFor(names);
    const isLast = i === segments.length - 1;
    if (indexes.length > 0) {
      label = `${item} ${indexes.join('.')}`;
    } else if (isLast) {
      label = label && /\d$/.test(label) ? `${label} ${inSentence(whole)}` : whole;
    }
  });
  return label || spelledOut(path);
}

/** A message that is the rest of a sentence about the field ("must be…", "is required"). */
const SENTENCE_TAIL =
  /^(must|is|are|has|have|should|may|cannot|can|does|do|was|were|needs|contains|exceeds|repeats)\b/;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One message in words: the raw property name a rule wrote (`websites[0]`,
 * `country must…`) becomes the field's label, and a bare "must …" or
 * "is required" gets the label in front.
 */
export function labelledMessage(field: string, message: string): string {
  const property = (field.split('.').pop() ?? field).replace(INDEX, '');
  const parent = field.slice(0, field.length - (field.split('.').pop() ?? '').length);
  const label = fieldLabel(field);
  const item = (index: string) => fieldLabel(`${parent}${property}[${index}]`);
  const text = message
    .split(field)
    .join(/[.[]/.test(field) ? label : field)
    .replace(/\b([a-z]\w*)\[(\d+)\]/g, (whole, word: string, index: string) => {
      if (word === property) return item(index);
      const entry = ownEntry(word);
      if (entry === undefined) return whole;
      return `${typeof entry === 'string' ? entry : entry[1]} ${Number(index) + 1}`;
    })
    .replace(
      new RegExp(`\\beach ${escape(property)} entry\\b`, 'g'),
      `each ${inSentence(entryFor([property])[1])}`,
    )
    .replace(/\b[a-z]+[A-Z]\w*\b/g, (word) => {
      const entry = word === property ? undefined : ownEntry(word);
      return entry === undefined ? word : inSentence(typeof entry === 'string' ? entry : entry[0]);
    });
  if (text.startsWith(`${property} `)) return `${label}${text.slice(property.length)}`;
  if (text.startsWith('each ')) return `E${text.slice(1)}`;
  return SENTENCE_TAIL.test(text) ? `${label} ${text}` : text;
}

/** Every message of every field problem in words, the pointers unchanged. */
export function labelledProblems(problems: FieldProblem[]): FieldProblem[] {
  return problems.map((p) => ({
    field: p.field,
    messages: p.messages.map((m) => labelledMessage(p.field, m)),
  }));
}
