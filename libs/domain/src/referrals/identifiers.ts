import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { getPublicSuffix } from 'tldts';
import { domainToASCII } from 'node:url';
import { stripFormatCharacters, toAsciiDigits } from './unicode-text';

export { LEGAL_NAME_SUFFIXES, normalizeLegalName } from './legal-names';

/**
 * Normalisation of merchant identifiers for matching (domain.md, "Matching").
 * Two members rarely type the same merchant the same way; each function maps
 * the variants of one identifier to one canonical string, or to null when the
 * input is not that kind of identifier. These functions never throw: bad input
 * is simply not a matching key. Every function ignores invisible format
 * characters (zero-width space, BOM...) pasted along with a value.
 */

// ---------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------

/** URL schemes whose authority names a website; `hxxp(s)` is the "defanged" spelling used in threat reports. */
const WEB_SCHEMES: ReadonlySet<string> = new Set([
  'http',
  'https',
  'hxxp',
  'hxxps',
  'ftp',
  'ftps',
  'ws',
  'wss',
]);

const MAX_URL_LENGTH = 8192;
const MAX_HOSTNAME_LENGTH = 253;
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const TOP_LEVEL_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Undoes the usual "defanging" of indicators: `shop[.]example`, `shop(.)example`, `shop{.}example`, `shop[dot]example`. */
function refang(text: string): string {
  return text.replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]/gi, '.');
}

/**
 * A host name (not an IP address) in lower-case ASCII (IDN labels as
 * punycode), or null. Uses the WHATWG host rules of Node's `domainToASCII`
 * (UTS #46 mapping: full-width letters and dots map to ASCII), then requires
 * at least two labels, LDH labels, and an alphabetic or punycode top-level
 * label, which rules out IPv4 addresses in every notation.
 */
export function asciiHostname(host: string): string | null {
  if (host === '' || host.length > MAX_URL_LENGTH) {
    return null;
  }
  let ascii: string;
  try {
    ascii = domainToASCII(host);
  } catch {
    return null;
  }
  if (ascii.endsWith('.')) {
    ascii = ascii.slice(0, -1);
  }
  if (ascii === '' || ascii.length > MAX_HOSTNAME_LENGTH) {
    return null;
  }
  const labels = ascii.split('.');
  if (labels.length < 2 || !TOP_LEVEL_LABEL.test(labels[labels.length - 1])) {
    return null;
  }
  return labels.every((label) => LABEL.test(label)) ? ascii : null;
}

