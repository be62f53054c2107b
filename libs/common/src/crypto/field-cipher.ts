import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { parseKeyList, type NamedKey } from './key-list';

/** The stored form of an encrypted field (see SealedField in persistence). */
export interface Sealed {
  kid: string;
  iv: string;
  ct: string;
  tag: string;
  hint: string;
}

/**
 * Parse FIELD_ENCRYPTION_KEYS. The first key seals new values; the others still
 * open values sealed with them (rotation: put a new key first, re-seal at
 * leisure, then drop the old one).
 */
export function parseFieldKeys(spec: string): NamedKey[] {
  return parseKeyList('FIELD_ENCRYPTION_KEYS', spec);
}

/**
 * AES-256-GCM for sensitive fields (tax ids, national ids). The associated data
 * binds a ciphertext to its record and field, so a value copied onto another
 * record or field does not open.
 */
export class FieldCipher {
  private readonly byId: Map<string, Buffer>;
  private readonly current: NamedKey;

  constructor(keys: NamedKey[]) {
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  seal(plain: string, context: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return {
      kid: this.current.id,
      iv: iv.toString('base64url'),
      ct: ct.toString('base64url'),
      tag: cipher.getAuthTag().toString('base64url'),
      hint: FieldCipher.hintOf(plain),
    };
  }

  open(sealed: Sealed, context: string): string {
    const key = this.byId.get(sealed.kid);
    if (!key) throw new Error(`no field key with id ${sealed.kid}`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(sealed.ct, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** What a response shows instead of the value. */
  /**
   * The last 4 characters kept in clear, counted in code points so a character
   * outside the Basic Multilingual Plane is never cut in half (a lone surrogate
   * is not valid in JSON). Short values keep no hint.
   */
  static hintOf(plain: string): string {
    const chars = Array.from(plain);
    return chars.length > 6 ? chars.slice(-4).join('') : '';
  }

  static mask(sealed: Sealed | undefined | null): string | null {
    if (!sealed) return null;
    return sealed.hint ? `•••• ${sealed.hint}` : '••••';
  }
}
