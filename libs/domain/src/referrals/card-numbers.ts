import { isValidIBAN } from 'ibantools';
import { isValidPhoneNumber } from 'libphonenumber-js/max';
import {
  cardBrand,
  CARD_NUMBER_MAX_DIGITS,
  CARD_NUMBER_MIN_DIGITS,
  luhnValid,
} from './card-brands';
import { stripFormatCharacters, toAsciiDigits } from './unicode-text';

export {
  CARD_NUMBER_MAX_DIGITS,
  CARD_NUMBER_MIN_DIGITS,
  cardBrand,
  cardBrandRanges,
  luhnValid,
} from './card-brands';

/**
 * Full card numbers (PANs) must never be held by the system (domain.md,
 * "Observable"; api.md: a full card number in any field of any request is
 * refused with 400). Members describe a card by its masked form only:
 * first 6 and last 4 digits, e.g. `411111******1111`.
 *
 * Detection rule (what counts as a full card number in text), the one
 * payment-industry data-discovery tools use:
 *
 * 1. Invisible format characters (zero-width space, soft hyphen...) are ignored,
 *    and a digit is any Unicode decimal digit (`4`, `４`, `٤`).
 * 2. Digits form *groups*. Groups joined by any run of characters that are
 *    neither letters nor digits (spaces, several spaces, tabs, new lines, `.`,
 *    `/`, `_`, ` - `, `,`, `*`...) form a *chain*: a number can be spelled
 *    across lines or with any punctuation between its digits. A letter ends
 *    the chain. Within one number the separators use at most one punctuation
 *    mark, with any white space around it (`4111.1111.1111.1111`,
 *    `4111 - 1111 -\n1111 - 1111`): table fields or a date beside an amount
 *    (`15/03/2024, 1.234,56`) mix several and are not read as one number.
 * 3. Every run of consecutive whole groups of a chain holding 13 to 19 digits
 *    is a candidate. A candidate is a card number when it passes Luhn AND its
 *    first digits and length belong to a real card brand (card-brands.ts).
 *    Digit runs without a brand prefix (`0044...`, `9...`, most references)
 *    are not card numbers. Groups are never split: one unbroken group of more
 *    than 19 digits is some longer identifier.
 * 4. Shapes that are something else are recognised first, because a window of
 *    their digits could otherwise pass by chance:
 *    - ISO 8601 dates (`2024-01-15`) and canonical UUIDs;
 *    - IBANs, compact or grouped, that pass ISO 13616 mod-97 (ibantools);
 *    - international phone numbers (`+44 20 7946 0958`, `0044 20 7946 0958`)
 *      that libphonenumber's full metadata finds valid: the longest run of
 *      whole groups after the `+` or `00` forming one;
 *    - acquirer reference numbers written in groups (1-6-4-11-1 or fours)
 *      with a valid Julian day and the ARN's own mod-10 check digit (an
 *      unbroken 23-digit ARN is one group, longer than any card number).
 *    A candidate lying within one of these is not reported.
 *
 * Residual risk (docs/referrals.md): a sender who mixes several punctuation
 * marks inside one number, pads it into a valid 23-digit ARN, or finds a valid
 * phone number that begins with it, gets it past the scan; 12-digit Maestro
 * numbers are below the 13-digit floor of the hard rule.
 */

export const MASKED_CARD_EXAMPLE = '411111******1111';

/** A card number found in a text: its digits (never to be logged or echoed) and brand. */
export interface CardNumberFinding {
  digits: string;
  brand: string;
}

const ARN_DIGITS = 23;
const PHONE_MAX_DIGITS = 15;
const FILLER = 'X';

const ISO_DATE =
  /(?<![0-9])(?:1[89]|2[0-9])[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])(?![0-9])/g;
const UUID =
  /(?<![0-9A-Za-z])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9A-Za-z])/gi;
const IBAN_COMPACT = /(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}[0-9A-Z]{11,30}(?![0-9A-Za-z])/gi;
const IBAN_GROUPED =
  /(?<![0-9A-Za-z])[A-Z]{2}[0-9]{2}(?: [0-9A-Z]{4}){2,7}(?: [0-9A-Z]{1,4})?(?![0-9A-Za-z])/gi;

function ibanValid(text: string): boolean {
  return isValidIBAN(text.replace(/ /g, '').toUpperCase());
}

/** The longest prefix of a grouped IBAN candidate, cut at a group boundary, that passes mod-97. */
function validGroupedIbanLength(candidate: string): number {
  let end = candidate.length;
  while (end > 0) {
    if (ibanValid(candidate.slice(0, end))) {
      return end;
    }
    end = candidate.lastIndexOf(' ', end - 1);
  }
  return 0;
}

function filler(length: number): string {
  return FILLER.repeat(length);
}

/** Replaces dates, UUIDs and valid IBANs (rule 4) with a letter, which ends any chain. */
function maskKnownShapes(text: string): string {
  return text
    .replace(ISO_DATE, (match) => filler(match.length))
    .replace(UUID, (match) => filler(match.length))
    .replace(IBAN_GROUPED, (match) => {
      const length = validGroupedIbanLength(match);
      return filler(length) + match.slice(length);
    })
    .replace(IBAN_COMPACT, (match) => (ibanValid(match) ? filler(match.length) : match));
}

