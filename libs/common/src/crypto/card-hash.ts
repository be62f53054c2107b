import { createHmac } from 'node:crypto';
import { ConfigurationError } from '../config/environment';

interface HashKey {
  id: string;
  key: Buffer;
}

/**
 * Parse CARD_HASH_KEYS: `id:base64key[,id:base64key…]`, each key 32 bytes, the
 * first one current. Kept apart from FIELD_ENCRYPTION_KEYS and from the data.
 */
export function parseCardHashKeys(spec: string): HashKey[] {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, material, extra] = entry.split(':');
      const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || extra !== undefined || key.length !== 32) {
        throw new ConfigurationError([
          'CARD_HASH_KEYS must be id:base64key pairs separated by commas, each key 32 bytes (openssl rand -base64 32)',
        ]);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new ConfigurationError(['CARD_HASH_KEYS is empty']);
  if (new Set(keys.map((k) => k.id)).size !== keys.length) {
    throw new ConfigurationError(['CARD_HASH_KEYS has two keys with the same id']);
  }
  return keys;
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
  constructor(private readonly keys: HashKey[]) {}

  hashes(value: string): string[] {
    return this.keys.map(
      ({ id, key }) => `${id}:${createHmac('sha256', key).update(value, 'utf8').digest('hex')}`,
    );
  }
}
