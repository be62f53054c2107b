import type { FieldProblem } from '../../api/problem';
import type { FormState } from './referral-form-model';

/** Where the API's problems show: under a field, in the step's summary, and on the review. */

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

export type StepId = 'merchant' | 'evidence' | 'transactions' | 'narrative' | 'review';

/** The form's steps, in order, with their headings. */
export const STEPS: { id: StepId; title: string }[] = [
  { id: 'merchant', title: 'Merchant' },
  { id: 'evidence', title: 'Evidence' },
  { id: 'transactions', title: 'Transactions' },
  { id: 'narrative', title: 'Narrative' },
  { id: 'review', title: 'Review and submit' },
];

export function isStepId(value: string | null): value is StepId {
  return STEPS.some((s) => s.id === value);
}

/** The step a field is on; problems with fields the form does not show belong to the review. */
export function stepOf(field: string): StepId {
  if (field.startsWith('merchant')) return 'merchant';
  if (field.startsWith('observables')) return 'evidence';
  if (
    field.startsWith('transactions') ||
    field.startsWith('totalAmount') ||
    field === 'observedFrom' ||
    field === 'observedTo'
  ) {
    return 'transactions';
  }
  if (
    ['category', 'indicators', 'priority', 'escalationReason', 'tlp', 'narrative'].includes(field)
  ) {
    return 'narrative';
  }
  return 'review';
}
