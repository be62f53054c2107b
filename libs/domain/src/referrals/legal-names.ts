import { stripFormatCharacters } from './unicode-text';

// Legal names for matching (domain.md, "Matching"), beside the other identifiers
// of identifiers.ts: two members rarely type a merchant's name the same way.

/**
 * Legal-form words removed from the END of a name, repeatedly (`Shop Pty Ltd`
 * → `shop`). Only trailing words: `Company Shop` keeps its first word.
 */
export const LEGAL_NAME_SUFFIXES: ReadonlySet<string> = new Set([
  'ltd',
  'limited',
  'llc',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'kg',
  'ug',
  'sa',
  'sas',
  'sarl',
  'bv',
  'nv',
  'plc',
  'pty',
  'pte',
  'pvt',
  'private',
  'oy',
  'oyj',
  'ab',
  'as',
  'asa',
  'aps',
  'spa',
  'srl',
  'sl',
  'ltda',
  'kk',
  'llp',
  'lp',
  'se',
]);

/** Letters that NFKD does not decompose, spelled the way they are usually transliterated. */
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Combining marks used as diacritics on Latin, Greek and Cyrillic letters. Marks
 * of other scripts (Japanese dakuten, Indic vowel signs) carry meaning and are kept.
 */
const LATIN_DIACRITIC_RANGES: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f], // Combining Diacritical Marks
  [0x1ab0, 0x1aff], // Combining Diacritical Marks Extended
  [0x1dc0, 0x1dff], // Combining Diacritical Marks Supplement
  [0x20d0, 0x20ff], // Combining Diacritical Marks for Symbols
  [0xfe20, 0xfe2f], // Combining Half Marks
];

function withoutLatinDiacritics(text: string): string {
  return text.replace(/\p{M}/gu, (mark) => {
    const codePoint = mark.codePointAt(0) ?? 0;
    return LATIN_DIACRITIC_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to)
      ? ''
      : mark;
  });
}

const ABBREVIATION = /^(?:\p{L}\.)+\p{L}\.?$/u;

/**
 * A legal name reduced for matching: Unicode NFKD, diacritics of Latin, Greek
 * and Cyrillic letters removed (marks of other scripts, such as Japanese
 * dakuten, kept), lower case, `ß`/`æ`/`ø`... spelled out, `&` → `and`,
 * apostrophes dropped (`Macy's` = `Macys`), dotted abbreviations joined
 * (`S.A.` → `sa`), other punctuation turned into spaces, white space
 * collapsed, then trailing legal-form words (LEGAL_NAME_SUFFIXES) removed
 * repeatedly, with an `and` left dangling before them (`Smith & Co`).
 * `Shop Example Ltd.`, `SHOP EXAMPLE LIMITED` and `Shop-Example, LLC` all give
 * `shop example`. Null when nothing is left.
 *
 * Scripts are not transliterated (`Müller` → `muller`, not `mueller`) and
 * look-alike letters from other scripts are not folded; the name key is used
 * only together with the country, and fuzzy matching is the coordinator's
 * (suggest-only) safety net.
 */
export function normalizeLegalName(name: string): string | null {
  if (typeof name !== 'string') {
    return null;
  }
  const folded = withoutLatinDiacritics(
    stripFormatCharacters(name).normalize('NFKD').toLowerCase().normalize('NFKD'),
  )
    .replace(/[ßæœøłđðþı]/g, (char) => LETTER_FOLDS[char] ?? char)
    .replace(/['\u2018\u2019\u02bc`\u00b4]/g, '')
    .replace(/&/g, ' and ');
  const words = folded
    .split(/\s+/)
    .map((word) => (ABBREVIATION.test(word) ? word.replace(/\./g, '') : word))
    .join(' ')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  while (words.length > 0 && LEGAL_NAME_SUFFIXES.has(words[words.length - 1])) {
    words.pop();
    if (words.length > 1 && words[words.length - 1] === 'and') {
      words.pop();
    }
  }
  return words.length > 0 ? words.join(' ').normalize('NFC') : null;
}
