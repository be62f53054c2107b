import mobileExamples from 'libphonenumber-js/examples.mobile.json';
import {
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import type { MerchantKeyInput, ObservableKeyInput } from '@app/domain';

/**
 * Deterministic synthetic merchants for the matching benchmark. Merchant `i`
 * depends only on (seed, i), so any merchant can be regenerated without
 * keeping a million of them in memory, and every run loads the same data.
 *
 * About one merchant in five is a near relative of an earlier one (same brand
 * with another legal form, a typo, other case or punctuation), so the fuzzy
 * name search has real candidates; acquirers are a small shared pool; some
 * relatives share a merchant id or a domain with the original, as repeated
 * reports about one merchant do.
 */

export interface SyntheticMerchant {
  index: number;
  /** The earlier merchant this one is a relative of (same brand), if any. */
  relativeOf?: number;
  merchant: MerchantKeyInput;
  observables: ObservableKeyInput[];
}

/** A small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Syllables are onset + vowel + optional coda: about a thousand, so brand words rarely collide. */
const ONSETS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'h',
  'j',
  'k',
  'l',
  'm',
  'n',
  'p',
  'qu',
  'r',
  's',
  't',
  'v',
  'w',
  'z',
  'br',
  'st',
  'tr',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'y', 'ai', 'ou'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'x', 'm', 'nd'];
