import {
  CARD_NUMBER_MAX_DIGITS,
  CARD_NUMBER_MIN_DIGITS,
  cardBrand,
  findCardNumbers,
  MASKED_CARD_EXAMPLE,
} from './card-numbers';
import { decimalDigitValue } from './unicode-text';

/**
 * Checks the value of a `card` observable, which must be the masked form:
 * the first 6 digits, 3 to 9 asterisks, the last 4 digits, 13 to 19
 * characters in all (`411111******1111`). Returns null when acceptable, else
 * a message for the filer (it never repeats the value).
 */
export function maskedCardProblem(value: unknown): string | null {
  const expected = `must be a masked card number: the first 6 and last 4 digits with asterisks between, e.g. ${MASKED_CARD_EXAMPLE}`;
  if (typeof value !== 'string' || value.length === 0) {
    return expected;
  }
  if (findCardNumbers(value).length > 0 || digitsFormCardNumber(value)) {
    return `must not be a full card number; send only the first 6 and last 4 digits with asterisks between, e.g. ${MASKED_CARD_EXAMPLE}`;
  }
  if (value.length > 64) {
    return expected;
  }
  const match = /^([0-9]{6})(\*+)([0-9]{4})$/.exec(value);
  if (!match) {
    return expected;
  }
  if (value.length < CARD_NUMBER_MIN_DIGITS || value.length > CARD_NUMBER_MAX_DIGITS) {
    return `must be ${CARD_NUMBER_MIN_DIGITS} to ${CARD_NUMBER_MAX_DIGITS} characters long: the first 6 digits, 3 to 9 asterisks, the last 4 digits`;
  }
  return null;
}

/** Also refuses the digits of a full card number with letters in between (`4111a1111b1111c1111`). */
function digitsFormCardNumber(value: string): boolean {
  if (value.length > 64) {
    return false;
  }
  const digits = [...value]
    .map((char) => decimalDigitValue(char))
    .filter((digit) => digit !== null)
    .join('');
  return cardBrand(digits) !== null;
}
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Path segment used for an object key that itself holds a card number: the key is never echoed. */
export const REDACTED_KEY_SEGMENT = '[<redacted>]';

interface WalkItem {
  value: unknown;
  path: string;
  /** The item stands for an object key that holds a card number of this brand. */
  keyHit?: string;
}

function childPath(parent: string, key: string): WalkItem {
  const brand = findCardNumbers(key)[0]?.brand;
  if (brand !== undefined) {
    return { value: undefined, path: parent + REDACTED_KEY_SEGMENT, keyHit: brand };
  }
  if (IDENTIFIER.test(key)) {
    return { value: undefined, path: parent === '' ? key : `${parent}.${key}` };
  }
  return { value: undefined, path: `${parent}[${JSON.stringify(key)}]` };
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    const text = String(value);
    // Exponent notation (|n| >= 1e21 or tiny fractions) cannot carry a 13-19 digit card number.
    return /e/i.test(text) ? null : text;
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  return null;
}

/** Where a card number was found in a JSON value, and of which brand. */
export interface CardNumberLocation {
  /** `narrative`, `merchant.descriptors[0]`, `$` for a bare top-level value. */
  path: string;
  brand: string;
}

/**
 * Decides that the string at a path is a valid structured identifier (a
 * merchant id, a phone number...) rather than text to scan: such a value is
 * validated as what it is and, when also shaped like a card number, kept only
 * masked and hashed (card-shaped-identifiers.ts).
 */
export type IdentifierField = (path: string, value: string) => boolean;

/**
 * Every place in a parsed JSON value where a full card number appears: in
 * strings, in numbers (`4111111111111111`) and in object keys (reported as
 * `parent[<redacted>]` so the number is never echoed). In document order, each
 * path once. The walk is iterative, so deeply nested input cannot overflow the
 * stack; a value reached twice (not possible in parsed JSON) is visited once.
 *
 * A JSON number of more than 15-16 significant digits is already rounded by
 * JSON.parse, so a 17-19 digit card number sent as a bare number can only be
 * caught by also scanning the raw request body.
 */
export function locateCardNumbers(
  value: unknown,
  identifierField: IdentifierField = () => false,
): CardNumberLocation[] {
  const found = new Map<string, string>();
  const seen = new Set<object>();
  const stack: WalkItem[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop() as WalkItem;
    if (item.keyHit !== undefined) {
      if (!found.has(item.path)) found.set(item.path, item.keyHit);
      continue;
    }
    const text = scalarText(item.value);
    if (text !== null) {
      const path = item.path === '' ? '$' : item.path;
      const brand =
        typeof item.value === 'string' && identifierField(path, item.value)
          ? undefined
          : findCardNumbers(text)[0]?.brand;
      if (brand !== undefined && !found.has(path)) found.set(path, brand);
      continue;
    }
    if (typeof item.value !== 'object' || item.value === null || seen.has(item.value)) {
      continue;
    }
    seen.add(item.value);
    const children: WalkItem[] = [];
    if (Array.isArray(item.value)) {
      item.value.forEach((element: unknown, index) => {
        children.push({ value: element, path: `${item.path}[${index}]` });
      });
    } else {
      for (const [key, element] of Object.entries(item.value)) {
        const child = childPath(item.path, key);
        if (child.keyHit !== undefined) {
          children.push(child);
        }
        children.push({ value: element as unknown, path: child.path });
      }
    }
    for (let index = children.length - 1; index >= 0; index -= 1) {
      stack.push(children[index]);
    }
  }
  return [...found].map(([path, brand]) => ({ path, brand }));
}

/** The paths of locateCardNumbers, for callers that only need where. */
export function containsFullCardNumber(value: unknown): string[] {
  return locateCardNumbers(value).map((location) => location.path);
}
