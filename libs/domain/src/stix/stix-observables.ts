import { isIPv4, isIPv6 } from 'node:net';
import { observableId } from './stix-ids';

/**
 * Observables of a package as STIX cyber-observable objects (SCOs), each with
 * the STIX pattern an indicator of it carries. Kinds STIX 2.1 has no core
 * object for (phone, crypto wallet, masked card, keyword) and hashes that are
 * references rather than file hashes (pdq, photodna_ref) are not exported as
 * observables: the JSON package remains the complete record of them.
 */

export interface StixObservable {
  /** The SCO, without markings (the builder adds them). */
  sco: Record<string, unknown> & { type: string; id: string };
  /** The STIX pattern that matches it, e.g. `[url:value = 'https://x.example/']`. */
  pattern: string;
  /** A short human name for the indicator. */
  label: string;
}

/** STIX hash names (hashing-algorithm-ov) of the file hashes a referral may carry. */
const HASH_NAMES: Readonly<Record<string, string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
};

/**
 * A string literal of the STIX patterning language: inside single quotes, a
 * backslash and a single quote are escaped with a backslash (STIX 2.1 §9.4).
 */
export function patternString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function simple(type: string, property: string, value: string, label: string): StixObservable {
  return {
    sco: {
      type,
      spec_version: '2.1',
      id: observableId(type, { [property]: value }),
      [property]: value,
    },
    pattern: `[${type}:${property} = ${patternString(value)}]`,
    label,
  };
}

/** The SCO of one observable (`{ type, value, algorithm? }`), or null when STIX has none for it. */
export function stixObservable(observable: unknown): StixObservable | null {
  if (!observable || typeof observable !== 'object') return null;
  const { type, value, algorithm } = observable as Record<string, unknown>;
  if (typeof value !== 'string' || value === '') return null;
  switch (type) {
    case 'url':
      return simple('url', 'value', value, `URL ${value}`);
    case 'domain':
      return simple('domain-name', 'value', value, `Domain ${value}`);
    case 'email':
      return simple('email-addr', 'value', value, `E-mail address ${value}`);
    case 'ip':
      if (isIPv4(value)) return simple('ipv4-addr', 'value', value, `IP address ${value}`);
      if (isIPv6(value)) return simple('ipv6-addr', 'value', value, `IP address ${value}`);
      return null;
    case 'username':
      return simple('user-account', 'account_login', value, `Account ${value}`);
    case 'file_hash': {
      const name = typeof algorithm === 'string' ? HASH_NAMES[algorithm] : undefined;
      if (!name) return null;
      const hashes = { [name]: value };
      return {
        sco: { type: 'file', spec_version: '2.1', id: observableId('file', { hashes }), hashes },
        pattern: `[file:hashes.${patternString(name)} = ${patternString(value)}]`,
        label: `File ${name} ${value}`,
      };
    }
    default:
      return null;
  }
}

/** A merchant website as a URL observable (websites are reported as URLs). */
export function websiteObservable(website: unknown): StixObservable | null {
  return typeof website === 'string' && website !== ''
    ? simple('url', 'value', website, `URL ${website}`)
    : null;
}
