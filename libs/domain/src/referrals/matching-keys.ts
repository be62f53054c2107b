import {
  normalizeEmail,
  normalizeLegalName,
  normalizeMerchantId,
  normalizePhoneE164,
  normalizeWallet,
  registrableDomain,
} from './identifiers';

/**
 * Exact matching keys of a referral (domain.md, "Matching"). Two referrals
 * sharing any key are about the same merchant and join the same open case;
 * fuzzy name similarity is a separate, suggest-only mechanism.
 */

export const MATCHING_KEY_KINDS = [
  'domain',
  'merchant_id',
  'wallet',
  'email',
  'phone',
  'name_country',
] as const;
export type MatchingKeyKind = (typeof MATCHING_KEY_KINDS)[number];

export interface MatchingKey {
  kind: MatchingKeyKind;
  value: string;
}

/** The merchant fields that produce keys (a subset of the referral body's `merchant`). */
export interface MerchantKeyInput {
  legalName: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  websites?: string[];
  emails?: string[];
  phones?: string[];
  /**
   * `midHashes`, when present, are the keyed hashes (`kid:hex`) of a merchant id
   * that is also shaped like a card number and is stored only masked: matching
   * runs on them instead of the masked mid.
   */
  merchantIds?: { acquirerId: string; mid: string; midHashes?: string[] }[];
}

/** The observable fields that produce keys. */
export interface ObservableKeyInput {
  type: string;
  value: string;
}

/**
 * Longest key value kept. Every normalised identifier is far shorter (a host
 * name is at most 253 characters, an address 254); the bound keeps a pasted
 * essay out of an indexed column (PostgreSQL b-tree entries are limited to
 * about 2.7 kB).
 */
export const MAX_MATCHING_KEY_LENGTH = 512;

/** A key as one string, `kind:value` (e.g. `domain:shop.example`), for storage and indexing. */
export function keyString(key: MatchingKey): string {
  return `${key.kind}:${key.value}`;
}

function countryCode(country: string): string | null {
  if (typeof country !== 'string') {
    return null;
  }
  const code = country.trim().toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? code : null;
}

/**
 * The de-duplicated matching keys of a merchant and its observables, sorted by
 * keyString. Sources:
 * - `domain`: every merchant website and every `url`/`domain` observable (registrable domain);
 * - `merchant_id`: every acquirer id + merchant id (or + keyed hash of a card-shaped one);
 * - `wallet`: every `crypto_wallet` observable;
 * - `email`: merchant e-mails and `email` observables;
 * - `phone`: merchant phones and `phone` observables, E.164, national numbers
 *   read in the merchant's country;
 * - `name_country`: normalised legal name, `|`, country (`shop example|GB`).
 * A value that cannot be normalised, or whose key would be longer than
 * MAX_MATCHING_KEY_LENGTH, gives no key; it never throws. Other
 * observable types (ip, username, card, file_hash, keyword) give no key: they
 * are shared across unrelated merchants or are not identifiers of one.
 *
 * Known limit: a URL on a shared platform without its own public suffix
 * (`https://t.me/some_channel`, a file-sharing link) gives the platform's
 * domain, which unrelated referrals share; such domains need a stop list
 * before keys are used to join cases automatically.
 */
export function matchingKeys(
  merchant: MerchantKeyInput,
  observables: readonly ObservableKeyInput[] = [],
): MatchingKey[] {
  const keys = new Map<string, MatchingKey>();
  const add = (kind: MatchingKeyKind, value: string | null): void => {
    if (value !== null && value.length <= MAX_MATCHING_KEY_LENGTH) {
      const key: MatchingKey = { kind, value };
      keys.set(keyString(key), key);
    }
  };
  const country = countryCode(merchant.country);

  for (const website of merchant.websites ?? []) {
    add('domain', registrableDomain(website));
  }
  for (const id of merchant.merchantIds ?? []) {
    if (id?.midHashes && id.midHashes.length > 0) {
      const acquirer = normalizeMerchantId(id.acquirerId, '0')?.slice(0, -2);
      for (const hash of id.midHashes) add('merchant_id', acquirer ? `${acquirer}:#${hash}` : null);
    } else {
      add('merchant_id', id ? normalizeMerchantId(id.acquirerId, id.mid) : null);
    }
  }
  for (const email of merchant.emails ?? []) {
    add('email', normalizeEmail(email));
  }
  for (const phone of merchant.phones ?? []) {
    add('phone', normalizePhoneE164(phone, country ?? undefined));
  }
  const name = normalizeLegalName(merchant.legalName);
  if (name !== null && country !== null) {
    add('name_country', `${name}|${country}`);
  }

  for (const observable of observables) {
    if (!observable || typeof observable.value !== 'string') {
      continue;
    }
    switch (observable.type) {
      case 'url':
      case 'domain':
        add('domain', registrableDomain(observable.value));
        break;
      case 'crypto_wallet':
        add('wallet', normalizeWallet(observable.value));
        break;
      case 'email':
        add('email', normalizeEmail(observable.value));
        break;
      case 'phone':
        add('phone', normalizePhoneE164(observable.value, country ?? undefined));
        break;
      default:
        break;
    }
  }

  return [...keys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, key]) => key);
}
