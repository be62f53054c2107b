/**
 * Generators of card numbers under many spellings and of legitimate values
 * that resemble them (merchant ids, ARNs, phones, IBANs, references...), from
 * a seeded random source so runs are repeatable. Used by `npm run pan:eval`
 * and by the property-based spec of the card-number scanner.
 */
import { isValidIBAN } from 'ibantools';
import { getExampleNumber, isValidPhoneNumber, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';
import {
  cardBrandRanges,
  CARD_NUMBER_MAX_DIGITS,
  CARD_NUMBER_MIN_DIGITS,
  luhnValid,
} from '@app/domain';

export type Random = () => number;

/** mulberry32: a small, fast, well-mixed 32-bit generator, enough for test data. */
export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function int(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function digits(random: Random, count: number): string {
  let out = '';
  for (let index = 0; index < count; index += 1) out += String(int(random, 0, 9));
  return out;
}

/** Appends the mod-10 (Luhn) check digit. */
export function withCheckDigit(body: string): string {
  for (let digit = 0; digit <= 9; digit += 1) {
    if (luhnValid(`${body}${digit}`)) return `${body}${digit}`;
  }
  throw new Error('unreachable');
}

// ---------------------------------------------------------------------------
// Card numbers
// ---------------------------------------------------------------------------

export interface CardKind {
  brand: string;
  length: number;
  patterns: (number | number[])[];
}

/** Every brand and every length it issues within the hard rule's 13-19 digits. */
export const CARD_KINDS: readonly CardKind[] = cardBrandRanges().flatMap((brand) =>
  brand.lengths
    .filter((length) => length >= CARD_NUMBER_MIN_DIGITS && length <= CARD_NUMBER_MAX_DIGITS)
    .map((length) => ({ brand: brand.niceType, length, patterns: brand.patterns })),
);

export function randomCard(random: Random, kind: CardKind): string {
  const pattern = pick(random, kind.patterns);
  const prefix = Array.isArray(pattern)
    ? String(int(random, pattern[0], pattern[1]))
    : String(pattern);
  return withCheckDigit(prefix + digits(random, kind.length - 1 - prefix.length));
}

const FULL_WIDTH = (text: string) =>
  text.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const ARABIC_INDIC = (text: string) =>
  text.replace(/[0-9]/g, (d) => String.fromCharCode(0x0660 + Number(d)));

function grouped(number: string, sizes: number[], separator: () => string): string {
  let out = '';
  let at = 0;
  for (const size of sizes) {
    if (at >= number.length) break;
    out += (at > 0 ? separator() : '') + number.slice(at, at + size);
    at += size;
  }
  return at < number.length ? out + separator() + number.slice(at) : out;
}

const fours = (number: string) => Array.from({ length: Math.ceil(number.length / 4) }, () => 4);

const SEPARATORS = [' ', '-', '.', '/', '  ', '\t', '\n', '\r\n', '_', ' - ', ', ', '\u00a0'];

/** The spellings of a card number: each takes the digits and gives the text sent. */
export const CARD_SPELLINGS: Record<string, (random: Random, number: string) => string> = {
  plain: (_r, n) => n,
  ...Object.fromEntries(
    SEPARATORS.map((separator) => [
      `groups of 4 by ${JSON.stringify(separator)}`,
      (_r: Random, n: string) => grouped(n, fours(n), () => separator),
    ]),
  ),
  'brand grouping 4-6-5': (_r, n) => grouped(n, [4, 6, 5, 4], () => ' '),
  'irregular groups, one mark, any spacing': (r, n) => {
    const mark = pick(r, ['', '-', '.', '/', '_', ',', '*', ':']);
    const space = () => pick(r, ['', ' ', '  ', '\n', '\t', '\r\n ']);
    return grouped(
      n,
      Array.from({ length: 19 }, () => int(r, 1, 5)),
      () => `${space()}${mark}${space()}` || ' ',
    );
  },
  'one digit per line': (_r, n) => [...n].join('\n'),
  'full-width digits': (_r, n) => FULL_WIDTH(grouped(n, fours(n), () => ' ')),
  'Arabic-Indic digits': (_r, n) => ARABIC_INDIC(n),
  'zero-width characters inside': (r, n) =>
    [...n].map((d) => d + (r() < 0.4 ? pick(r, ['\u200b', '\u00ad', '\ufeff']) : '')).join(''),
};

/** Where a card number is put: in text, across lines, in a CSV or text attachment. */
export const CARD_CONTEXTS: Record<string, (random: Random, spelled: string) => string> = {
  sentence: (_r, s) => `The buyer paid with ${s} on the third of May.`,
  'after other numbers': (r, s) => `order ${digits(r, 8)} ${s} paid`,
  'after a date': (_r, s) => `2024-03-01 ${s}`,
  'across lines': (_r, s) => `card used:\n${s}\nthen refunded`,
  'CSV attachment': (r, s) =>
    `date,amount,card,note\n2024-03-0${int(r, 1, 9)},12.50,${s},first\n2024-03-10,7.25,n/a,second\n`,
  'text attachment': (_r, s) => `Statement extract\r\n\r\nCard:\t${s}\r\nStatus: settled\r\n`,
};

// ---------------------------------------------------------------------------
// Legitimate values
// ---------------------------------------------------------------------------

export function randomMid(random: Random): string {
  return digits(random, int(random, 8, 15));
}

export function randomTerminalId(random: Random): string {
  return random() < 0.5
    ? digits(random, 8)
    : `${pick(random, ['T', 'TID', 'POS'])}${digits(random, int(random, 4, 8))}`;
}

/**
 * An acquirer reference number: format code, the acquirer's BIN, the Julian
 * date (YDDD), an 11-digit sequence and the mod-10 check digit.
 */
export function randomArn(random: Random): string {
  const day = String(int(random, 1, 366)).padStart(3, '0');
  const body = `${pick(random, ['2', '7', '8'])}${digits(random, 6)}${int(random, 0, 9)}${day}${digits(random, 11)}`;
  return withCheckDigit(body);
}

export const ARN_SPELLINGS: Record<string, (arn: string) => string> = {
  unspaced: (a) => a,
  '1-6-4-11-1': (a) => `${a[0]} ${a.slice(1, 7)} ${a.slice(7, 11)} ${a.slice(11, 22)} ${a[22]}`,
  'groups of 4': (a) => grouped(a, fours(a), () => ' '),
  dashed: (a) => grouped(a, [1, 6, 4, 11, 1], () => '-'),
};

/** Thirty countries, in national and international notation. */
export const PHONE_COUNTRIES: readonly CountryCode[] = [
  'GB', 'DE', 'FR', 'NL', 'BE', 'ES', 'IT', 'PT', 'IE', 'SE',
  'NO', 'DK', 'FI', 'PL', 'CZ', 'AT', 'CH', 'US', 'CA', 'BR',
  'MX', 'AR', 'IN', 'CN', 'JP', 'KR', 'ID', 'PH', 'AU', 'ZA',
]; // prettier-ignore

/** A valid mobile number of a country: its example with the last digits changed until valid. */
export function randomPhone(random: Random, country: CountryCode): string {
  const example = getExampleNumber(country, examples);
  if (!example) throw new Error(`no example number for ${country}`);
  const national = example.nationalNumber;
  for (;;) {
    const keep = national.length - int(random, 3, Math.min(7, national.length - 2));
    const candidate = `+${example.countryCallingCode}${national.slice(0, keep)}${digits(random, national.length - keep)}`;
    if (isValidPhoneNumber(candidate)) return candidate;
  }
}

export const PHONE_SPELLINGS: Record<string, (e164: string, country: CountryCode) => string> = {
  'E.164': (p) => p,
  'E.164 spaced': (p) => p.replace(/^(\+\d{2})(\d{3})(\d{3})/, '$1 $2 $3 '),
  '00 international': (p) => `00${p.slice(1).replace(/^(\d{2})(\d{2})(\d{4})/, '$1 $2 $3 ')}`,
  national: (p, c) => nationalFormat(p, c),
};

function nationalFormat(e164: string, country: CountryCode): string {
  const example = getExampleNumber(country, examples);
  const code = example?.countryCallingCode ?? '';
  const rest = e164.slice(1 + code.length);
  const trunk = ['US', 'CA', 'BR', 'MX', 'AR', 'IN', 'CN', 'JP', 'KR'].includes(country) ? '' : '0';
  return `${trunk}${rest.slice(0, 3)} ${rest.slice(3, 7)} ${rest.slice(7)}`.trim();
}

/** BBAN lengths of countries whose BBAN is digits only (ISO 13616 registry). */
const NUMERIC_BBANS: Record<string, number> = {
  DE: 18, BE: 12, ES: 20, PL: 24, PT: 21, AT: 16, DK: 14, FI: 14, SE: 20, NO: 11,
  CZ: 20, SK: 20, HU: 24, SI: 15, EE: 16, LT: 16, HR: 17, RS: 18, TR: 22, IL: 19,
}; // prettier-ignore

function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const char of rearranged) remainder = (remainder * 10 + Number(char)) % 97;
  return String(98 - remainder).padStart(2, '0');
}

