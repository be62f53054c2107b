import {
  asciiHostname,
  LEGAL_NAME_SUFFIXES,
  normalizeEmail,
  normalizeLegalName,
  normalizeMerchantId,
  normalizePhoneE164,
  normalizeWallet,
  registrableDomain,
} from './identifiers';

const HUGE = 100_000;

describe('registrableDomain', () => {
  it('should reduce every spelling of one website to the same domain', () => {
    for (const input of [
      'https://WWW.Shop.example/path?x=1',
      'shop.example',
      'http://shop.example:8080',
      'sub.shop.example',
      'SHOP.EXAMPLE',
      'shop.example.',
      'https://shop.example./',
      'https://user:secret@shop.example/login',
      'https://shop.example#top',
      'https://shop.example?ref=1',
      '//shop.example/cdn.js',
      'shop.example:443/checkout',
      'www.shop.example/index.html',
      'ftp://files.shop.example/',
      '  https://shop.example  ',
      'https:\\\\shop.example\\path',
    ]) {
      expect([input, registrableDomain(input)]).toEqual([input, 'shop.example']);
    }
  });

  it('should keep a domain registered under a multi-part public suffix', () => {
    expect(registrableDomain('shop.co.uk')).toBe('shop.co.uk');
    expect(registrableDomain('https://www.shop.co.uk/')).toBe('shop.co.uk');
    expect(registrableDomain('a.b.shop.co.uk')).toBe('shop.co.uk');
    expect(registrableDomain('pay.shop.com.au')).toBe('shop.com.au');
    expect(registrableDomain('store.shop.co.jp')).toBe('shop.co.jp');
    expect(registrableDomain('m.shop.com.br')).toBe('shop.com.br');
  });

  it('should keep merchants on multi-tenant hosting platforms apart', () => {
    expect(registrableDomain('https://merchant-a.myshopify.com/products')).toBe(
      'merchant-a.myshopify.com',
    );
    expect(registrableDomain('https://merchant-b.myshopify.com/')).toBe('merchant-b.myshopify.com');
    expect(registrableDomain('www.someone.github.io')).toBe('someone.github.io');
  });

  it('should return null for a public suffix on its own', () => {
    expect(registrableDomain('co.uk')).toBeNull();
    expect(registrableDomain('https://co.uk/')).toBeNull();
    expect(registrableDomain('myshopify.com')).toBeNull();
  });

  it('should keep a domain whose registrable label is www', () => {
    expect(registrableDomain('www.example')).toBe('www.example');
    expect(registrableDomain('www.co.uk')).toBe('www.co.uk');
  });

  it('should convert international domain names to punycode', () => {
    expect(registrableDomain('https://www.bücher.example/')).toBe('xn--bcher-kva.example');
    expect(registrableDomain('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
    expect(registrableDomain('BÜCHER.example')).toBe('xn--bcher-kva.example');
    expect(registrableDomain('магазин.рф')).toBe('xn--80aairftm.xn--p1ai');
  });

  it('should map full-width letters and ideographic dots to the same ASCII domain', () => {
    expect(registrableDomain('ｓｈｏｐ．ｅｘａｍｐｌｅ')).toBe('shop.example');
    expect(registrableDomain('shop。example')).toBe('shop.example');
  });

  it('should keep a look-alike domain with a Cyrillic letter distinct from the real one', () => {
    const lookalike = registrableDomain('shоp.example'); // Cyrillic о
    expect(lookalike).toBe('xn--shp-ted.example');
    expect(lookalike).not.toBe('shop.example');
  });

  it('should ignore zero-width characters pasted into a host', () => {
    expect(registrableDomain('sh\u200bop.example')).toBe('shop.example');
  });

  it('should accept defanged indicators from threat reports', () => {
    expect(registrableDomain('hxxps://www.shop[.]example/path')).toBe('shop.example');
    expect(registrableDomain('shop(.)example')).toBe('shop.example');
    expect(registrableDomain('shop[dot]example')).toBe('shop.example');
  });

  it('should return null for IP addresses in every notation', () => {
    for (const input of [
      '192.0.2.1',
      'http://192.0.2.1/x',
      'http://192.0.2.1:8080',
      '0x7f.1',
      'http://3232235777/',
      '[2001:db8::1]',
      'http://[2001:db8::1]:443/',
      '2001:db8::1',
    ]) {
      expect([input, registrableDomain(input)]).toEqual([input, null]);
    }
  });

  it('should return null for URLs that name no website', () => {
    for (const input of [
      'javascript:alert(1)',
      'JavaScript://shop.example/%0aalert(1)',
      'mailto:sales@shop.example',
      'data:text/html,<b>x</b>',
      'tel:+442079460958',
      'file:///etc/passwd',
      'about:blank',
    ]) {
      expect([input, registrableDomain(input)]).toEqual([input, null]);
    }
  });

  it('should return null for an e-mail address', () => {
    expect(registrableDomain('sales@shop.example')).toBeNull();
  });

  it('should return null for garbage', () => {
    for (const input of [
      '',
      '   ',
      'localhost',
      'http://localhost:3000',
      'not a domain',
      'shop..example',
      '.shop.example',
      '-shop.example',
      'shop-.example',
      'shop.example:abc',
      'http://',
      'https:///path',
      '...',
      'shop.123',
      'shop.e',
      `${'a'.repeat(64)}.example`,
      'http://sh<op.example',
      'shop example.com',
    ]) {
      expect([input, registrableDomain(input)]).toEqual([input, null]);
    }
  });

  it('should return null for a non-string passed by untyped code', () => {
    expect(registrableDomain(undefined as unknown as string)).toBeNull();
    expect(registrableDomain(42 as unknown as string)).toBeNull();
  });

  it('should answer for 100k-character input', () => {
    expect(registrableDomain('a'.repeat(HUGE))).toBeNull();
    expect(registrableDomain(`https://shop.example/${'a'.repeat(HUGE)}`)).toBeNull();
    expect(registrableDomain('a.'.repeat(HUGE / 2))).toBeNull();
    expect(registrableDomain(`${'[.]'.repeat(HUGE / 3)}`)).toBeNull();
    expect(registrableDomain(`${'a:'.repeat(HUGE / 2)}`)).toBeNull();
  });

  it('should know every second-level registry of the Public Suffix List, so shops under one stay apart', () => {
    for (const suffix of [
      'com.cy',
      'com.mt',
      'com.es',
      'com.pe',
      'co.nz',
      'org.uk',
      'vercel.app',
    ]) {
      expect([suffix, registrableDomain(`one-shop.${suffix}`)]).toEqual([
        suffix,
        `one-shop.${suffix}`,
      ]);
      expect(registrableDomain(`www.other-shop.${suffix}`)).not.toBe(
        registrableDomain(`one-shop.${suffix}`),
      );
      expect(registrableDomain(suffix)).toBeNull();
    }
  });
});

describe('asciiHostname', () => {
  it('should return the full host name in lower-case ASCII without reducing it', () => {
    expect(asciiHostname('WWW.Shop.Example')).toBe('www.shop.example');
    expect(asciiHostname('mail.bücher.example.')).toBe('mail.xn--bcher-kva.example');
  });

  it('should refuse IP addresses, single labels and invalid host names', () => {
    for (const host of ['192.0.2.1', 'localhost', '', 'a..b', 'a b.example', 'x.1']) {
      expect([host, asciiHostname(host)]).toEqual([host, null]);
    }
  });
});

describe('normalizeEmail', () => {
  it('should trim and lower-case an address', () => {
    expect(normalizeEmail('  Sales@Shop.Example ')).toBe('sales@shop.example');
    expect(normalizeEmail('SALES@SHOP.EXAMPLE')).toBe('sales@shop.example');
  });

  it('should keep plus-tags and dots so distinct people are never merged', () => {
    expect(normalizeEmail('J.Smith+shop@Corp.Example')).toBe('j.smith+shop@corp.example');
    expect(normalizeEmail('jsmith@corp.example')).not.toBe(normalizeEmail('j.smith@corp.example'));
    expect(normalizeEmail('jsmith+a@corp.example')).not.toBe(normalizeEmail('jsmith@corp.example'));
  });

  it('should accept mailto: links and drop their query', () => {
    expect(normalizeEmail('mailto:Sales@Shop.Example')).toBe('sales@shop.example');
    expect(normalizeEmail('MAILTO:sales@shop.example?subject=Order%201')).toBe(
      'sales@shop.example',
    );
    expect(normalizeEmail('mailto:sales%40shop.example')).toBe('sales@shop.example');
  });

  it('should accept the display-name form', () => {
    expect(normalizeEmail('Shop Example <Sales@Shop.Example>')).toBe('sales@shop.example');
    expect(normalizeEmail('<sales@shop.example>')).toBe('sales@shop.example');
  });

  it('should convert an international domain to punycode', () => {
    expect(normalizeEmail('info@Bücher.example')).toBe('info@xn--bcher-kva.example');
    expect(normalizeEmail('info@xn--bcher-kva.example')).toBe('info@xn--bcher-kva.example');
  });

  it('should ignore zero-width characters pasted into an address', () => {
    expect(normalizeEmail('sales\u200b@shop.example')).toBe('sales@shop.example');
  });

  it('should return null for things that are not addresses', () => {
    for (const input of [
      '',
      '   ',
      'sales',
      'sales@',
      '@shop.example',
      'sales@@shop.example',
      'a@b@shop.example',
      'sales@localhost',
      'sales@192.0.2.1',
      'sales@[192.0.2.1]',
      'sales @shop.example',
      'sa les@shop.example',
      '.sales@shop.example',
      'sales.@shop.example',
      'sa..les@shop.example',
      '"sales"@shop.example',
      'sales@shop..example',
      'sales@shop_example',
      `${'a'.repeat(65)}@shop.example`,
      'javascript:alert(1)//@shop.example',
      'mailto:',
      'mailto:%E0%A4%A@shop.example',
      'sales@shop.example\n',
    ]) {
      if (input === 'sales@shop.example\n') {
        // Trailing white space, including a new line, is trimmed.
        expect(normalizeEmail(input)).toBe('sales@shop.example');
      } else {
        expect([input, normalizeEmail(input)]).toEqual([input, null]);
      }
    }
  });

  it('should return null for a non-string passed by untyped code', () => {
    expect(normalizeEmail(null as unknown as string)).toBeNull();
  });

  it('should answer for 100k-character input', () => {
    expect(normalizeEmail(`${'a'.repeat(HUGE)}@shop.example`)).toBeNull();
    expect(normalizeEmail('@'.repeat(HUGE))).toBeNull();
    expect(normalizeEmail(`x <${'<'.repeat(HUGE)}`)).toBeNull();
  });
});

describe('normalizePhoneE164', () => {
  it('should keep an E.164 number as it is', () => {
    expect(normalizePhoneE164('+442079460958')).toBe('+442079460958');
  });

  it('should strip spaces, dashes, dots and parentheses', () => {
    expect(normalizePhoneE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhoneE164('+1 (415) 555-0100')).toBe('+14155550100');
    expect(normalizePhoneE164('+33 1.23.45.67.89')).toBe('+33123456789');
    expect(normalizePhoneE164('+49\u00a030\u2013123456')).toBe('+4930123456');
  });

  it('should turn the 00 international prefix into +', () => {
    expect(normalizePhoneE164('0044 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhoneE164('00 1 415 555 0100')).toBe('+14155550100');
  });

  it('should drop the (0) written after a country code', () => {
    expect(normalizePhoneE164('+44 (0)20 7946 0958')).toBe('+442079460958');
    expect(normalizePhoneE164('+44(0)2079460958')).toBe('+442079460958');
    expect(normalizePhoneE164('0049 (0) 30 123456')).toBe('+4930123456');
  });

  it('should drop a trunk 0 typed after a country code whose plan has one', () => {
    expect(normalizePhoneE164('+44 020 7946 0958')).toBe('+442079460958');
    expect(normalizePhoneE164('+31 020 123 4567')).toBe('+31201234567');
    expect(normalizePhoneE164('+353 01 234 5678')).toBe('+35312345678');
  });

  it('should keep a leading 0 that belongs to the number', () => {
    // Italian numbers keep their 0 after +39.
    expect(normalizePhoneE164('+39 06 1234 5678')).toBe('+390612345678');
  });

  it('should read national numbers with the default country and drop the trunk prefix', () => {
    expect(normalizePhoneE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalizePhoneE164('07911 123456', 'gb')).toBe('+447911123456');
    expect(normalizePhoneE164('(415) 555-0100', 'US')).toBe('+14155550100');
    expect(normalizePhoneE164('1-415-555-0100', 'US')).toBe('+14155550100');
    expect(normalizePhoneE164('416 555 0100', 'CA')).toBe('+14165550100');
    expect(normalizePhoneE164('01 23 45 67 89', 'FR')).toBe('+33123456789');
    expect(normalizePhoneE164('030 123456', 'DE')).toBe('+4930123456');
    expect(normalizePhoneE164('020 123 4567', 'NL')).toBe('+31201234567');
    expect(normalizePhoneE164('01 234 5678', 'IE')).toBe('+35312345678');
    expect(normalizePhoneE164('02 9374 4000', 'AU')).toBe('+61293744000');
  });

  it('should read national numbers of every country, not a short list', () => {
    const national: [string, string, string][] = [
      ['912 345 678', 'ES', '+34912345678'],
      ['612 345 678', 'es', '+34612345678'],
      ['06 1234 5678', 'IT', '+390612345678'],
      ['03-1234-5678', 'JP', '+81312345678'],
      ['(11) 91234-5678', 'BR', '+5511912345678'],
      ['098765 43210', 'IN', '+919876543210'],
      ['021 123 4567', 'ZA', '+27211234567'],
      ['55 1234 5678', 'MX', '+525512345678'],
      ['6123 4567', 'SG', '+6561234567'],
    ];
    for (const [input, country, e164] of national) {
      expect([input, country, normalizePhoneE164(input, country)]).toEqual([input, country, e164]);
    }
  });

  it('should refuse numbers that do not exist in their numbering plan', () => {
    for (const input of [
      '+1 555 555 5555',
      '+999 1234 5678',
      '+44 20 1234',
      '+33 0 00 00 00 00',
      '+12345678',
      '+123456789012345',
      '+1234567890123456',
    ]) {
      expect([input, normalizePhoneE164(input)]).toEqual([input, null]);
    }
    expect(normalizePhoneE164('07700 900123', 'GB')).toBeNull(); // reserved for drama
  });

  it('should give the same key for the national and international forms of one number', () => {
    const forms = ['+44 20 7946 0958', '0044 20 7946 0958', '+44 (0)20 7946 0958'];
    const keys = new Set([
      ...forms.map((f) => normalizePhoneE164(f)),
      normalizePhoneE164('020 7946 0958', 'GB'),
    ]);
    expect([...keys]).toEqual(['+442079460958']);
  });

  it('should ignore the default country for a number that has its own country code', () => {
    expect(normalizePhoneE164('+33 1 23 45 67 89', 'GB')).toBe('+33123456789');
  });

  it('should return null for a national number without a known default country', () => {
    expect(normalizePhoneE164('020 7946 0958')).toBeNull();
    expect(normalizePhoneE164('020 7946 0958', 'ZZ')).toBeNull();
    expect(normalizePhoneE164('020 7946 0958', '')).toBeNull();
  });

  it('should accept a tel: link', () => {
    expect(normalizePhoneE164('tel:+44-20-7946-0958')).toBe('+442079460958');
  });

  it('should read full-width and Arabic-Indic digits', () => {
    expect(normalizePhoneE164('＋４４ ２０ ７９４６ ０９５８')).toBe('+442079460958');
    expect(normalizePhoneE164('+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨')).toBe('+442079460958');
  });

  it('should return null for letters, extensions, stray plus signs and garbage', () => {
    for (const input of [
      '',
      '   ',
      '+',
      '00',
      '+0 20 7946 0958',
      '1-800-FLOWERS',
      '+44 20 7946 0958 ext. 12',
      '+44 20 7946 0958 x12',
      '+44+2079460958',
      '44+2079460958',
      '+44/20/7946/0958',
      '+44 20 7946 0958#',
      'javascript:alert(1)',
      'tel:',
      '+44 20 7946 0958\u0000',
    ]) {
      expect([input, normalizePhoneE164(input, 'GB')]).toEqual([input, null]);
    }
  });

  it('should return null for a non-string passed by untyped code', () => {
    expect(normalizePhoneE164(442079460958 as unknown as string)).toBeNull();
  });

  it('should answer for 100k-character input', () => {
    expect(normalizePhoneE164('1'.repeat(HUGE), 'GB')).toBeNull();
    expect(normalizePhoneE164(`+${' '.repeat(HUGE)}1`)).toBeNull();
  });
});

describe('normalizeWallet', () => {
  const ETH = '0x52908400098527886E0F7030069857D2E4169EE7';

  it('should lower-case an Ethereum-style hex address so checksum case does not matter', () => {
    expect(normalizeWallet(ETH)).toBe('0x52908400098527886e0f7030069857d2e4169ee7');
    expect(normalizeWallet(ETH.toLowerCase())).toBe(normalizeWallet(ETH));
    expect(normalizeWallet('0X52908400098527886E0F7030069857D2E4169EE7')).toBe(
      '0x52908400098527886e0f7030069857d2e4169ee7',
    );
  });

  it('should lower-case bech32 addresses, which are case-insensitive', () => {
    expect(normalizeWallet('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toBe(
      'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
    );
    expect(normalizeWallet('tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')).toBe(
      'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
    );
  });

  it('should keep the case of base58 addresses, which is significant', () => {
    expect(normalizeWallet('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toBe(
      '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
    );
    expect(normalizeWallet('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')).toBe(
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
    );
    expect(normalizeWallet('TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7')).toBe(
      'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
    );
    expect(normalizeWallet('1bvbmseystwetqtfn5au4m4gfg7xjanvn2')).not.toBe(
      normalizeWallet('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'),
    );
  });

  it('should trim surrounding white space and invisible characters', () => {
    expect(normalizeWallet(`  ${ETH}\n`)).toBe('0x52908400098527886e0f7030069857d2e4169ee7');
    expect(normalizeWallet(`\u200b${ETH}\ufeff`)).toBe(
      '0x52908400098527886e0f7030069857d2e4169ee7',
    );
  });

  it('should map full-width look-alike characters to ASCII', () => {
    expect(normalizeWallet('０ｘ５２９０８４')).toBe('0x529084');
  });

  it('should return null for empty input, inner white space and foreign characters', () => {
    for (const input of [
      '',
      '   ',
      '0x5290 8400',
      '1BvBMSEYstWetqTFn5Au4m4GFg7x\tJaNVN2',
      'bc1q\nw508',
      '<script>',
      'wallet/../../etc',
      '0x52908400098527886E0F7030069857D2E4169EE7?amount=1',
      'bc1qw508d6qеjx', // Cyrillic е
      'a'.repeat(257),
    ]) {
      expect([input, normalizeWallet(input)]).toEqual([input, null]);
    }
  });

  it('should return null for a non-string passed by untyped code', () => {
    expect(normalizeWallet(undefined as unknown as string)).toBeNull();
  });

  it('should answer for 100k-character input', () => {
    expect(normalizeWallet('a'.repeat(HUGE))).toBeNull();
    expect(normalizeWallet(' '.repeat(HUGE))).toBeNull();
  });
});

describe('normalizeLegalName', () => {
  it('should give one name for the usual spellings of a company', () => {
    for (const input of [
      'Shop Example Ltd.',
      'SHOP EXAMPLE LIMITED',
      'Shop-Example, LLC',
      'shop example',
      '  Shop   Example  Inc ',
      'Shop Example Pty Ltd',
      'Shop Example GmbH',
      'Shop Example S.A.',
      'Shop Example B.V.',
      'Shop Example Corp.',
      'Shop Example Co., Ltd.',
      'Shop Example Pvt. Ltd.',
      'Shop Example Private Limited',
      'Shop Example GmbH & Co. KG',
      'Shop Example & Co',
      'Shop Example S.p.A.',
      'Shop Example, L.L.C.',
    ]) {
      expect([input, normalizeLegalName(input)]).toEqual([input, 'shop example']);
    }
  });

  it('should remove diacritics and compatibility forms', () => {
    expect(normalizeLegalName('Société Générale S.A.')).toBe('societe generale');
    expect(normalizeLegalName('Müller Straße GmbH')).toBe('muller strasse');
    expect(normalizeLegalName('Ｓｈｏｐ Ｅｘａｍｐｌｅ Ｌｔｄ')).toBe('shop example');
    expect(normalizeLegalName('Øresund Æble AB')).toBe('oresund aeble');
    expect(normalizeLegalName('İstanbul Ticaret A.Ş.')).toBe('istanbul ticaret');
  });

  it('should turn & into and', () => {
    expect(normalizeLegalName('Smith & Sons Ltd')).toBe('smith and sons');
    expect(normalizeLegalName('Smith and Sons Limited')).toBe('smith and sons');
    expect(normalizeLegalName('AT&T')).toBe('at and t');
  });

  it('should drop apostrophes so possessives match', () => {
    expect(normalizeLegalName("Macy's Inc.")).toBe('macys');
    expect(normalizeLegalName('Macy’s')).toBe('macys');
    expect(normalizeLegalName('Macys')).toBe('macys');
  });

  it('should turn other punctuation into spaces but keep numbers', () => {
    expect(normalizeLegalName('shop.example/24-7 Ltd')).toBe('shop example 24 7');
    expect(normalizeLegalName('A1 Media (Holdings) Ltd')).toBe('a1 media holdings');
    expect(normalizeLegalName('Shop Example (UK) Ltd')).toBe('shop example uk');
  });

  it('should remove legal-form words only at the end of the name', () => {
    expect(normalizeLegalName('Company Shop Ltd')).toBe('company shop');
    expect(normalizeLegalName('The Limited Edition Store')).toBe('the limited edition store');
    expect(normalizeLegalName('Inc Media SA')).toBe('inc media');
  });

  it('should keep scripts other than Latin', () => {
    expect(normalizeLegalName('ООО Магазин')).toBe('ооо магазин');
    expect(normalizeLegalName('株式会社ショップ')).toBe('株式会社ショップ');
    expect(normalizeLegalName('ブラウン商店')).not.toBe(normalizeLegalName('フラウン商店'));
    expect(normalizeLegalName('मुंबई ट्रेडर्स')).toBe('मुंबई ट्रेडर्स');
  });

  it('should not fold look-alike letters from another script', () => {
    expect(normalizeLegalName('Shоp Example Ltd')).not.toBe('shop example'); // Cyrillic о
  });

  it('should ignore zero-width characters inside a name', () => {
    expect(normalizeLegalName('Sh\u200bop Example Ltd')).toBe('shop example');
  });

  it('should return null when nothing but legal-form words or punctuation is left', () => {
    for (const input of [
      '',
      '   ',
      'Ltd',
      'Limited Ltd.',
      'LLC, Inc.',
      '...',
      '--',
      'Co & Co',
      '\u200b',
    ]) {
      expect([input, normalizeLegalName(input)]).toEqual([input, null]);
    }
  });

  it('should return null for a non-string passed by untyped code', () => {
    expect(normalizeLegalName(undefined as unknown as string)).toBeNull();
  });

  it('should answer for 100k-character input', () => {
    expect(normalizeLegalName('a.'.repeat(HUGE / 2))).toBe('a'.repeat(HUGE / 2));
    expect(normalizeLegalName('ltd '.repeat(HUGE / 4))).toBeNull();
    expect(normalizeLegalName('x'.repeat(HUGE))).toBe('x'.repeat(HUGE));
    normalizeLegalName('&'.repeat(HUGE));
  });

  it('should list every legal-form word in its normalised spelling', () => {
    for (const suffix of LEGAL_NAME_SUFFIXES) {
      expect(normalizeLegalName(`Shop ${suffix}`)).toBe('shop');
      expect(suffix).toMatch(/^[a-z]+$/);
    }
  });
});

describe('normalizeMerchantId', () => {
  it('should join the acquirer id and merchant id with a colon', () => {
    expect(normalizeMerchantId('412345', '123456789012')).toBe('412345:123456789012');
  });

  it('should trim, upper-case and remove spaces', () => {
    expect(normalizeMerchantId(' 412 345 ', ' ab12 cd34 ')).toBe('412345:AB12CD34');
  });

  it('should remove leading zeros of the acquirer id only', () => {
    expect(normalizeMerchantId('000412345', '000123')).toBe('412345:000123');
    expect(normalizeMerchantId('0412345', '000123')).toBe(normalizeMerchantId('412345', '000123'));
  });

  it('should keep hyphens, dots and slashes that merchant ids use', () => {
    expect(normalizeMerchantId('ica-1234', 'sub.mid/77-a')).toBe('ICA-1234:SUB.MID/77-A');
  });

  it('should read full-width digits and ignore zero-width characters', () => {
    expect(normalizeMerchantId('４１２３４５', '12\u200b34')).toBe('412345:1234');
  });

  it('should return null when a part is empty or only zeros', () => {
    expect(normalizeMerchantId('', '123')).toBeNull();
    expect(normalizeMerchantId('412345', '')).toBeNull();
    expect(normalizeMerchantId('   ', '123')).toBeNull();
    expect(normalizeMerchantId('0000', '123')).toBeNull();
  });

  it('should refuse a colon in the acquirer id so the key cannot be ambiguous', () => {
    expect(normalizeMerchantId('41:2345', '123')).toBeNull();
    expect(normalizeMerchantId('412345', 'A:B')).toBe('412345:A:B');
  });

  it('should return null for characters merchant ids do not use', () => {
    for (const [acquirer, mid] of [
      ['412345', '<script>'],
      ['412345', 'mid;drop'],
      ['41?2345', '123'],
      ['412345', 'ＭＩＤ１２３'.replace('Ｍ', 'М')], // Cyrillic М
    ]) {
      expect(normalizeMerchantId(acquirer, mid)).toBeNull();
    }
  });

  it('should return null for ids longer than 64 characters', () => {
    expect(normalizeMerchantId('412345', '1'.repeat(65))).toBeNull();
    expect(normalizeMerchantId('412345', '1'.repeat(64))).toBe(`412345:${'1'.repeat(64)}`);
  });

  it('should return null for non-strings passed by untyped code', () => {
    expect(normalizeMerchantId(412345 as unknown as string, '123')).toBeNull();
    expect(normalizeMerchantId('412345', null as unknown as string)).toBeNull();
  });

  it('should answer for 100k-character input', () => {
    expect(normalizeMerchantId('0'.repeat(HUGE), '1')).toBeNull();
    expect(normalizeMerchantId('1', ' '.repeat(HUGE))).toBeNull();
  });
});
