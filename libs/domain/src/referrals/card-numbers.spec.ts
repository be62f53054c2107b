import { containsFullCardNumber, maskedCardProblem, REDACTED_KEY_SEGMENT } from './card-fields';
import { findFullCardNumbers, luhnValid, MASKED_CARD_EXAMPLE } from './card-numbers';

// Well-known test card numbers published by the card networks (never real accounts).
const VISA_16 = '4111111111111111';
const VISA_13 = '4222222222222';
const VISA_19 = '4111111111111111110';
const AMEX_15 = '378282246310005';
const MASTERCARD = '5555555555554444';
const DISCOVER = '6011111111111117';
const VISA_OTHER = '4012888888881881';

describe('luhnValid', () => {
  it('should accept published test card numbers of 13, 15, 16 and 19 digits', () => {
    for (const pan of [VISA_13, AMEX_15, VISA_16, MASTERCARD, DISCOVER, VISA_OTHER, VISA_19]) {
      expect(luhnValid(pan)).toBe(true);
    }
  });

  it('should refuse a card number with one digit changed', () => {
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('378282246310006')).toBe(false);
  });

  it('should refuse two swapped adjacent digits', () => {
    expect(luhnValid('4111111111111111'.replace('41', '14'))).toBe(false);
  });

  it('should accept the classic Luhn example 79927398713', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
  });

  it('should refuse the empty string and anything that is not only ASCII digits', () => {
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111 1111 1111 1111')).toBe(false);
    expect(luhnValid('4111-1111-1111-1111')).toBe(false);
    expect(luhnValid('411111111111111a')).toBe(false);
    expect(luhnValid('４１１１１１１１１１１１１１１１')).toBe(false);
    expect(luhnValid('-4111111111111111')).toBe(false);
  });
});

