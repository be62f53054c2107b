import { ConfigurationError } from '../config/environment';

export interface NamedKey {
  id: string;
  key: Buffer;
}

/**
 * Parse a key-list setting: `id:base64key[,id:base64key…]`, each key 32 bytes,
 * ids unique, the first key current. Every secret list of the service
 * (FIELD_ENCRYPTION_KEYS, CARD_HASH_KEYS) is written and rotated the same way.
 */
export function parseKeyList(setting: string, spec: string): NamedKey[] {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id, material, extra] = entry.split(':');
      const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
      if (!id || !/^[A-Za-z0-9_-]{1,32}$/.test(id) || extra !== undefined || key.length !== 32) {
        throw new ConfigurationError([
          `${setting} must be id:base64key pairs separated by commas, each key 32 bytes (openssl rand -base64 32)`,
        ]);
      }
      return { id, key };
    });
  if (keys.length === 0) throw new ConfigurationError([`${setting} is empty`]);
  if (new Set(keys.map((k) => k.id)).size !== keys.length) {
    throw new ConfigurationError([`${setting} has two keys with the same id`]);
  }
  return keys;
}