/** A valid IBAN (mod-97 and, where ibantools checks one, the national check digits). */
export function randomIban(random: Random): string {
  for (;;) {
    const country = pick(random, Object.keys(NUMERIC_BBANS));
    const bban = digits(random, NUMERIC_BBANS[country]);
    const iban = `${country}${ibanCheckDigits(country, bban)}${bban}`;
    if (isValidIBAN(iban)) return iban;
  }
}

export const IBAN_SPELLINGS: Record<string, (iban: string) => string> = {
  compact: (i) => i,
  'groups of 4': (i) => grouped(i, fours(i), () => ' '),
  'lower case': (i) => grouped(i, fours(i), () => ' ').toLowerCase(),
};

export function randomReference(random: Random): string {
  return pick(random, [
    () => `ORD-${int(random, 2019, 2026)}-${digits(random, 6)}`,
    () => `TX${digits(random, 12)}`,
    () => `${digits(random, 4)}/${digits(random, 6)}`,
    () => `INV ${digits(random, 3)}-${digits(random, 7)}`,
    () => `RRN ${digits(random, 12)}`,
  ])();
}

export function randomDate(random: Random): string {
  const y = String(int(random, 2019, 2026));
  const m = String(int(random, 1, 12)).padStart(2, '0');
  const d = String(int(random, 1, 28)).padStart(2, '0');
  return pick(random, [
    `${y}-${m}-${d}`,
    `${d}/${m}/${y}`,
    `${d}.${m}.${y}`,
    `${m}/${d}/${y}`,
    `${y}-${m}-${d}T${String(int(random, 0, 23)).padStart(2, '0')}:${String(int(random, 0, 59)).padStart(2, '0')}:00Z`,
  ]);
}

export function randomAmount(random: Random): string {
  const whole = int(random, 1, 9_999_999);
  const cents = String(int(random, 0, 99)).padStart(2, '0');
  return pick(random, [
    `${whole}.${cents}`,
    `${whole.toLocaleString('en-GB')}.${cents}`,
    `${whole.toLocaleString('de-DE')},${cents}`,
    `EUR ${whole.toLocaleString('fr-FR')},${cents}`,
  ]);
}

export function randomUuid(random: Random): string {
  const hex = () => int(random, 0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
}
