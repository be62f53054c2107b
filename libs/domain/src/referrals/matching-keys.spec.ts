import {
  keyString,
  MATCHING_KEY_KINDS,
  MAX_MATCHING_KEY_LENGTH,
  matchingKeys,
  type MatchingKey,
  type MerchantKeyInput,
  type ObservableKeyInput,
} from './matching-keys';

function strings(keys: MatchingKey[]): string[] {
  return keys.map(keyString);
}

describe('keyString', () => {
  it('should join kind and value with a colon', () => {
    expect(keyString({ kind: 'domain', value: 'shop.example' })).toBe('domain:shop.example');
    expect(keyString({ kind: 'merchant_id', value: '412345:MID1' })).toBe(
      'merchant_id:412345:MID1',
    );
  });
});

describe('matchingKeys', () => {
  const merchant: MerchantKeyInput = {
    legalName: 'Shop Example Ltd.',
    country: 'GB',
    websites: ['https://WWW.Shop.example/path?x=1', 'http://shop.example:8080'],
    emails: ['Sales@Shop.Example'],
    phones: ['020 7946 0958'],
    merchantIds: [{ acquirerId: '000412345', mid: ' mid-77 ' }],
  };

  it('should build every kind of key from a full referral', () => {
    const observables: ObservableKeyInput[] = [
      { type: 'url', value: 'https://mirror.shop-example.example/item' },
      { type: 'domain', value: 'cdn.shop.example' },
      { type: 'crypto_wallet', value: '0x52908400098527886E0F7030069857D2E4169EE7' },
      { type: 'email', value: 'mailto:support@shop.example' },
      { type: 'phone', value: '07911 123456' },
    ];
    expect(strings(matchingKeys(merchant, observables))).toEqual([
      'domain:shop-example.example',
      'domain:shop.example',
      'email:sales@shop.example',
      'email:support@shop.example',
      'merchant_id:412345:MID-77',
      'name_country:shop example|GB',
      'phone:+442079460958',
      'phone:+447911123456',
      'wallet:0x52908400098527886e0f7030069857d2e4169ee7',
    ]);
  });

  it('should give two differently typed referrals about one merchant a shared key', () => {
    const bankA = matchingKeys(
      { legalName: 'SHOP EXAMPLE LIMITED', country: 'gb', websites: ['shop.example'] },
      [],
    );
    const bankB = matchingKeys({ legalName: 'Shop-Example, LLC', country: 'GB' }, [
      { type: 'url', value: 'hxxps://sub.shop[.]example/buy' },
    ]);
    const shared = strings(bankA).filter((key) => strings(bankB).includes(key));
    expect(shared).toEqual(['domain:shop.example', 'name_country:shop example|GB']);
  });

  it('should de-duplicate keys that normalise to the same value', () => {
    const keys = matchingKeys(
      {
        legalName: 'Shop Example',
        country: 'GB',
        websites: ['shop.example', 'https://www.shop.example/', 'SHOP.EXAMPLE'],
        emails: ['a@shop.example', 'A@SHOP.EXAMPLE'],
      },
      [
        { type: 'domain', value: 'shop.example' },
        { type: 'email', value: 'a@shop.example' },
      ],
    );
    expect(strings(keys)).toEqual([
      'domain:shop.example',
      'email:a@shop.example',
      'name_country:shop example|GB',
    ]);
  });

  it('should return keys sorted by their key string', () => {
    const keys = strings(matchingKeys(merchant, [{ type: 'domain', value: 'aaa.example' }]));
    expect(keys).toEqual([...keys].sort());
  });

  it('should read national phone numbers in the merchant country', () => {
    const keys = matchingKeys({ legalName: 'Shop', country: 'US', phones: ['(415) 555-0100'] }, [
      { type: 'phone', value: '415.555.0101' },
    ]);
    expect(strings(keys)).toContain('phone:+14155550100');
    expect(strings(keys)).toContain('phone:+14155550101');
  });

  it('should read national numbers of any country, giving one key for both forms', () => {
    const keys = matchingKeys(
      { legalName: 'Shop', country: 'ES', phones: ['912 345 678', '+34 912 345 678'] },
      [],
    );
    expect(strings(keys)).toEqual(['name_country:shop|ES', 'phone:+34912345678']);
  });

  it('should make no key of a number that does not exist in its plan', () => {
    const keys = matchingKeys(
      { legalName: 'Shop', country: 'US', phones: ['+1 555 555 5555'] },
      [],
    );
    expect(strings(keys)).toEqual(['name_country:shop|US']);
  });

  it('should skip every value that cannot be normalised instead of throwing', () => {
    const keys = matchingKeys(
      {
        legalName: 'Ltd',
        country: 'GB',
        websites: ['javascript:alert(1)', '192.0.2.1', '', 'localhost'],
        emails: ['not-an-email', ''],
        phones: ['call me', ''],
        merchantIds: [{ acquirerId: '', mid: '123' }],
      },
      [
        { type: 'url', value: 'data:text/html,x' },
        { type: 'crypto_wallet', value: 'has space' },
        { type: 'email', value: '@' },
        { type: 'phone', value: '+1' },
      ],
    );
    expect(keys).toEqual([]);
  });

  it('should not derive keys from observables that are not merchant identifiers', () => {
    const keys = matchingKeys({ legalName: 'Shop', country: 'GB' }, [
      { type: 'ip', value: '203.0.113.7' },
      { type: 'username', value: 'shopadmin' },
      { type: 'card', value: '411111******1111' },
      { type: 'file_hash', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { type: 'keyword', value: 'shop.example' },
      { type: 'unknown_type', value: 'shop.example' },
    ]);
    expect(strings(keys)).toEqual(['name_country:shop|GB']);
  });

  it('should not build a name key without a valid country', () => {
    for (const country of ['', 'GBR', 'G1', '  ', 'United Kingdom']) {
      expect(matchingKeys({ legalName: 'Shop Example', country }, [])).toEqual([]);
    }
    expect(strings(matchingKeys({ legalName: 'Shop Example', country: ' gb ' }, []))).toEqual([
      'name_country:shop example|GB',
    ]);
  });

  it('should keep the same name in two countries apart', () => {
    const gb = strings(matchingKeys({ legalName: 'Shop Example', country: 'GB' }, []));
    const fr = strings(matchingKeys({ legalName: 'Shop Example', country: 'FR' }, []));
    expect(gb).not.toEqual(fr);
  });

  it('should accept a merchant with only the required fields and no observables', () => {
    expect(strings(matchingKeys({ legalName: 'Shop Example', country: 'GB' }))).toEqual([
      'name_country:shop example|GB',
    ]);
  });

  it('should survive malformed entries from untyped callers', () => {
    const keys = matchingKeys(
      {
        legalName: undefined as unknown as string,
        country: 7 as unknown as string,
        merchantIds: [null as unknown as { acquirerId: string; mid: string }],
        websites: [null as unknown as string, 'shop.example'],
      },
      [null as unknown as ObservableKeyInput, { type: 'url', value: 42 as unknown as string }],
    );
    expect(strings(keys)).toEqual(['domain:shop.example']);
  });

  it('should only produce the documented key kinds', () => {
    const keys = matchingKeys(merchant, [{ type: 'crypto_wallet', value: 'bc1qw508d6qejx' }]);
    for (const key of keys) {
      expect(MATCHING_KEY_KINDS).toContain(key.kind);
    }
    expect(MATCHING_KEY_KINDS).toEqual([
      'domain',
      'merchant_id',
      'wallet',
      'email',
      'phone',
      'name_country',
    ]);
  });

  it('should not hang on a referral with 100k-character values', () => {
    const huge = 'a'.repeat(100_000);
    const keys = matchingKeys(
      {
        legalName: huge,
        country: 'GB',
        websites: [huge, `https://${huge}.example`],
        emails: [`${huge}@shop.example`],
        phones: [huge],
        merchantIds: [{ acquirerId: huge, mid: huge }],
      },
      [
        { type: 'url', value: huge },
        { type: 'crypto_wallet', value: huge },
      ],
    );
    expect(keys).toEqual([]);
  });

  it('should keep a long but plausible legal name and skip one beyond the key length limit', () => {
    const longName = 'word '.repeat(100).trim(); // 499 characters
    expect(matchingKeys({ legalName: longName, country: 'GB' })).toHaveLength(1);
    expect(matchingKeys({ legalName: `${longName} more words`, country: 'GB' })).toEqual([]);
    expect(MAX_MATCHING_KEY_LENGTH).toBe(512);
  });
});