describe('findFullCardNumbers', () => {
  describe('finds card numbers however they are typed', () => {
    it('should find a bare 16-digit card number', () => {
      expect(findFullCardNumbers(VISA_16)).toEqual([VISA_16]);
    });

    it('should find a card number typed with spaces inside a narrative', () => {
      expect(
        findFullCardNumbers('The buyer paid with card 4111 1111 1111 1111 on the 3rd of May.'),
      ).toEqual([VISA_16]);
    });

    it('should find a card number typed with hyphens', () => {
      expect(findFullCardNumbers('pan: 5555-5555-5555-4444')).toEqual([MASTERCARD]);
    });

    it('should find an American Express number in its 4-6-5 grouping', () => {
      expect(findFullCardNumbers('Amex 3782 822463 10005 used twice')).toEqual([AMEX_15]);
    });

    it('should find the shortest (13) and the longest (19) card numbers', () => {
      expect(findFullCardNumbers(`old visa ${VISA_13}`)).toEqual([VISA_13]);
      expect(findFullCardNumbers(`long pan ${VISA_19}`)).toEqual([VISA_19]);
    });

    it('should find a card number glued to letters or punctuation', () => {
      expect(findFullCardNumbers(`card${VISA_16}`)).toEqual([VISA_16]);
      expect(findFullCardNumbers(`(${VISA_16})`)).toEqual([VISA_16]);
      expect(findFullCardNumbers(`"${VISA_16}",`)).toEqual([VISA_16]);
      expect(findFullCardNumbers(`x${VISA_16}y`)).toEqual([VISA_16]);
    });

    it('should find two card numbers separated by a single space', () => {
      expect(findFullCardNumbers(`${VISA_16} ${VISA_OTHER}`)).toEqual([VISA_16, VISA_OTHER]);
    });

    it('should find every card number in a list', () => {
      expect(
        findFullCardNumbers(`cards: ${VISA_16}, ${MASTERCARD}; ${AMEX_15}\n${DISCOVER}`),
      ).toEqual([VISA_16, MASTERCARD, AMEX_15, DISCOVER]);
    });

    it('should find a card number typed right after a date or an amount', () => {
      expect(findFullCardNumbers('2024-01-15 4111 1111 1111 1111')).toEqual([VISA_16]);
      expect(findFullCardNumbers('on 15/01/2024 4111 1111 1111 1111 paid 12.50')).toEqual([
        VISA_16,
      ]);
      expect(findFullCardNumbers('order 123456 4111111111111111')).toEqual([VISA_16]);
    });

    it('should find a card number typed with unusual but uniform grouping', () => {
      expect(findFullCardNumbers('41111111 11111111')).toEqual([VISA_16]);
      expect(findFullCardNumbers('4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1')).toEqual([VISA_16]);
    });

    it('should find a card number typed with non-breaking spaces, en dashes or a minus sign', () => {
      expect(findFullCardNumbers('4111\u00a01111\u00a01111\u00a01111')).toEqual([VISA_16]);
      expect(findFullCardNumbers('4111\u20131111\u20131111\u20131111')).toEqual([VISA_16]);
      expect(findFullCardNumbers('4111\u22121111\u22121111\u22121111')).toEqual([VISA_16]);
      expect(findFullCardNumbers('4111\u30001111\u30001111\u30001111')).toEqual([VISA_16]);
    });

    it('should find a card number hidden with zero-width characters or soft hyphens', () => {
      expect(findFullCardNumbers('4111\u200b1111\u200b1111\u200b1111')).toEqual([VISA_16]);
      expect(findFullCardNumbers('41\u00ad11 11\ufeff11 1111 1111')).toEqual([VISA_16]);
    });

    it('should find a card number typed in full-width or Arabic-Indic digits', () => {
      expect(findFullCardNumbers('４１１１ １１１１ １１１１ １１１１')).toEqual([VISA_16]);
      expect(findFullCardNumbers('٤١١١١١١١١١١١١١١١')).toEqual([VISA_16]);
      expect(findFullCardNumbers('𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏')).toEqual([VISA_16]);
    });

    it('should find a card number inside a URL query string', () => {
      expect(findFullCardNumbers(`https://shop.example/pay?pan=${VISA_16}&cvv=123`)).toEqual([
        VISA_16,
      ]);
    });

    it('should find a negative-looking card number', () => {
      expect(findFullCardNumbers(`-${VISA_16}`)).toEqual([VISA_16]);
    });

    it('should find a card number after a plus sign when it is longer than a phone number', () => {
      expect(findFullCardNumbers(`+${VISA_16}`)).toEqual([VISA_16]);
    });

    it('should find a card number that follows an international phone number', () => {
      expect(findFullCardNumbers('+44 4111 1111 1111 1111')).toEqual([VISA_16]);
    });

    it('should find a card number inside an IBAN-shaped string that fails the IBAN check', () => {
      expect(findFullCardNumbers('DE00 4111 1111 1111 1111 00')).toContain(VISA_16);
    });

    it('should find a card number typed after a valid IBAN', () => {
      expect(findFullCardNumbers('GB82 WEST 1234 5698 7654 32 4111 1111 1111 1111')).toEqual([
        VISA_16,
      ]);
      expect(findFullCardNumbers('ES91 2100 0418 4502 0005 1332 4111 1111 1111 1111')).toEqual([
        VISA_16,
      ]);
    });
  });

  describe('does not flag numbers that are not card numbers', () => {
    it('should return nothing for empty or digit-free text', () => {
      expect(findFullCardNumbers('')).toEqual([]);
      expect(findFullCardNumbers('no numbers here')).toEqual([]);
    });

    it('should ignore a 16-digit number that fails the Luhn check', () => {
      expect(findFullCardNumbers('4111111111111112')).toEqual([]);
    });

    it('should ignore 12-digit numbers even when they pass Luhn', () => {
      expect(luhnValid('411111111117')).toBe(true);
      expect(findFullCardNumbers('ref 411111111117')).toEqual([]);
      expect(findFullCardNumbers('123456789012')).toEqual([]);
    });

    it('should ignore an unbroken run of more than 19 digits', () => {
      expect(findFullCardNumbers(`${VISA_16}0000`)).toEqual([]);
      expect(findFullCardNumbers('0'.repeat(40))).toEqual([]);
    });

    it('should ignore ISO dates, date ranges and timestamps', () => {
      expect(findFullCardNumbers('2024-01-15')).toEqual([]);
      expect(findFullCardNumbers('2024-01-15T10:30:00Z')).toEqual([]);
      expect(findFullCardNumbers('2024-01-15T10:30:00.123+01:00')).toEqual([]);
      // These digits pass Luhn but begin 2024, which no card brand uses.
      expect(findFullCardNumbers('2024 01 02 2024 01 28')).toEqual([]);
      expect(findFullCardNumbers('2024-01-02 2024-01-28')).toEqual([]);
      expect(findFullCardNumbers('2024-01-10 2024-01-28')).toEqual([]);
    });

    it('should ignore amounts with thousands and decimal separators', () => {
      expect(findFullCardNumbers('EUR 1,234,567.89')).toEqual([]);
      expect(findFullCardNumbers('1.234.567,89 €')).toEqual([]);
      expect(findFullCardNumbers('12.50 + 7.25 = 19.75')).toEqual([]);
    });

    it('should ignore UUIDs, even one whose digit groups would pass Luhn', () => {
      expect(findFullCardNumbers('123e4567-e89b-12d3-a456-426614174000')).toEqual([]);
      expect(findFullCardNumbers('41111111-1111-1111-1111-111111111111')).toEqual([]);
      expect(findFullCardNumbers('id=41111111-1111-1111-1111-111111111111.')).toEqual([]);
    });

    it('should ignore valid IBANs, compact or grouped, in either letter case', () => {
      for (const iban of [
        'GB82WEST12345698765432',
        'GB82 WEST 1234 5698 7654 32',
        'DE89370400440532013000',
        'DE89 3704 0044 0532 0130 00',
        'FR14 2004 1010 0505 0001 3M02 606',
        'NL91ABNA0417164300',
        'gb82 west 1234 5698 7654 32',
      ]) {
        expect(findFullCardNumbers(`pay to ${iban} please`)).toEqual([]);
      }
    });

    it('should ignore a valid IBAN whose digit groups would otherwise pass Luhn', () => {
      expect(findFullCardNumbers('DE95 4111 1111 1111 1111 00')).toEqual([]);
      expect(findFullCardNumbers('DE95411111111111111100')).toEqual([]);
    });

    it('should ignore international phone numbers of up to 15 digits written with +', () => {
      expect(luhnValid('8613800138002')).toBe(true);
      expect(findFullCardNumbers('call +86 138 0013 8002')).toEqual([]);
      expect(findFullCardNumbers('+8613800138002')).toEqual([]);
      expect(findFullCardNumbers('＋86 138 0013 8002')).toEqual([]);
    });

    it('should not flag the same phone digits typed without +: 86 is no card brand prefix', () => {
      expect(findFullCardNumbers('86 138 0013 8002')).toEqual([]);
    });

    it('should ignore a masked card number', () => {
      expect(findFullCardNumbers('411111******1111')).toEqual([]);
      expect(findFullCardNumbers('4111 11** **** 1111')).toEqual([]);
    });

    it('should ignore SHA-256 and MD5 hex digests', () => {
      expect(
        findFullCardNumbers('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'),
      ).toEqual([]);
      expect(findFullCardNumbers('d41d8cd98f00b204e9800998ecf8427e')).toEqual([]);
    });
  });

  describe('adversarial input', () => {
    // Their speed is measured by `npm run pan:eval` (adversarial scan figures), not here.
    it('should scan 100k characters of digit groups and find no card number', () => {
      expect(findFullCardNumbers('1234 '.repeat(20_000))).toEqual([]);
    });

    it('should scan 100k characters of IBAN-like, date-like, hyphen and letter noise', () => {
      expect(findFullCardNumbers('GB82 WEST 1234 2024-01-15 AB12 '.repeat(3300))).toEqual([]);
      expect(findFullCardNumbers('1-'.repeat(50_000))).toEqual([]);
      expect(findFullCardNumbers('a'.repeat(100_000))).toEqual([]);
      expect(findFullCardNumbers('9'.repeat(100_000))).toEqual([]);
    });

    it('should still find a card number at the end of a 100k-character text', () => {
      expect(findFullCardNumbers(`${'x '.repeat(50_000)}${VISA_16}`)).toEqual([VISA_16]);
    });

    it('should return nothing for a non-string passed by untyped code', () => {
      expect(findFullCardNumbers(undefined as unknown as string)).toEqual([]);
      expect(findFullCardNumbers(4111111111111111 as unknown as string)).toEqual([]);
    });
  });
});

