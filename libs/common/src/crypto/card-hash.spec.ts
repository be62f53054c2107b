import { CardNumberHasher, parseCardHashKeys } from './card-hash';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');

describe('CardNumberHasher', () => {
  it('should give one keyed hash per configured key, the current one first', () => {
    const hashes = new CardNumberHasher(parseCardHashKeys(`new:${KEY_B},old:${KEY_A}`)).hashes(
      '412345:378282246310005',
    );
    expect(hashes).toEqual([
      expect.stringMatching(/^new:[0-9a-f]{64}$/),
      expect.stringMatching(/^old:[0-9a-f]{64}$/),
    ]);
  });

  it('should keep matching across a rotation through the key both lists hold', () => {
    const before = new CardNumberHasher(parseCardHashKeys(`old:${KEY_A}`)).hashes('412345:3782');
    const after = new CardNumberHasher(parseCardHashKeys(`new:${KEY_B},old:${KEY_A}`)).hashes(
      '412345:3782',
    );
    expect(after).toContain(before[0]);
    expect(after[0]).not.toBe(before[0]);
  });

  it('should depend on the key: the same value under another key is unrelated', () => {
    const a = new CardNumberHasher(parseCardHashKeys(`k:${KEY_A}`)).hashes('v');
    const b = new CardNumberHasher(parseCardHashKeys(`k:${KEY_B}`)).hashes('v');
    expect(a[0]).not.toBe(b[0]);
  });

  it('should refuse a malformed key list without echoing it', () => {
    for (const spec of [
      '',
      'k',
      `k:${Buffer.alloc(16).toString('base64')}`,
      `a:${KEY_A},a:${KEY_B}`,
    ]) {
      expect(() => parseCardHashKeys(spec)).toThrow(/CARD_HASH_KEYS/);
    }
  });
});
