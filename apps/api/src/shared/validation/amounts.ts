import { Check } from './checks';

/** Upper bound of any amount (one trillion in the currency's major unit). */
export const MAX_AMOUNT = '1000000000000.00';
const AMOUNT = /^([0-9]{1,20})(?:\.([0-9]{1,2}))?$/;
/** The longest amount string accepted: 20 digits (leading zeros allowed), `.` and 2 decimals. */
export const MAX_AMOUNT_INPUT_LENGTH = 20 + 1 + 2;

/**
 * The canonical form of an amount sent as a JSON number or a decimal string
 * (digits, optionally `.` and one or two decimals; no sign, exponent, spaces
 * or thousands separators): integer part without leading zeros, `.`, exactly
 * two decimals. Null when the input is not such an amount. Range is not checked.
 */
export function canonicalAmount(value: unknown): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value); // exponent notation and more than 2 decimals fail the pattern
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const match = AMOUNT.exec(text);
  if (!match) return null;
  const integer = match[1].replace(/^0+(?=[0-9])/, '');
  return `${integer}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** Greater than 0, at most MAX_AMOUNT, at most 2 decimals. */
export function amountProblem(value: unknown): string | null {
  const canonical = canonicalAmount(value);
  const expected = `must be an amount greater than 0 and at most ${MAX_AMOUNT.slice(0, -3)}, with at most 2 decimals, e.g. 1250.00`;
  if (canonical === null || canonical === '0.00') return expected;
  const tooLarge =
    canonical.length > MAX_AMOUNT.length ||
    (canonical.length === MAX_AMOUNT.length && canonical > MAX_AMOUNT);
  return tooLarge ? expected : null;
}

export const IsReferralAmount = () => Check('isReferralAmount', amountProblem);
