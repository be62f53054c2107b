import { decimalDigitValue, stripFormatCharacters } from './unicode-text';

/**
 * Full card numbers (PANs) must never be held by the system (domain.md,
 * "Observable"; api.md: a full card number in any field of any request is
 * refused with 400). Members describe a card by its masked form only:
 * first 6 and last 4 digits, e.g. `411111******1111`.
 *
 * Detection rule (what counts as a full card number in free text):
 *
 * 1. Invisible format characters (zero-width space, soft hyphen...) are ignored,
 *    and a digit is any Unicode decimal digit (`4`, `４`, `٤`), so a number cannot
 *    slip through by being typed in full-width or another script.
 * 2. Digits form *groups*; groups joined by exactly ONE separator (a space of any
 *    kind, or a hyphen/dash) form a *chain*, the way people type card numbers
 *    (`4111 1111 1111 1111`, `4111-1111-1111-1111`, `3782 822463 10005`). Any
 *    other character (letters, `.`, `,`, `/`, `:`, new lines, two separators in a
 *    row) ends the chain.
 * 3. Every run of consecutive whole groups of a chain holding 13 to 19 digits in
 *    total is a candidate; a candidate that passes the Luhn check is a full card
 *    number. Groups are never split: a single unbroken group of more than 19
 *    digits is some longer identifier, not a card number.
 * 4. Shapes that are known not to be card numbers are removed before scanning,
 *    because their digit groups would otherwise pass Luhn by chance about one
 *    time in ten:
 *    - calendar dates written `YYYY-MM-DD` (ISO 8601);
 *    - canonical UUIDs (`8-4-4-4-12` hexadecimal);
 *    - IBANs, compact or in groups of four, that pass their own ISO 13616
 *      mod-97 check (an IBAN-shaped string failing mod-97 is scanned normally);
 *    - a candidate starting right after `+` with at most 15 digits, which is an
 *      international (E.164) phone number.
 *
 * Consequences: amounts (`1,234.56`), ISO dates, numbers of 12 digits or fewer
 * standing on their own, UUIDs and valid IBANs are never flagged; a Luhn-valid 13-19 digit number is flagged
 * wherever it appears, even inside a longer sentence, after a date or between
 * letters (`card4111111111111111`). Any 13-19 digit identifier that happens to
 * pass Luhn (about 1 in 10: some merchant ids, long phone numbers typed without
 * `+`) is flagged too; the filer is asked to rephrase. That is the intended side
 * of the trade-off: a false refusal costs the filer one edit, a missed card
 * number puts a PAN in the coalition's database. (Placeholders such as
 * `0000 0000 0000 0000` pass Luhn and are refused too.)
 */

export const CARD_NUMBER_MIN_DIGITS = 13;
export const CARD_NUMBER_MAX_DIGITS = 19;
/** E.164 numbers have at most 15 digits including the country code. */
const PHONE_MAX_DIGITS = 15;

export const MASKED_CARD_EXAMPLE = '411111******1111';

/**
 * The Luhn (mod 10) check over a string of ASCII digits. False for the empty
 * string and for anything that is not only ASCII digits.
 */
