import creditCardType from 'credit-card-type';

type CreditCardType = ReturnType<typeof creditCardType>[number];

/**
 * Issuer prefixes and lengths of the card brands, from the maintained
 * `credit-card-type` registry package (Visa, Mastercard incl. the 2-series,
 * American Express, Diners Club, Discover, JCB, UnionPay, Maestro, Mir, Elo,
 * Troy, Hiper, Hipercard, Naranja, Verve). What it lacks is added through its
 * own API, from the brands' published ranges:
 *
 * - RuPay (NPCI, India), 16 digits: IIN ranges 508500-508999, 606985-607984,
 *   608001-608500, 652150-653149, and the newer 81 and 82 series.
 * - Visa also issued 13-digit cards (ISO/IEC 7812 still allows them and test
 *   numbers such as 4222222222222 are in use), which the package, made for
 *   today's cards, leaves out.
 *
 * The package is built to guess a brand from a partly typed number; here every
 * candidate is complete, so a brand counts only when one of its patterns
 * matches the candidate's first digits exactly and the candidate's length is
 * one of the brand's lengths.
 */
creditCardType.addCard({
  niceType: 'RuPay',
  type: 'rupay',
  patterns: [[508500, 508999], [606985, 607984], [608001, 608500], [652150, 653149], 81, 82],
  gaps: [4, 8, 12],
  lengths: [16],
  code: { name: 'CVV', size: 3 },
});
creditCardType.updateCard(creditCardType.types.VISA, { lengths: [13, 16, 18, 19] });

/** Every brand, read once (creditCardType('') lists them all, custom ones included). */
const BRANDS: readonly CreditCardType[] = creditCardType('');
/** The longest pattern's digits: no brand looks further into a number. */
const PREFIX_DIGITS = Math.max(
  ...BRANDS.flatMap((brand) => brand.patterns.flat()).map((pattern) => String(pattern).length),
);
const BRAND_CACHE_SIZE = 50_000;
const brandCache = new Map<string, string | null>();

export const CARD_NUMBER_MIN_DIGITS = 13;
export const CARD_NUMBER_MAX_DIGITS = 19;

function matchesPattern(digits: string, pattern: number | number[]): boolean {
  if (Array.isArray(pattern)) {
    const [low, high] = pattern.map(String);
    const head = Number(digits.slice(0, low.length));
    return head >= Number(low) && head <= Number(high);
  }
  return digits.startsWith(String(pattern));
}

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

/**
 * The brand (`Visa`, `American Express`...) whose prefix and length a string of
 * 13-19 ASCII digits has, when it also passes Luhn; null otherwise. The most
 * specific prefix wins when several brands claim the number (an Elo range
 * inside Discover's 65, a RuPay range inside Maestro's).
 */
export function cardBrand(digits: string): string | null {
  if (
    digits.length < CARD_NUMBER_MIN_DIGITS ||
    digits.length > CARD_NUMBER_MAX_DIGITS ||
    !luhnValid(digits)
  ) {
    return null;
  }
  // A brand depends only on the length and the first PREFIX_DIGITS digits: cache by those.
  const key = `${digits.length}:${digits.slice(0, PREFIX_DIGITS)}`;
  let brand = brandCache.get(key);
  if (brand === undefined) {
    brand = brandOf(digits);
    if (brandCache.size >= BRAND_CACHE_SIZE) brandCache.clear();
    brandCache.set(key, brand);
  }
  return brand;
}

function brandOf(digits: string): string | null {
  let best: { name: string; strength: number; width: number } | null = null;
  for (const brand of BRANDS) {
    if (!brand.lengths.includes(digits.length)) {
      continue;
    }
    for (const pattern of brand.patterns) {
      const [low, high] = Array.isArray(pattern) ? pattern : [pattern, pattern];
      const strength = String(low).length;
      const width = high - low;
      const better =
        best === null ||
        strength > best.strength ||
        (strength === best.strength && width < best.width);
      if (matchesPattern(digits, pattern) && better) {
        best = { name: brand.niceType, strength, width };
      }
    }
  }
  return best?.name ?? null;
}

/** The brands and their lengths, for the evaluation that generates card numbers of each. */
export function cardBrandRanges(): readonly CreditCardType[] {
  return BRANDS;
}
