import { createHmac } from 'node:crypto';
import { parseKeyList, type NamedKey } from './key-list';

/** Parse CARD_HASH_KEYS. Kept apart from FIELD_ENCRYPTION_KEYS and from the data. */
export function parseCardHashKeys(spec: string): NamedKey[] {
  return parseKeyList('CARD_HASH_KEYS', spec);
}

/**
 * Keyed hashes (HMAC-SHA-256) of identifiers that are also shaped like a card
 * number, which PCI DSS 3.5.1 accepts as rendering a PAN unreadable: without
 * the key the hash cannot be brute-forced from the small space of card numbers.
 * Matching compares hashes, so a value is hashed under every configured key
 * (`kid:hex` each): after a new key is put first, referrals hashed under the
 * old one still match new ones for as long as the old key stays listed.
 */
export class CardNumberHasher {
  constructor(private readonly keys: NamedKey[]) {}

  hashes(value: string): string[] {
    return this.keys.map(
      ({ id, key }) => `${id}:${createHmac('sha256', key).update(value, 'utf8').digest('hex')}`,
    );
  }
}