/** The host part of a URL, a `host:port` or a bare host name, before any normalisation; null when there is none. */
function extractHost(input: string): string | null {
  const text = refang(stripFormatCharacters(input).trim());
  if (text === '' || text.length > MAX_URL_LENGTH) {
    return null;
  }
  let rest: string;
  let hasScheme = false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  if (text.startsWith('//')) {
    rest = text.slice(2);
    hasScheme = true;
  } else if (scheme && /^[/\\]{2}/.test(text.slice(scheme[0].length))) {
    if (!WEB_SCHEMES.has(scheme[1].toLowerCase())) {
      return null;
    }
    rest = text.slice(scheme[0].length + 2);
    hasScheme = true;
  } else if (scheme && !/^[0-9]+(?:[/?#\\]|$)/.test(text.slice(scheme[0].length))) {
    // `javascript:`, `mailto:`, `data:`, `tel:` and the like name no website.
    return null;
  } else {
    rest = text;
  }
  const end = rest.search(/[/?#\\]/);
  let authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    // Credentials only make sense in a URL; a bare `name@host` is an e-mail address.
    if (!hasScheme) {
      return null;
    }
    authority = authority.slice(at + 1);
  }
  if (authority.startsWith('[')) {
    return null; // IPv6 literal
  }
  const colon = authority.lastIndexOf(':');
  if (colon !== -1) {
    if (!/^[0-9]*$/.test(authority.slice(colon + 1))) {
      return null;
    }
    authority = authority.slice(0, colon);
  }
  return authority === '' ? null : authority;
}

/**
 * How many trailing labels of an ASCII host name form its public suffix, by the
 * whole Public Suffix List (ICANN and private sections, via tldts): `co.uk`,
 * `com.cy`, `myshopify.com` and `github.io` are suffixes, so two shops under
 * them are two registrable domains. A hand-kept list missed suffixes such as
 * `com.cy`, which made every merchant under one of them share a matching key.
 * An unknown top-level label is its own suffix (the list's default rule).
 */
function publicSuffixLength(ascii: string): number {
  const suffix = getPublicSuffix(ascii, { allowPrivateDomains: true, validateHostname: false });
  return suffix ? suffix.split('.').length : 1;
}

/**
 * The registrable domain of a URL or host name: the public suffix plus one
 * label, lower case, IDN as punycode. Scheme, credentials, port, path, query,
 * fragment, a trailing dot and every sub-domain (`www.` included) are dropped:
 * `https://user@WWW.Shop.example:8443/p?q=1` → `shop.example`,
 * `a.b.shop.co.uk` → `shop.co.uk`, `bücher.example` → `xn--bcher-kva.example`.
 *
 * Null for IP addresses (not domains), a public suffix alone (`co.uk`),
 * single-label hosts (`localhost`), URLs of non-web schemes (`javascript:`,
 * `mailto:`, `data:`) and anything that is not a host name. Defanged forms
 * (`hxxps://shop[.]example`) are accepted.
 *
 * Look-alike letters are NOT folded: `shоp.example` with a Cyrillic `о` is a
 * different registered domain (`xn--shp-ted.example`) and stays one.
 */
export function registrableDomain(urlOrHost: string): string | null {
  if (typeof urlOrHost !== 'string') {
    return null;
  }
  const host = extractHost(urlOrHost);
  const ascii = host === null ? null : asciiHostname(host);
  if (ascii === null) {
    return null;
  }
  const labels = ascii.split('.');
  const suffixLength = publicSuffixLength(ascii);
  if (labels.length <= suffixLength) {
    return null;
  }
  return labels.slice(-(suffixLength + 1)).join('.');
}

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

const LOCAL_PART = /^[^\s\p{Cc}@<>()[\]\\,;:"]{1,64}$/u;

/**
 * An e-mail address, trimmed and in lower case, its domain as punycode; null
 * when the input is not an address. Accepts `mailto:` links (query dropped)
 * and the `Display Name <address>` form.
 *
 * Plus-tags and dots in the local part are deliberately KEPT: only some
 * providers ignore them, and `j.smith+shop@corp.example` and
 * `jsmith@corp.example` can be different people. Folding them would merge
 * referrals about unrelated merchants into one case, which is worse than
 * missing a match (a coordinator can still link cases by hand).
 */
export function normalizeEmail(email: string): string | null {
  if (typeof email !== 'string') {
    return null;
  }
  let text = stripFormatCharacters(email).trim();
  if (text === '' || text.length > 512) {
    return null;
  }
  if (/^mailto:/i.test(text)) {
    text = text.slice('mailto:'.length).split('?')[0];
    try {
      text = decodeURIComponent(text).trim();
    } catch {
      return null;
    }
  }
  const angle = /^[^<>]*<([^<>]*)>$/.exec(text);
  if (angle) {
    text = angle[1].trim();
  }
  text = text.normalize('NFC');
  const at = text.indexOf('@');
  if (at <= 0 || at !== text.lastIndexOf('@')) {
    return null;
  }
  const local = text.slice(0, at).toLowerCase();
  if (
    !LOCAL_PART.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  ) {
    return null;
  }
  const domain = asciiHostname(text.slice(at + 1));
  if (domain === null) {
    return null;
  }
  const address = `${local}@${domain}`;
  return address.length > 254 ? null : address;
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------

/** What may appear in a phone number as typed: digits, `+`, spaces, dashes, dots, parentheses. */
const PHONE_CHARACTERS = /^\+?[0-9\s\p{Zs}\p{Pd}.()]+$/u;
const PHONE_PUNCTUATION = /[\s\p{Zs}\p{Pd}.()]/gu;
const COUNTRY = /^[A-Z]{2}$/;

/**
 * A phone number in E.164 form, or null when it is not a number that exists in
 * its country's numbering plan (Google's libphonenumber metadata, through
 * libphonenumber-js, every country).
 *
 * Spaces, dashes, dots and parentheses are allowed; a `tel:` prefix is dropped;
 * `00` before the country code reads as `+`; the `(0)` of `+44 (0)20 ...` and a
 * national trunk prefix typed after the country code are removed. A national
 * number (no `+`/`00`) is read in `defaultCountry` (ISO 3166-1 alpha-2:
 * `020 7946 0958`, GB → `+442079460958`; `912 345 678`, ES → `+34912345678`),
 * and is null without one. Letters (vanity numbers), extensions and anything
 * else are refused: a matching key is one exact line.
 */
export function normalizePhoneE164(phone: string, defaultCountry?: string): string | null {
  if (typeof phone !== 'string' || phone.length > 256) {
    return null;
  }
  let text = toAsciiDigits(stripFormatCharacters(phone).normalize('NFKC')).trim();
  text = text.replace(/^tel:/i, '');
  if (text === '' || text.length > 64 || !PHONE_CHARACTERS.test(text)) {
    return null;
  }
  if (text.replace(PHONE_PUNCTUATION, '').startsWith('00')) {
    text = `+${text.replace(PHONE_PUNCTUATION, '').slice(2)}`;
  }
  const country = defaultCountry?.trim().toUpperCase();
  const number = parsePhoneNumberFromString(
    text,
    country && COUNTRY.test(country) && isSupportedCountry(country) ? country : undefined,
  );
  return number && number.isValid() && !number.ext ? number.number : null;
}

// ---------------------------------------------------------------------------
// Crypto wallets
// ---------------------------------------------------------------------------

const WALLET_CHARACTERS = /^[A-Za-z0-9:._-]{1,256}$/;

/**
 * A crypto wallet address for matching, or null (empty input, white space
 * inside, characters no address format uses, longer than 256).
 * Hexadecimal `0x…` (Ethereum-style) addresses are lower-cased: their
 * mixed-case form is only a checksum (EIP-55). Bech32 addresses (`bc1…`,
 * `tb1…`, `ltc1…`) are lower-cased because bech32 is case-insensitive. Every
 * other format (base58 such as `1…`/`3…` Bitcoin or `T…` Tron) is
 * case-sensitive and kept exactly. Full-width look-alike characters are
 * mapped to ASCII (NFKC); the checksum of an address is not verified.
 */
export function normalizeWallet(address: string): string | null {
  if (typeof address !== 'string') {
    return null;
  }
  const text = stripFormatCharacters(address).normalize('NFKC').trim();
  if (!WALLET_CHARACTERS.test(text)) {
    return null;
  }
  if (/^0x[0-9a-f]+$/i.test(text) || /^(?:bc1|tb1|bcrt1|ltc1)/i.test(text)) {
    return text.toLowerCase();
  }
  return text;
}

// ---------------------------------------------------------------------------
// Card-network merchant ids
// ---------------------------------------------------------------------------

function cleanIdentifier(value: string): string {
  return toAsciiDigits(stripFormatCharacters(value).normalize('NFKC'))
    .toUpperCase()
    .replace(/\s+/g, '');
}

/**
 * `${acquirer}:${mid}` for an acquirer id (ICA/BIN) and merchant id: both
 * trimmed, upper case, white space removed; leading zeros of the acquirer id
 * removed (`0012345` = `12345`). The merchant id keeps its leading zeros:
 * whether `000123` and `123` are one merchant depends on the acquirer. Null
 * when either part is empty or holds characters ids do not use; the acquirer
 * id may not contain `:`, so the key splits unambiguously at the first `:`.
 */
export function normalizeMerchantId(acquirerId: string, mid: string): string | null {
  if (typeof acquirerId !== 'string' || typeof mid !== 'string') {
    return null;
  }
  const acquirer = cleanIdentifier(acquirerId).replace(/^0+/, '');
  const merchant = cleanIdentifier(mid);
  if (!/^[A-Z0-9._-]{1,64}$/.test(acquirer) || !/^[A-Z0-9._/:-]{1,64}$/.test(merchant)) {
    return null;
  }
  return `${acquirer}:${merchant}`;
}
