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
 *    the chain.
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
 *    - acquirer reference numbers: whole groups holding exactly 23 digits
 *      that pass the ARN's own mod-10 check digit.
 *    A candidate overlapping one of these is not reported.
 *
 * Residual risk (docs/referrals.md): a sender who pads a card number into a
 * valid 23-digit ARN, or who finds a valid phone number that begins with it,
 * gets it past the free-text scan; 12-digit Maestro numbers are below the
 * 13-digit floor of the hard rule.
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
  /** Whether a `+` stands in the separators before each group. */
  afterPlus: boolean[];
}

/** Marks group indexes that belong to a valid international phone number or an ARN (rule 4). */
function protectedGroups(chain: Chain): boolean[] {
  const { groups, afterPlus } = chain;
  const taken = groups.map(() => false);
  const take = (from: number, to: number): void => {
    for (let index = from; index < to; index += 1) taken[index] = true;
  };
  for (let first = 0; first < groups.length; first += 1) {
    const international = afterPlus[first] || groups[first].startsWith('00');
    let digits = '';
    let phoneEnd = -1;
    for (let last = first; last < groups.length; last += 1) {
      digits += groups[last];
      const national = afterPlus[first] ? digits : digits.slice(2);
      if (international && national.length <= PHONE_MAX_DIGITS && national.length >= 7) {
        if (isValidPhoneNumber(`+${national}`)) phoneEnd = last + 1;
      }
      if (digits.length === ARN_DIGITS && luhnValid(digits)) take(first, last + 1);
      if (digits.length >= ARN_DIGITS && (!international || digits.length > PHONE_MAX_DIGITS + 2))
        break;
    }
    if (phoneEnd !== -1) take(first, phoneEnd);
  }
  return taken;
}

/** Reports every card number made of whole consecutive groups of one chain (rule 3). */
function collectFromChain(chain: Chain, found: CardNumberFinding[]): void {
  const { groups } = chain;
  let taken: boolean[] | null = null;
  for (let first = 0; first < groups.length; first += 1) {
    let digits = '';
    for (let last = first; last < groups.length; last += 1) {
      digits += groups[last];
      if (digits.length > CARD_NUMBER_MAX_DIGITS) break;
      if (digits.length < CARD_NUMBER_MIN_DIGITS) continue;
      const brand = cardBrand(digits);
      if (brand === null) continue;
      taken ??= protectedGroups(chain);
      if (!taken.slice(first, last + 1).some(Boolean)) found.push({ digits, brand });
    }
  }
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
  let chain: Chain = { groups: [], afterPlus: [] };
  let group = '';
  let plusSeen = false;

  const endGroup = (): void => {
    if (group !== '') {
      chain.groups.push(group);
      chain.afterPlus.push(plusSeen);
      group = '';
      plusSeen = false;
    }
  };
  const endChain = (): void => {
    endGroup();
    if (chain.groups.length > 0) collectFromChain(chain, found);
    chain = { groups: [], afterPlus: [] };
    plusSeen = false;
  };

  for (const char of prepared) {
    if (char >= '0' && char <= '9') {
      group += char;
    } else if (isLetter(char)) {
      endChain();
    } else {
      endGroup();
      if (char === '+' || char === '\uff0b') plusSeen = true;
    }
  }
  endChain();
  return found;
}

/** The digits of every full card number in a text (see findCardNumbers); never log or echo them. */
export function findFullCardNumbers(text: string): string[] {
  return findCardNumbers(text).map((finding) => finding.digits);
}
