import { cardBrand, findCardNumbers } from './card-numbers';
import { normalizeMerchantId } from './identifiers';
import { stripFormatCharacters, toAsciiDigits } from './unicode-text';

/**
 * Structured identifiers that may legitimately be shaped like a card number.
 * A merchant id (MID) is what cross-member matching runs on, so a valid one is
 * never refused; but a 15-digit MID beginning 34 or 37 that passes Luhn is
 * also an American Express number, and the system never holds one in clear.
 * Such a value is accepted and kept only masked (first six, last four) with a
 * keyed hash (CardNumberHasher) that matching compares.
 */

const MERCHANT_ID_PATH = /^merchant\.merchantIds\[\d+\]\.mid$/;

/** The mid of a merchant id entry, as the referral body names it. */
export function isMerchantIdPath(path: string): boolean {
  return MERCHANT_ID_PATH.test(path);
}

/**
 * Whether the string at a request path is a valid merchant id, to be validated
 * as one rather than scanned as text (the acquirer id beside it is too short to
 * be a card number and is scanned like any text).
 */
export function isValidMerchantIdField(path: string, value: string): boolean {
  return isMerchantIdPath(path) && normalizeMerchantId('1', value) !== null;
}

function compact(value: string): string {
  return toAsciiDigits(stripFormatCharacters(value).normalize('NFKC')).replace(/[\s-]+/g, '');
}

/** The card brand an identifier is shaped like (its compact form, or a number inside it), or null. */
export function cardShapedBrand(value: string): string | null {
  return cardBrand(compact(value)) ?? findCardNumbers(value)[0]?.brand ?? null;
}

/** The masked form kept and shown instead: first six and last four characters, asterisks between. */
export function maskCardShaped(value: string): string {
  const text = compact(value);
  return `${text.slice(0, 6)}${'*'.repeat(Math.max(text.length - 10, 3))}${text.slice(-4)}`;
}