describe('maskedCardProblem', () => {
  it('should accept the documented masked form', () => {
    expect(maskedCardProblem('411111******1111')).toBeNull();
    expect(maskedCardProblem(MASKED_CARD_EXAMPLE)).toBeNull();
  });

  it('should accept 3 to 9 asterisks (13 to 19 characters in all)', () => {
    expect(maskedCardProblem('422222***2222')).toBeNull();
    expect(maskedCardProblem('378282*****0005')).toBeNull();
    expect(maskedCardProblem('411111*********1110')).toBeNull();
  });

  it('should refuse a full card number with a message asking for the masked form', () => {
    const problem = maskedCardProblem(VISA_16);
    expect(problem).toMatch(/must not be a full card number/);
    expect(problem).toContain('411111******1111');
  });

  it('should refuse a full card number typed with spaces, dots or full-width digits', () => {
    expect(maskedCardProblem('4111 1111 1111 1111')).toMatch(/full card number/);
    expect(maskedCardProblem('4111.1111.1111.1111')).toMatch(/full card number/);
    expect(maskedCardProblem('４１１１１１１１１１１１１１１１')).toMatch(/full card number/);
  });

  it('should never repeat the submitted value in its message', () => {
    for (const value of [VISA_16, '4111-1111-1111-1111', 'abc', '411111**1111']) {
      expect(maskedCardProblem(value)).not.toContain(value);
    }
  });

  it('should refuse too few or too many asterisks', () => {
    expect(maskedCardProblem('411111**1111')).toMatch(/13 to 19 characters/);
    expect(maskedCardProblem('411111**********1111')).toMatch(/13 to 19 characters/);
  });

  it('should refuse other masking characters, spaces and wrong digit counts', () => {
    for (const value of [
      '411111XXXXXX1111',
      '411111xxxxxx1111',
      '411111••••••1111',
      '411111＊＊＊＊＊＊1111',
      '4111 11** **** 1111',
      ' 411111******1111',
      '411111******1111 ',
      '41111******1111',
      '4111111******1111',
      '411111******111',
      '411111******11111',
      '******1111',
      '411111******',
      '************',
      '4111111111',
    ]) {
      expect(maskedCardProblem(value)).toMatch(/must be/);
    }
  });

  it('should refuse an empty value and values that are not strings', () => {
    for (const value of ['', null, undefined, 4111111111111111, 411111, {}, []]) {
      expect(maskedCardProblem(value)).toMatch(/must be a masked card number/);
    }
  });

  it('should answer for a 100k-character value', () => {
    expect(maskedCardProblem('4'.repeat(100_000))).toMatch(/must be/);
    expect(maskedCardProblem(`411111${'*'.repeat(100_000)}1111`)).toMatch(/must be/);
  });
});

