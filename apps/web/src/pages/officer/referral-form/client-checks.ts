import type { FieldProblem } from '../../../api/problem';
import type { FormState } from '../referral-form-model';
import { stepOf, type StepId } from '../referral-form-problems';
import { readAmount } from './amounts';
import { isCountryCode } from './countries';

/**
 * What the console checks itself, before asking the API: values only the
 * console can read (amounts typed in the person's locale, countries typed but
 * not chosen), and the obvious gaps of a step (a required field left empty).
 * Everything else is the API's to say (POST /referrals/validation).
 */

const REQUIRED = 'is required before the referral can be submitted';
const CHOOSE_COUNTRY =
  'is not a country from the list: type its name or its two-letter code and choose it';

/** Problems with values the console reads itself; shown instead of the API's for those fields. */
export function valueProblems(state: FormState, locale: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const amount = (field: string, label: string, text: string) => {
    const reading = readAmount(text, locale);
    if (reading.kind === 'refused')
      problems.push({ field, messages: [`${label} ${reading.problem}`] });
  };
  const country = (field: string, label: string, value: string) => {
    if (value.trim() !== '' && !isCountryCode(value)) {
      problems.push({ field, messages: [`${label} ${CHOOSE_COUNTRY}`] });
    }
  };
  const m = state.merchant;
  country('merchant.country', 'Country of registration', m.country);
  country('merchant.acquirer.country', 'Acquirer country', m.acquirerCountry);
  m.principals.forEach((p, i) =>
    country(
      `merchant.principals.${i}.countryOfResidence`,
      `Country of residence (principal ${i + 1})`,
      p.countryOfResidence,
    ),
  );
  amount('totalAmount.value', 'Total amount', state.totalValue);
  state.transactions.forEach((t, i) =>
    amount(`transactions.${i}.amount`, `Amount (transaction ${i + 1})`, t.amount),
  );
  return problems;
}

/** Required fields of a step left empty: said at once, without a round trip. */
export function gapsOf(step: StepId, state: FormState): FieldProblem[] {
  const gaps: FieldProblem[] = [];
  const need = (field: string, label: string, value: string) => {
    if (value.trim() === '') gaps.push({ field, messages: [`${label} ${REQUIRED}`] });
  };
  if (step === 'merchant') {
    need('merchant.legalName', 'Legal name', state.merchant.legalName);
    need('merchant.country', 'Country of registration', state.merchant.country);
  }
  if (step === 'evidence') {
    state.observables.forEach((o, i) =>
      need(`observables.${i}.value`, `Value (observable ${i + 1})`, o.value),
    );
  }
  if (step === 'transactions') {
    state.transactions.forEach((t, i) => {
      need(`transactions.${i}.date`, `Date (transaction ${i + 1})`, t.date);
      need(`transactions.${i}.amount`, `Amount (transaction ${i + 1})`, t.amount);
      need(`transactions.${i}.currency`, `Currency (transaction ${i + 1})`, t.currency);
    });
  }
  if (step === 'narrative') {
    need('category', 'Category', state.category);
    if (state.indicators.length === 0) {
      gaps.push({
        field: 'indicators',
        messages: ['Choose at least one red-flag indicator before the referral can be submitted'],
      });
    }
    if (state.priority === 'P1')
      need('escalationReason', 'Escalation reason', state.escalationReason);
    need('narrative', 'Narrative', state.narrative);
  }
  return gaps;
}

/**
 * The API's problems with the console's own in place of the API's for the
 * same fields (the API would only say that the text as typed is not an amount).
 */
export function mergeProblems(api: FieldProblem[], own: FieldProblem[]): FieldProblem[] {
  const ownFields = new Set(own.map((p) => p.field));
  const dot = (f: string) => f.replace(/\[(\d+)\]/g, '.$1');
  return [...own, ...api.filter((p) => !ownFields.has(dot(p.field)))];
}

/** The problems that keep a step from being left forward. */
export function problemsOfStep(step: StepId, problems: FieldProblem[]): FieldProblem[] {
  return problems.filter((p) => stepOf(p.field.replace(/\[(\d+)\]/g, '.$1')) === step);
}