const NOUNS = [
  'Digital',
  'Trading',
  'Media',
  'Services',
  'Studio',
  'Global',
  'Ventures',
  'Commerce',
  'Solutions',
  'Networks',
  'Goods',
  'Content',
  'Online',
  'Group',
  'Holdings',
  'Labs',
  'Systems',
  'Entertainment',
  'Stream',
  'Market',
  'Store',
  'Web',
  'Pay',
  'Cloud',
];
const LEGAL_FORMS = [
  'Ltd',
  'Ltd.',
  'Limited',
  'LLC',
  'L.L.C.',
  'Inc.',
  'GmbH',
  'S.A.',
  'SARL',
  'B.V.',
  'Pty Ltd',
  'plc',
  'S.L.',
  'S.r.l.',
  'AB',
  'Oy',
  '',
];
/** Countries with weights; the first eight have national dialling plans in the product. */
const COUNTRIES: readonly [string, number][] = [
  ['GB', 18],
  ['US', 22],
  ['DE', 9],
  ['FR', 7],
  ['NL', 6],
  ['IE', 3],
  ['AU', 4],
  ['CA', 4],
  ['ES', 5],
  ['IT', 5],
  ['SE', 3],
  ['PL', 3],
  ['CY', 3],
  ['MT', 2],
  ['SG', 3],
  ['HK', 3],
];
const COUNTRY_TOTAL = COUNTRIES.reduce((sum, [, w]) => sum + w, 0);
const TLDS: Record<string, string[]> = {
  GB: ['co.uk', 'com', 'uk'],
  US: ['com', 'net', 'io'],
  DE: ['de', 'com'],
  FR: ['fr', 'com'],
  NL: ['nl', 'com'],
  IE: ['ie', 'com'],
  AU: ['com.au', 'com'],
  CA: ['ca', 'com'],
  ES: ['es', 'com'],
  IT: ['it', 'com'],
  SE: ['se', 'com'],
  PL: ['pl', 'com'],
  CY: ['com.cy', 'com'],
  MT: ['com.mt', 'com'],
  SG: ['com.sg', 'com'],
  HK: ['com.hk', 'com'],
};
const PATHS = ['', '/', '/shop', '/store/', '/en/checkout?ref=a1', '/index.html', '/#/pay'];
/** The shared pool of acquirer ids (ICA/BIN-like; some with leading zeros). */
const ACQUIRERS = Array.from({ length: 40 }, (_, n) =>
  n % 5 === 0 ? `00${(41000 + n * 37).toString()}` : (400000 + n * 1237).toString(),
);
const MAIL_HOSTS = ['gmail.com', 'outlook.com', 'proton.me', 'yahoo.com'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function country(rand: () => number): string {
  let r = rand() * COUNTRY_TOTAL;
  for (const [code, weight] of COUNTRIES) {
    r -= weight;
    if (r < 0) return code;
  }
  return 'GB';
}

function word(rand: () => number): string {
  const n = 2 + Math.floor(rand() * 2);
  let w = '';
  for (let k = 0; k < n; k++) w += pick(rand, ONSETS) + pick(rand, VOWELS) + pick(rand, CODAS);
  return w[0].toUpperCase() + w.slice(1);
}

/** A brand: a coined word with a common noun, two coined words, or one. */
function brandName(rand: () => number): string {
  const r = rand();
  if (r < 0.6) return `${word(rand)} ${pick(rand, NOUNS)}`;
  if (r < 0.85) return `${word(rand)} ${word(rand)}`;
  return word(rand);
}

/** One typing mistake: swap, drop, double or replace a letter. */
export function typo(rand: () => number, text: string): string {
  if (text.length < 4) return text;
  const at = 1 + Math.floor(rand() * (text.length - 2));
  switch (Math.floor(rand() * 4)) {
    case 0:
      return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + text[at] + text.slice(at);
    default:
      return text.slice(0, at) + pick(rand, 'aeiourstln'.split('')) + text.slice(at + 1);
  }
}

function restyle(rand: () => number, name: string): string {
  switch (Math.floor(rand() * 5)) {
    case 0:
      return name.toUpperCase();
    case 1:
      return name.toLowerCase();
    case 2:
      return name.replace(' ', '-');
    case 3:
      return name.replace(' ', ', ');
    default:
      return name;
  }
}

function withForm(base: string, form: string): string {
  return form === '' ? base : `${base} ${form}`;
}

function slug(brand: string): string {
  return brand.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function urlVariant(rand: () => number, host: string): string {
  const www = rand() < 0.5 ? 'www.' : '';
  const scheme = rand() < 0.85 ? 'https://' : rand() < 0.5 ? 'http://' : '';
  const url = `${scheme}${www}${host}${pick(rand, PATHS)}`;
  return rand() < 0.2 ? url.toUpperCase() : url;
}

interface Brand {
  brand: string;
  country: string;
  host: string;
  acquirer: string;
  mid: string;
}

function brandOf(seed: number, index: number): Brand {
  const rand = prng(mix(seed, index));
  const brand = brandName(rand);
  const code = country(rand);
  return {
    brand,
    country: code,
    host: `${slug(brand)}${index.toString(36)}.${pick(rand, TLDS[code])}`,
    acquirer: pick(rand, ACQUIRERS),
    mid: `${(100000000 + ((index * 7919) % 900000000)).toString()}${index.toString(36).toUpperCase()}`,
  };
}

/**
 * A phone number that exists in the country's numbering plan: the plan's
 * example mobile number with its last four digits taken from `index` (the next
 * variants when that is not a valid number), written in national or
 * international form.
 */
function phoneFor(rand: () => number, code: string, index: number): string {
  const national = rand() < 0.5;
  const example = getExampleNumber(code as CountryCode, mobileExamples);
  if (!example) return '+44 20 7946 0958';
  const base = example.nationalNumber.slice(0, -4);
  for (let variant = 0; variant < 20; variant++) {
    const tail = ((index * 7919 + variant * 104729) % 10000).toString().padStart(4, '0');
    const candidate = parsePhoneNumberFromString(`${base}${tail}`, code as CountryCode);
    if (candidate?.isValid()) {
      return national ? candidate.formatNational() : candidate.formatInternational();
    }
  }
  return national ? example.formatNational() : example.formatInternational();
}

function walletFor(rand: () => number, index: number): string {
  const hex = (mix(index, 7) * 4294967296 + mix(index, 11)).toString(16).padStart(16, '0');
  const body = (hex + mix(index, 13).toString(16) + mix(index, 17).toString(16)).padEnd(40, 'a');
  return rand() < 0.7 ? `0x${body.slice(0, 40)}` : `bc1q${body.slice(0, 38)}`;
}

/**
 * Merchant `index` of the data set `seed`: a legal name with a legal form, one
 * or two websites, an acquirer and merchant id, an e-mail and a phone; a
 * wallet for some. One in five is a relative of an earlier merchant.
 */
export function syntheticMerchant(seed: number, index: number): SyntheticMerchant {
  const rand = prng(mix(seed ^ 0x5bd1e995, index));
  const relativeOf = index > 10 && rand() < 0.2 ? Math.floor(rand() * index) : undefined;
  const own = brandOf(seed, index);
  const base = relativeOf === undefined ? own : brandOf(seed, relativeOf);

  let name = base.brand;
  let host = own.host;
  const merchantIds = [{ acquirerId: own.acquirer, mid: own.mid }];
  if (relativeOf !== undefined) {
    const change = rand();
    if (change < 0.4) name = typo(rand, name);
    name = restyle(rand, name);
    // Relatives often reuse the original's website or merchant id.
    if (rand() < 0.3) host = base.host;
    if (rand() < 0.2) merchantIds.push({ acquirerId: base.acquirer, mid: base.mid });
  }
  const legalName = withForm(name, pick(rand, LEGAL_FORMS));
  const websites = [urlVariant(rand, host)];
  if (rand() < 0.25) websites.push(urlVariant(rand, `shop-${host}`));
  const user = slug(name).slice(0, 12);
  const emails = [
    rand() < 0.6
      ? `Billing@${host.toUpperCase()}`
      : `${user}.${index.toString(36)}@${pick(rand, MAIL_HOSTS)}`,
  ];
  const phones = [phoneFor(rand, base.country, index)];
  const observables: ObservableKeyInput[] = [];
  if (rand() < 0.15) observables.push({ type: 'crypto_wallet', value: walletFor(rand, index) });
  if (rand() < 0.3) observables.push({ type: 'url', value: urlVariant(rand, host) });
  return {
    index,
    relativeOf,
    merchant: { legalName, country: base.country, websites, emails, phones, merchantIds },
    observables,
  };
}

/**
 * A later report about merchant `index`, as another member would file it:
 * the same identifiers written differently (URL case, www, path; e-mail case).
 * Its exact keys must be found by the intake's lookup.
 */
export function repeatReport(seed: number, index: number, salt: number): SyntheticMerchant {
  const original = syntheticMerchant(seed, index);
  const rand = prng(mix(seed ^ salt, index));
  const websites = (original.merchant.websites ?? []).map((url) => {
    const host = url
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/^www\./i, '')
      .split(/[/?#]/)[0];
    return urlVariant(rand, host.toLowerCase());
  });
  return {
    index,
    merchant: {
      ...original.merchant,
      legalName: restyle(rand, original.merchant.legalName),
      websites,
      emails: (original.merchant.emails ?? []).map((e) => (rand() < 0.5 ? e.toLowerCase() : e)),
    },
    observables: original.observables,
  };
}

/** The legal name of merchant `index` with one typo (a fuzzy-search probe). */
export function misspelledName(seed: number, index: number, salt: number): SyntheticMerchant {
  const original = syntheticMerchant(seed, index);
  const rand = prng(mix(seed ^ salt, index));
  return {
    index,
    merchant: {
      legalName: typo(rand, original.merchant.legalName),
      country: original.merchant.country,
    },
    observables: [],
  };
}