export function luhnValid(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) {
    return false;
  }
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index -= 1) {
    let value = digits.charCodeAt(index) - 0x30;
    if (double) {
      value *= 2;
      if (value > 9) {
        value -= 9;
      }
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}

const ISO_DATE =
  /(?<![0-9])(?:1[89]|2[0-9])[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?![0-9])/g;
const UUID =
  /(?<![0-9A-Za-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9A-Za-z])/gi;
const IBAN_COMPACT = /(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}(?![0-9A-Za-z])/gi;
const IBAN_GROUPED =
  /(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?: [0-9A-Z]{4}){2,7}(?: [0-9A-Z]{1,4})?(?![0-9A-Za-z])/gi;

/** ISO 13616: move the first four characters to the end, letters become 10..35, the number mod 97 is 1. */
function ibanChecksumValid(compact: string): boolean {
  if (compact.length < 15 || compact.length > 34) {
    return false;
  }
  const upper = compact.toUpperCase();
  const rearranged = upper.slice(4) + upper.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code <= 0x39 ? code - 0x30 : code - 0x41 + 10;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

/** The longest prefix of a grouped IBAN candidate, cut at a group boundary, that passes mod-97. */
function validGroupedIbanLength(candidate: string): number {
  let end = candidate.length;
  while (end > 0) {
    if (ibanChecksumValid(candidate.slice(0, end).replace(/ /g, ''))) {
      return end;
    }
    end = candidate.lastIndexOf(' ', end - 1);
  }
  return 0;
}

function blank(length: number): string {
  return '_'.repeat(length);
}

/** Replaces the known non-card shapes (rule 4) with filler that ends any digit chain. */
function maskKnownShapes(text: string): string {
  return text
    .replace(ISO_DATE, (match) => blank(match.length))
    .replace(UUID, (match) => blank(match.length))
    .replace(IBAN_GROUPED, (match) => {
      const length = validGroupedIbanLength(match);
      return blank(length) + match.slice(length);
    })
    .replace(IBAN_COMPACT, (match) => (ibanChecksumValid(match) ? blank(match.length) : match));
}

const SEPARATOR = /^[\p{Zs}\p{Pd}\u2212]$/u;
const PLUS_SIGNS = new Set(['+', '\uff0b']);

/** Reports every Luhn-valid run of 13-19 digits of one chain (rule 3). */
function collectFromChain(groups: string[], afterPlus: boolean, found: string[]): void {
  for (let first = 0; first < groups.length; first += 1) {
    let digits = '';
    for (let last = first; last < groups.length; last += 1) {
      digits += groups[last];
      if (digits.length > CARD_NUMBER_MAX_DIGITS) {
        break;
      }
      const looksLikePhone = afterPlus && first === 0 && digits.length <= PHONE_MAX_DIGITS;
      if (digits.length >= CARD_NUMBER_MIN_DIGITS && !looksLikePhone && luhnValid(digits)) {
        found.push(digits);
      }
    }
  }
}

/**
 * Every full card number in a text, as ASCII digits without separators, in
 * order of appearance (the detection rule is documented at the top of this
 * file). Runs in time linear in the length of the text. The result is for
 * deciding and counting only: never log or echo it.
 */
export function findFullCardNumbers(text: string): string[] {
  const found: string[] = [];
  if (typeof text !== 'string' || text.length === 0) {
    return found;
  }
  const prepared = maskKnownShapes(stripFormatCharacters(text));
  let groups: string[] = [];
  let group = '';
  let afterSeparator = false;
  let chainAfterPlus = false;
  let previous = '';

  const endChain = (): void => {
    if (group !== '') {
      groups.push(group);
      group = '';
    }
    if (groups.length > 0) {
      collectFromChain(groups, chainAfterPlus, found);
      groups = [];
    }
    afterSeparator = false;
  };

  for (const char of prepared) {
    const value = decimalDigitValue(char);
    if (value !== null) {
      if (group === '' && groups.length === 0) {
        chainAfterPlus = PLUS_SIGNS.has(previous);
      }
      group += String(value);
      afterSeparator = false;
    } else if (group !== '' && !afterSeparator && SEPARATOR.test(char)) {
      groups.push(group);
      group = '';
      afterSeparator = true;
    } else {
      endChain();
    }
    previous = char;
  }
  endChain();
  return found;
}

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
  if (findFullCardNumbers(value).length > 0 || containsLuhnValidDigitString(value)) {
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

/** Also refuses the digits of a full card number sent with other characters in between (`4111.1111.1111.1111`). */
function containsLuhnValidDigitString(value: string): boolean {
  if (value.length > 64) {
    return false;
  }
  const digits = [...value]
    .map((char) => decimalDigitValue(char))
    .filter((digit) => digit !== null)
    .join('');
  return (
    digits.length >= CARD_NUMBER_MIN_DIGITS &&
    digits.length <= CARD_NUMBER_MAX_DIGITS &&
    luhnValid(digits)
  );
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Path segment used for an object key that itself holds a card number: the key is never echoed. */
export const REDACTED_KEY_SEGMENT = '[<redacted>]';

interface WalkItem {
  value: unknown;
  path: string;
  /** The item stands for an object key that holds a card number. */
  keyHit?: boolean;
}

function childPath(parent: string, key: string): WalkItem {
  if (findFullCardNumbers(key).length > 0) {
    return { value: undefined, path: parent + REDACTED_KEY_SEGMENT, keyHit: true };
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

/**
 * The JSON paths (`narrative`, `merchant.descriptors[0]`, `observables[2].value`,
 * `$` for a bare top-level value) at which a full card number appears in a
 * parsed JSON value: in strings, in numbers (`4111111111111111`) and in object
 * keys (reported as `parent[<redacted>]` so the number is never echoed). Paths
 * are in document order, each once. The walk is iterative, so deeply nested
 * input cannot overflow the stack; a value reached twice (not possible in
 * parsed JSON) is visited once.
 *
 * A JSON number of more than 15-16 significant digits is already rounded by
 * JSON.parse, so a 17-19 digit card number sent as a bare number can only be
 * caught by also running findFullCardNumbers over the raw request body.
 */
export function containsFullCardNumber(value: unknown): string[] {
  const paths = new Set<string>();
  const seen = new Set<object>();
  const stack: WalkItem[] = [{ value, path: '' }];
  while (stack.length > 0) {
    const item = stack.pop() as WalkItem;
    if (item.keyHit) {
      paths.add(item.path);
      continue;
    }
    const text = scalarText(item.value);
    if (text !== null) {
      if (findFullCardNumbers(text).length > 0) {
        paths.add(item.path === '' ? '$' : item.path);
      }
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
        if (child.keyHit) {
          children.push(child);
        }
        children.push({ value: element as unknown, path: child.path });
      }
    }
    for (let index = children.length - 1; index >= 0; index -= 1) {
      stack.push(children[index]);
    }
  }
  return [...paths];
}
