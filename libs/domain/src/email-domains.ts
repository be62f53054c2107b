import { getPublicSuffix } from 'tldts';
import { emailAddressProblems } from './email-address';
import { asciiHostname } from './referrals/identifiers';

/** More than any organization needs; keeps one request's checks bounded. */
export const MAX_EMAIL_DOMAINS = 50;

/**
 * The stored spelling of a domain an organization registers for its accounts'
 * addresses (lower-case ASCII, IDN labels as punycode, no trailing dot), or
 * why it cannot be one: not a host name, a label a mail host may not have
 * (underscores, look-alike letters, mixed scripts: the address rules of
 * emailAddressProblems), or a public suffix such as `co.uk`, which no single
 * organization can speak for.
 */
export function registrableEmailDomain(input: string): { domain: string } | { problem: string } {
  const domain = asciiHostname(input.trim());
  if (
    domain === null ||
    domain.includes('_') ||
    emailAddressProblems(`postmaster@${input.trim()}`).length > 0
  ) {
    return { problem: `"${input}" is not a mail host name such as northbank.example` };
  }
  if (getPublicSuffix(domain) === domain) {
    return { problem: `${domain} is a public suffix, which no single organization can hold` };
  }
  return { domain };
}

/**
 * The domain of an address in the stored spelling of registered domains, or
 * null. A new account's address must be at exactly one of its organization's
 * registered domains: a subdomain is not covered (register it too), so no
 * two organizations' domains can ever admit the same address.
 */
export function emailDomainOf(address: string): string | null {
  const at = address.lastIndexOf('@');
  return at < 0 ? null : asciiHostname(address.slice(at + 1));
}
