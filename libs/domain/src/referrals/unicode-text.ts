/**
 * Small Unicode helpers shared by the referral normalisers. Users paste values
 * from documents, spreadsheets and chat apps, so digits may arrive as
 * full-width or other-script digits and invisible format characters
 * (zero-width space, soft hyphen, direction marks) may sit inside a value.
 */

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const digitCache = new Map<number, number | null>();

/**
 * The value (0-9) of a single Unicode decimal digit (general category Nd), in
 * any script: `7`, `７` (full width), `٧` (Arabic-Indic), `७` (Devanagari).
 * Null for anything else, including other numerals such as `Ⅶ` or `⑦`.
 *
 * Relies on a Unicode stability guarantee: Nd characters are always encoded in
 * contiguous runs of ten, ascending from zero, so the value is the distance
 * from the start of the run modulo ten.
 */
export function decimalDigitValue(char: string): number | null {
  const codePoint = char.codePointAt(0);
  if (codePoint === undefined || char.length !== (codePoint > 0xffff ? 2 : 1)) {
    return null;
  }
  if (codePoint >= 0x30 && codePoint <= 0x39) {
    return codePoint - 0x30;
  }
  const cached = digitCache.get(codePoint);
  if (cached !== undefined) {
    return cached;
  }
  let value: number | null = null;
  if (DECIMAL_DIGIT.test(char)) {
    let start = codePoint;
    while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) {
      start -= 1;
    }
    value = (codePoint - start) % 10;
  }
  digitCache.set(codePoint, value);
  return value;
}

/** Replaces every Unicode decimal digit with its ASCII digit; other characters are kept. */
export function toAsciiDigits(text: string): string {
  let out = '';
  for (const char of text) {
    const value = decimalDigitValue(char);
    out += value === null ? char : String(value);
  }
  return out;
}

/** Removes invisible format characters (category Cf: zero-width space, soft hyphen, BOM, direction marks). */
export function stripFormatCharacters(text: string): string {
  return text.replace(FORMAT_CHARACTERS, '');
}
