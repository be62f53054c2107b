import { asciiHostname, normalizePhoneE164 } from '@app/domain';
import { isEmail, isIP } from 'class-validator';

/** Contact details of merchants and agencies: websites, e-mail addresses, phone numbers. */

export const MAX_URL_LENGTH = 2048;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** A host name with a port, a path, a query or a fragment after it, and no scheme. */
const SCHEMELESS_WITH_PATH = /^([^/?#\\\s:@]+)(:[0-9]{1,5})?([/?#][^\s]*)?$/;

/**
 * A web address typed without its scheme but with more than a host name
 * (`shop.example/offer`, `shop.example:8443/pay?x=1`) gets `https://`, the
 * form browsers assume. Anything else is returned unchanged: URLs with a
 * scheme, bare domain names (kept as sent, a domain), and what is not a web
 * address at all (`javascript:alert(1)`, `mailto:x@y.example`), which
 * websiteProblem then refuses. Runs before validation, so every rule (the
 * card-number scanner included) applies to the value that is stored.
 */
export function websiteWithScheme(value: string): string {
  const match = SCHEMELESS_WITH_PATH.exec(value);
  if (!match || (match[2] === undefined && match[3] === undefined)) return value;
  return asciiHostname(match[1]) === null ? value : `https://${value}`;
}

/**
 * A website of a merchant: an `http`/`https` URL with a host name or IP
 * address and no user name or password, or a bare domain name
 * (`shop.example`). Every other scheme (`javascript:`, `data:`, `ftp:`,
 * `mailto:`...) is refused, so a stored website is always safe to show as a link.
 */
export function websiteProblem(value: string): string | null {
  const expected = 'must be a web address such as shop.example or https://shop.example/offer';
  if (value.length === 0 || value.length > MAX_URL_LENGTH) {
    return `must be 1 to ${MAX_URL_LENGTH} characters long`;
  }
  const scheme = SCHEME.exec(value);
  if (!scheme) {
    return asciiHostname(value) !== null && !/[/?#\\:@\s]/.test(value) ? null : expected;
  }
  const name = scheme[1].toLowerCase();
  if (name !== 'http' && name !== 'https') return expected;
  if (!value.slice(scheme[0].length).startsWith('//')) return expected;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected;
  }
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return asciiHostname(host) !== null || isIP(host) ? null : expected;
}

export const MAX_EMAIL_LENGTH = 254;

export function emailProblem(value: string): string | null {
  return value.length <= MAX_EMAIL_LENGTH && isEmail(value)
    ? null
    : `must be an e-mail address of at most ${MAX_EMAIL_LENGTH} characters`;
}

const INTERNATIONAL = /^\s*(?:tel:)?\s*(?:\+|00)/i;

/**
 * A number that exists in its country's numbering plan (libphonenumber's
 * metadata, every country): in international form, or in national form read in
 * `country` when one is given (the merchant's country). Digits, spaces and
 * `+ - ( ) .` only; no letters, no extension.
 */
export function phoneProblem(value: string, country?: unknown): string | null {
  const home = typeof country === 'string' && country.trim() !== '' ? country : undefined;
  if (normalizePhoneE164(value, home) !== null) return null;
  if (!INTERNATIONAL.test(value) && home === undefined) {
    return 'must be a phone number in international form, starting with + and the country code, such as +44 20 7946 0958 (a national number needs the country)';
  }
  return "must be a phone number that exists in its country's numbering plan, such as +44 20 7946 0958, without letters or an extension";
}
