/**
 * Amounts as people type them, in their own locale: "1,200.50", "1.200,50",
 * "1 200,50", "1'200.50", "1,20,000.50", "1200", "1200.5". Each becomes the
 * API's decimal string ("1200.50"); an entry that could mean two amounts, or
 * none, is refused with a message saying why (the caller names the field).
 */

export type AmountReading =
  { kind: 'empty' } | { kind: 'amount'; value: string } | { kind: 'refused'; problem: string };

/** Spaces of every width and apostrophes only ever group digits. */
const GROUPING_ONLY = /[\s\u00a0\u202f\u2009'’]/;
const SEPARATOR = /[\s\u00a0\u202f\u2009'’.,]/;

/** The decimal separator of a locale (`.` for en-GB, `,` for de-DE and fr-FR). */
export function decimalSeparator(locale: string): string {
  try {
    const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal');
    return part?.value ?? '.';
  } catch {
    return '.';
  }
}

/** Thousands (1,234,567) or the Indian lakh and crore grouping (12,34,567). */
function groupsValid(groups: string[]): boolean {
  if (groups.length === 1) return true;
  const [first, ...rest] = groups;
  const last = rest[rest.length - 1];
  if (!/^[0-9]{1,3}$/.test(first) || first.startsWith('0') || last.length !== 3) return false;
  const middle = rest.slice(0, -1);
  return (
    middle.every((g) => g.length === 3) ||
    (first.length <= 2 && middle.every((g) => g.length === 2))
  );
}

const EXAMPLE = 'e.g. 1200.50 or 1,200.50';

/** Reads an amount typed in `locale`. Pure: the same text and locale always read the same. */
export function readAmount(text: string, locale: string): AmountReading {
  const typed = text.trim();
  if (typed === '') return { kind: 'empty' };
  if (typed.startsWith('-')) return { kind: 'refused', problem: 'must be greater than 0' };
  if (
    !/^[0-9]/.test(typed) ||
    !/[0-9]$/.test(typed) ||
    /[^0-9\s\u00a0\u202f\u2009'’.,]/.test(typed)
  ) {
    return {
      kind: 'refused',
      problem: `must be a number, with at most 2 decimals (${EXAMPLE}); no currency signs or letters`,
    };
  }
  // Digit runs and the single characters between them.
  const runs = typed.split(SEPARATOR);
  const separators = [...typed].filter((c) => SEPARATOR.test(c));
  if (runs.some((r) => r === '')) {
    return { kind: 'refused', problem: `has two separators in a row; write it as ${EXAMPLE}` };
  }
  const marks = separators.filter((s) => !GROUPING_ONLY.test(s));
  const kinds = [...new Set(marks)];
  let decimalAt = -1; // index in `separators` of the decimal separator, if any
  const lastIndex = separators.length - 1;
  if (kinds.length === 2) {
    const last = separators[lastIndex];
    if (GROUPING_ONLY.test(last) || marks.filter((m) => m === last).length !== 1) {
      return {
        kind: 'refused',
        problem: `mixes “.” and “,” in a way that is unclear; write it as ${EXAMPLE}`,
      };
    }
    decimalAt = lastIndex;
  } else if (kinds.length === 1) {
    const mark = kinds[0];
    const count = marks.length;
    const at = separators.lastIndexOf(mark);
    const after = runs[at + 1];
    if (count === 1 && at === lastIndex) {
      const groupingPossible = after.length === 3 && groupsValid(runs.slice(0, at + 2));
      if (!groupingPossible) decimalAt = at;
      else if (mark === decimalSeparator(locale)) {
        const whole = runs.join('');
        return {
          kind: 'refused',
          problem: `is unclear: “${typed}” could mean ${Number(whole)} or ${runs.slice(0, -1).join('')}.${after.replace(/0+$/, '') || '0'}; write it without a thousands separator or with 2 decimals`,
        };
      }
    }
  }
  const integerRuns = decimalAt === -1 ? runs : runs.slice(0, decimalAt + 1);
  const decimals = decimalAt === -1 ? '' : runs[decimalAt + 1];
  const groupingMarks = new Set(
    separators
      .slice(0, decimalAt === -1 ? separators.length : decimalAt)
      .map((s) => (GROUPING_ONLY.test(s) ? ' ' : s)),
  );
  if (groupingMarks.size > 1 || !groupsValid(integerRuns)) {
    return {
      kind: 'refused',
      problem: `has digits grouped in an unexpected way; write it as ${EXAMPLE}`,
    };
  }
  if (decimals.length > 2) return { kind: 'refused', problem: 'must have at most 2 decimals' };
  const integer = integerRuns.join('').replace(/^0+(?=[0-9])/, '');
  const value = `${integer}.${decimals.padEnd(2, '0')}`;
  if (/^0\.00$/.test(value)) return { kind: 'refused', problem: 'must be greater than 0' };
  return { kind: 'amount', value };
}

/** What goes in the request body: the API's decimal string, or the text as typed when unreadable. */
export function amountForBody(text: string, locale: string): string | undefined {
  const reading = readAmount(text, locale);
  if (reading.kind === 'empty') return undefined;
  return reading.kind === 'amount' ? reading.value : text.trim();
}

/** An API decimal string shown in `locale`, with its currency when it is a known code. */
export function showAmount(value: string, currency: string | undefined, locale: string): string {
  const number = Number(value);
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(value) || !Number.isFinite(number)) return value;
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(number);
    } catch {
      // Not a currency Intl knows: the number with the code after it.
    }
  }
  const shown = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(number);
  return currency ? `${shown} ${currency}` : shown;
}

/** The locale amounts are read and shown in: the browser's. */
export function userLocale(): string {
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-GB';
}
