import { randomBytes } from 'node:crypto';
import { ConfigurationError } from '../config/environment';
import { FieldCipher, parseFieldKeys } from './field-cipher';

const key = () => randomBytes(32).toString('base64');

describe('FieldCipher', () => {
  it('should open what it sealed, in the same record and field', () => {
    const cipher = new FieldCipher(parseFieldKeys(`k1:${key()}`));
    const sealed = cipher.seal('GB123456789', 'referral:1:merchant.taxId');
    expect(sealed.kid).toBe('k1');
    expect(JSON.stringify(sealed)).not.toContain('GB123456789');
    expect(sealed.hint).toBe('6789');
    expect(cipher.open(sealed, 'referral:1:merchant.taxId')).toBe('GB123456789');
  });

  it('should refuse a ciphertext moved to another record or field', () => {
    const cipher = new FieldCipher(parseFieldKeys(`k1:${key()}`));
    const sealed = cipher.seal('AB123456C', 'referral:1:merchant.principals[0].nationalId');
    expect(() => cipher.open(sealed, 'referral:2:merchant.principals[0].nationalId')).toThrow();
    expect(() => cipher.open(sealed, 'referral:1:merchant.taxId')).toThrow();
  });

  it('should refuse a tampered ciphertext', () => {
    const cipher = new FieldCipher(parseFieldKeys(`k1:${key()}`));
    const sealed = cipher.seal('secret-value', 'ctx');
    const ct = Buffer.from(sealed.ct, 'base64url');
    ct[0] ^= 1;
    expect(() => cipher.open({ ...sealed, ct: ct.toString('base64url') }, 'ctx')).toThrow();
  });

  it('should seal with the first key and still open values sealed with an older one (rotation)', () => {
    const oldKey = key();
    const before = new FieldCipher(parseFieldKeys(`old:${oldKey}`));
    const sealed = before.seal('value-1234', 'ctx');
    const after = new FieldCipher(parseFieldKeys(`new:${key()},old:${oldKey}`));
    expect(after.open(sealed, 'ctx')).toBe('value-1234');
    expect(after.seal('x', 'ctx').kid).toBe('new');
  });

  it('should keep no hint for short values and mask them fully', () => {
    const cipher = new FieldCipher(parseFieldKeys(`k1:${key()}`));
    expect(FieldCipher.mask(cipher.seal('12345', 'c'))).toBe('••••');
    expect(FieldCipher.mask(cipher.seal('1234567890', 'c'))).toBe('•••• 7890');
    expect(FieldCipher.mask(null)).toBeNull();
  });

  it('should never cut a character outside the Basic Multilingual Plane in the hint', () => {
    const cipher = new FieldCipher(parseFieldKeys(`k1:${key()}`));
    const hint = cipher.seal('AB12345\u{10000}\u0001\u{10000}', 'c').hint;
    expect(hint).toBe('5\u{10000}\u0001\u{10000}');
    expect(JSON.parse(JSON.stringify(hint))).toBe(hint);
    expect(hint).not.toMatch(/^[\uDC00-\uDFFF]/);
  });

  it.each([
    ['', 'empty'],
    ['k1', 'no key'],
    ['k1:c2hvcnQ=', 'a short key'],
    [`bad id:${randomBytes(32).toString('base64')}`, 'a bad id'],
    [
      `k1:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`,
      'a duplicate id',
    ],
  ])('should refuse FIELD_ENCRYPTION_KEYS with %s (%s)', (spec) => {
    expect(() => parseFieldKeys(spec)).toThrow(ConfigurationError);
  });
});
