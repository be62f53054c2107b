import {
  normalizeEmail,
  normalizeMerchantId,
  normalizePhoneE164,
  normalizeWallet,
  registrableDomain,
} from '../referrals/identifiers';
import { normalizeLegalName } from '../referrals/legal-names';
import type { MatchingKey } from '../referrals/matching-keys';

/** The longest search text taken (a pasted identifier or name; not a document). */
export const SEARCH_QUERY_MAX_LENGTH = 200;
/** The shortest search text: one letter would list everything within reach. */
export const SEARCH_QUERY_MIN_LENGTH = 2;

/** The record kinds a search can find, in the order their groups are shown on a tie. */
export const SEARCH_KINDS = ['referral', 'case', 'dispatch', 'organization', 'user'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** How a result matched, strongest first (the ranking's first key). */
export const SEARCH_MATCHES = ['reference', 'identifier', 'reference_prefix', 'name'] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

/** A record reference as typed (`FCR-2026-000123`) or the start of one (`CASE-2026-00`). */
const REFERENCE = /^(FCR|CASE|DSP)-[0-9-]*$/;

/** Wallet addresses are long; a short word that happens to be wallet-shaped is a name. */
const MIN_WALLET_LENGTH = 20;
/** Trigram similarity needs a few letters to mean anything. */
const MIN_NAME_LENGTH = 3;

/**
 * What one search text can mean, each read the way the matching keys are made
 * (domain.md, "Matching"), so that a search finds exactly what intake keyed:
 * - `reference`: a record reference or the start of one (`FCR-`, `CASE-`, `DSP-`),
 *   upper-cased: matched exactly and as a prefix;
 * - `keys`: the exact matching keys the text normalises to (domain, e-mail,
 *   phone in international form, wallet, acquirer-id:merchant-id);
 * - `merchantId`: a merchant id typed without its acquirer id (matched on any acquirer);
 * - `name`: the normalised legal name, for trigram similarity against name keys;
 * - `text`: the trimmed text, for names of people and organizations.
 */
export interface SearchTerms {
  readonly text: string;
  readonly reference: string | null;
  readonly keys: readonly MatchingKey[];
  readonly merchantId: string | null;
  readonly name: string | null;
}

/** The meanings of `query` (already bounded by validation). Never throws. */
export function searchTerms(query: string): SearchTerms {
  const text = query.trim();
  const upper = text.toUpperCase();
  if (REFERENCE.test(upper)) {
    // A reference is only ever a reference: no identifier or name looks like one.
    return {
      text,
      reference: upper,
      keys: [],
      merchantId: null,
      name: null,
    };
  }
  const keys: MatchingKey[] = [];
  const add = (kind: MatchingKey['kind'], value: string | null): void => {
    if (value !== null && !keys.some((k) => k.kind === kind && k.value === value)) {
      keys.push({ kind, value });
    }
  };
  const oneWord = !/\s/.test(text);
  if (text.includes('@')) add('email', normalizeEmail(text));
  else if (oneWord && text.includes('.')) add('domain', registrableDomain(text));
  if (/^(?:\+|00|tel:)/i.test(text)) add('phone', normalizePhoneE164(text));
  const wallet = oneWord ? normalizeWallet(text) : null;
  if (wallet !== null && wallet.length >= MIN_WALLET_LENGTH) add('wallet', wallet);
  let merchantId: string | null = null;
  // A merchant id holds a digit and is not an address; `acquirer:mid` has a numeric acquirer id.
  if (oneWord && keys.length === 0 && /[0-9]/.test(text)) {
    const pair = /^([0-9]+):(.+)$/.exec(text);
    if (pair) add('merchant_id', normalizeMerchantId(pair[1], pair[2]));
    // Any acquirer id will do to normalise the merchant id alone.
    else merchantId = normalizeMerchantId('1', text)?.slice('1:'.length) ?? null;
  }
  // An address, domain or number is looked up exactly, never as a name.
  const normalizedName = keys.length === 0 && merchantId === null ? normalizeLegalName(text) : null;
  const name =
    normalizedName !== null && normalizedName.length >= MIN_NAME_LENGTH ? normalizedName : null;
  return { text, reference: null, keys, merchantId, name };
}