describe('containsFullCardNumber', () => {
  it('should report the paths of strings holding a card number', () => {
    const body = {
      narrative: `Paid with ${VISA_16}.`,
      merchant: {
        legalName: 'Shop Example Ltd',
        descriptors: ['SHOP*EXAMPLE', `SHOP ${MASTERCARD}`],
      },
    };
    expect(containsFullCardNumber(body)).toEqual(['narrative', 'merchant.descriptors[1]']);
  });

  it('should report the path of a card number sent as a JSON number', () => {
    expect(
      containsFullCardNumber({ observables: [{ type: 'card', value: 4111111111111111 }] }),
    ).toEqual(['observables[0].value']);
    expect(containsFullCardNumber(JSON.parse('{"pan": 4111111111111111}'))).toEqual(['pan']);
  });

  it('should report a card number sent as a bigint', () => {
    expect(containsFullCardNumber({ pan: 4111111111111111n })).toEqual(['pan']);
  });

  it('should report paths in document order, each once', () => {
    const body = {
      a: VISA_16,
      b: { c: [1, 2, `${VISA_16} and ${MASTERCARD}`], d: 'fine' },
      e: [[VISA_OTHER]],
    };
    expect(containsFullCardNumber(body)).toEqual(['a', 'b.c[2]', 'e[0][0]']);
  });

  it('should return nothing for a clean referral body', () => {
    const body = {
      category: 'commercial_csam_sale',
      indicators: ['descriptor_mismatch', 'keyword_match'],
      priority: 'P1',
      tlp: 'AMBER+STRICT',
      observedFrom: '2024-01-15',
      observedTo: '2024-03-31T23:59:59Z',
      totalAmount: { value: 123456.78, currency: 'EUR' },
      narrative: 'Many small purchases, see transaction export of 2024-03-31.',
      merchant: {
        legalName: 'Shop Example Ltd',
        tradingNames: ['Shop Example'],
        descriptors: ['SHOPEX*DIGITAL 0800 123 4567'],
        country: 'GB',
        mcc: '5815',
        acquirer: { name: 'Acquirer Example', country: 'GB', bin: '412345', ica: '1234' },
        merchantIds: [{ acquirerId: '000412345', mid: '123456789012' }],
        websites: ['https://shop.example/path?x=1'],
        emails: ['sales@shop.example'],
        phones: ['+44 20 7946 0958'],
        registrationNumber: '01234567',
        principals: [{ name: 'A. Person', countryOfResidence: 'GB', dateOfBirth: '1980-02-29' }],
      },
      observables: [
        { type: 'card', value: '411111******1111' },
        {
          type: 'file_hash',
          algorithm: 'sha256',
          value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        },
        { type: 'url', value: 'https://shop.example/item/123e4567-e89b-12d3-a456-426614174000' },
        { type: 'ip', value: '203.0.113.7', event: 'purchase' },
      ],
      transactions: [
        { date: '2024-02-01', amount: 9.99, currency: 'USD', rail: 'card', direction: 'inbound' },
        {
          date: '2024-02-02',
          amount: 1234567890,
          currency: 'USD',
          rail: 'wire',
          direction: 'outbound',
          counterparty: 'GB82 WEST 1234 5698 7654 32',
        },
      ],
      acknowledgeReportingDuty: true,
    };
    expect(containsFullCardNumber(body)).toEqual([]);
  });

  it('should report a card number used as an object key without echoing it', () => {
    const paths = containsFullCardNumber({ merchant: { [VISA_16]: 'x' } });
    expect(paths).toEqual([`merchant${REDACTED_KEY_SEGMENT}`]);
    expect(paths.join()).not.toContain(VISA_16);
  });

  it('should not echo a card-number key in the paths of values below it', () => {
    const paths = containsFullCardNumber({ [VISA_16]: { note: MASTERCARD } });
    expect(paths).toEqual([REDACTED_KEY_SEGMENT, `${REDACTED_KEY_SEGMENT}.note`]);
    expect(paths.join()).not.toMatch(/4111|5555/);
  });

  it('should quote keys that are not identifiers', () => {
    expect(containsFullCardNumber({ 'odd key': VISA_16, 'a.b': { 'c-d': VISA_16 } })).toEqual([
      '["odd key"]',
      '["a.b"]["c-d"]',
    ]);
  });

  it('should report a bare top-level value as $ and top-level arrays by index', () => {
    expect(containsFullCardNumber(VISA_16)).toEqual(['$']);
    expect(containsFullCardNumber(4111111111111111)).toEqual(['$']);
    expect(containsFullCardNumber(['ok', VISA_16])).toEqual(['[1]']);
  });

  it('should ignore booleans, null, undefined, small numbers and amounts', () => {
    expect(
      containsFullCardNumber({
        a: true,
        b: null,
        c: undefined,
        d: 42,
        e: 1234.56,
        f: 123456789012,
      }),
    ).toEqual([]);
    expect(containsFullCardNumber(null)).toEqual([]);
    expect(containsFullCardNumber(undefined)).toEqual([]);
  });

  it('should ignore numbers printed in exponent notation', () => {
    expect(
      containsFullCardNumber({ big: 4.111111111111111e25, tiny: 4.111111111111111e-20 }),
    ).toEqual([]);
  });

  it('should walk a 100k-deep nesting without overflowing the stack', () => {
    let value: unknown = VISA_16;
    for (let depth = 0; depth < 100_000; depth += 1) {
      value = [value];
    }
    const paths = containsFullCardNumber(value);
    expect(paths).toHaveLength(1);
    expect(paths[0]).toBe('[0]'.repeat(100_000));
  });

  it('should visit a value reached twice only once and survive a cycle', () => {
    const shared = { pan: VISA_16 };
    const cyclic: Record<string, unknown> = { shared };
    cyclic.self = cyclic;
    expect(containsFullCardNumber(cyclic)).toEqual(['shared.pan']);
  });

  it('should scan a 100k-character string field', () => {
    expect(containsFullCardNumber({ narrative: '5 '.repeat(50_000) })).toEqual([]);
  });
});