interface Chain {
  groups: string[];
  /**
   * The punctuation marks (white space left out, dashes as `-`, full-width
   * forms as ASCII) of the separators before each group.
   */
  marks: string[];
}

/** ARN group sizes as they are written: structured (format, BIN, date, sequence, check) or in fours. */
const ARN_GROUPINGS = ['1,6,4,11,1', '4,4,4,4,4,3'];

/**
 * An acquirer reference number written in groups: 23 digits in one of the
 * usual groupings, a Julian day (digits 9-11) from 001 to 366 and the mod-10
 * check digit.
 */
function isArn(groups: string[]): boolean {
  const digits = groups.join('');
  const day = Number(digits.slice(8, 11));
  return (
    digits.length === ARN_DIGITS &&
    ARN_GROUPINGS.includes(groups.map((group) => group.length).join(',')) &&
    day >= 1 &&
    day <= 366 &&
    luhnValid(digits)
  );
}

/**
 * Libphonenumber calls allowed per text. Past it a number is not taken for a
 * phone number, which can only refuse more: a crafted text cannot make the scan
 * slow this way.
 */
const PHONE_CHECKS_PER_TEXT = 2000;

interface Budget {
  phoneChecks: number;
}

function validPhone(national: string, budget: Budget): boolean {
  if (national.length < 7 || national.length > PHONE_MAX_DIGITS || budget.phoneChecks <= 0) {
    return false;
  }
  budget.phoneChecks -= 1;
  return isValidPhoneNumber(`+${national}`);
}

/** Whether groups `first..last` lie within an ARN or a valid international phone number (rule 4). */
function withinKnownNumber(chain: Chain, first: number, last: number, budget: Budget): boolean {
  const { groups, marks } = chain;
  let before = 0;
  for (let start = first; start >= 0 && before <= ARN_DIGITS; start -= 1) {
    if (start < first) before += groups[start].length;
    let digits = groups.slice(start, last + 1).join('');
    let end = last;
    const afterPlus = marks[start].includes('+');
    // `00` is an international prefix only where a number starts, not inside a run of groups.
    const international = afterPlus || (start === 0 && groups[0].startsWith('00'));
    for (;;) {
      if (international && validPhone(afterPlus ? digits : digits.slice(2), budget)) return true;
      if (digits.length === ARN_DIGITS && isArn(groups.slice(start, end + 1))) return true;
      if (digits.length >= ARN_DIGITS || end + 1 >= groups.length) break;
      end += 1;
      digits += groups[end];
    }
  }
  return false;
}

/** Reports every card number made of whole consecutive groups of one chain, one mark at most between them (rules 2, 3). */
function collectFromChain(chain: Chain, found: CardNumberFinding[], budget: Budget): void {
  const { groups, marks } = chain;
  for (let first = 0; first < groups.length; first += 1) {
    let digits = '';
    let mark = '';
    for (let last = first; last < groups.length; last += 1) {
      if (last > first && marks[last] !== '') {
        const kinds = new Set([...marks[last], ...mark]);
        if (kinds.size > 1) break;
        mark = marks[last].charAt(0);
      }
      digits += groups[last];
      if (digits.length > CARD_NUMBER_MAX_DIGITS) break;
      if (digits.length < CARD_NUMBER_MIN_DIGITS) continue;
      const brand = cardBrand(digits);
      if (brand !== null && !withinKnownNumber(chain, first, last, budget)) {
        found.push({ digits, brand });
      }
    }
  }
}

/** A separator character as a punctuation mark: '' for white space, `-` for any dash. */
function punctuationMark(char: string): string {
  if (char === ' ' || /^[\s\p{Z}]$/u.test(char)) return '';
  if (char === '-' || /^[\p{Pd}\u2212]$/u.test(char)) return '-';
  return char.normalize('NFKC');
}

function isLetter(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
  return /[\p{L}\p{M}]/u.test(char);
}

/**
 * Every full card number in a text, with its brand, in order of appearance
 * (the rule is documented at the top of this file). The digits are for
 * deciding only: never log or echo them.
 */
export function findCardNumbers(text: string): CardNumberFinding[] {
  const found: CardNumberFinding[] = [];
  if (typeof text !== 'string' || text.length === 0) return found;
  const prepared = maskKnownShapes(toAsciiDigits(stripFormatCharacters(text)));
  const budget: Budget = { phoneChecks: PHONE_CHECKS_PER_TEXT };
  let chain: Chain = { groups: [], marks: [] };
  let group = '';
  let marks = '';

  const endGroup = (): void => {
    if (group !== '') {
      chain.groups.push(group);
      chain.marks.push(marks);
      group = '';
      marks = '';
    }
  };
  const endChain = (): void => {
    endGroup();
    if (chain.groups.length > 0) collectFromChain(chain, found, budget);
    chain = { groups: [], marks: [] };
    marks = '';
  };

  for (const char of prepared) {
    if (char >= '0' && char <= '9') {
      group += char;
    } else if (isLetter(char)) {
      endChain();
    } else {
      endGroup();
      marks += punctuationMark(char);
    }
  }
  endChain();
  return found;
}

/** The digits of every full card number in a text (see findCardNumbers); never log or echo them. */
export function findFullCardNumbers(text: string): string[] {
  return findCardNumbers(text).map((finding) => finding.digits);
}
