import { cardBrand } from './card-brands';
import { locateCardNumbers } from './card-fields';
import { findCardNumbers, findFullCardNumbers } from './card-numbers';

const VISA_16 = '4111111111111111';

/** Completes a prefix to a Luhn-valid number of the given length (the last digit is the check digit). */
function withCheckDigit(prefix: string, length: number): string {
  const body = prefix.padEnd(length - 1, '3');
  for (let digit = 0; digit <= 9; digit += 1) {
    const candidate = `${body}${digit}`;
    let sum = 0;
    [...candidate].reverse().forEach((char, index) => {
      const value = Number(char) * (index % 2 === 1 ? 2 : 1);
      sum += value > 9 ? value - 9 : value;
    });
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

describe('cardBrand', () => {
  it.each([
    ['Visa', '4', 16],
    ['Visa', '4', 13],
    ['Visa', '4', 19],
    ['Mastercard', '51', 16],
    ['Mastercard', '2221', 16],
    ['Mastercard', '2720', 16],
    ['American Express', '34', 15],
    ['American Express', '37', 15],
    ['Discover', '6011', 16],
    ['Discover', '6011', 19],
    ['Diners Club', '36', 14],
    ['JCB', '3528', 16],
    ['UnionPay', '62', 17],
    ['Maestro', '6759', 13],
    ['Mir', '2200', 16],
    ['Elo', '509000', 16],
    ['RuPay', '508500', 16],
    ['RuPay', '607000', 16],
    ['RuPay', '652150', 16],
  ])('should recognise a %s number beginning %s of %i digits', (brand, prefix, length) => {
    expect(cardBrand(withCheckDigit(prefix, length))).toBe(brand);
  });

  it('should not count a Luhn-valid number whose prefix no brand uses', () => {
    for (const prefix of ['0', '1', '7', '9', '2000', '2721', '33', '86']) {
      expect(cardBrand(withCheckDigit(prefix, 15))).toBeNull();
      expect(cardBrand(withCheckDigit(prefix, 16))).toBeNull();
    }
  });

  it('should not count a brand prefix at a length the brand does not use', () => {
    expect(cardBrand(withCheckDigit('34', 16))).toBeNull(); // Amex is 15 digits
    expect(cardBrand(withCheckDigit('51', 15))).toBeNull(); // Mastercard is 16
    expect(cardBrand(withCheckDigit('4', 15))).toBeNull(); // Visa is 13, 16, 18, 19
  });

  it('should refuse a brand-shaped number that fails Luhn', () => {
    expect(cardBrand('4111111111111112')).toBeNull();
  });
});

describe('findCardNumbers under any spelling', () => {
  it.each([
    ['dots', '4111.1111.1111.1111'],
    ['slashes', '4111/1111/1111/1111'],
    ['several spaces', '4111   1111  1111    1111'],
    ['tabs', '4111\t1111\t1111\t1111'],
    ['new lines', '4111\n1111\r\n1111\n\n1111'],
    ['underscores', '4111_1111_1111_1111'],
    ['spaced dashes', '4111 - 1111 - 1111 - 1111'],
    ['commas', '4111,1111,1111,1111'],
    ['one mark and mixed spacing', '4111 .\n1111.  1111\t. 1111'],
    ['repeated marks', '4111--1111--1111--1111'],
    ['one digit per line', [...VISA_16].join('\n')],
    ['full-width digits and dots', '４１１１．１１１１．１１１１．１１１１'],
    ['zero-width spaces across lines', '4111\u200b\n1111\u200b\n1111\n1111'],
  ])('should find a Visa number written with %s', (_name, text) => {
    expect(findCardNumbers(`paid with ${text} yesterday`)).toEqual([
      { digits: VISA_16, brand: 'Visa' },
    ]);
  });

  it('should not join fields that mix punctuation marks, as tables and dates beside amounts do', () => {
    expect(findFullCardNumbers('15/03/2024, 1.234,56, 4501/123456')).toEqual([]);
    expect(findFullCardNumbers('2024-03-01,"EUR 5 807 493,84",9734/986845')).toEqual([]);
  });

  it('should find a card number after a run of digits that begins 00', () => {
    expect(findFullCardNumbers(`order 00123456 ${VISA_16}`)).toEqual([VISA_16]);
    expect(findFullCardNumbers('3568 0086 4128 6590 72')).toEqual(['356800864128659072']);
  });

  it('should scan groups shaped like an ARN whose Julian day is impossible', () => {
    // 1-6-4-11-1 groups, 23 digits passing mod-10, but day 999: its last 16 digits are a Visa number.
    const card = withCheckDigit('499912345678901', 16);
    const first = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].find(
      (digit) =>
        withCheckDigit(`${digit}123456${card}`.slice(0, 22), 23) === `${digit}123456${card}`,
    );
    expect(first).toBeDefined();
    const text = `${first} 123456 ${card.slice(0, 4)} ${card.slice(4, 15)} ${card.slice(15)}`;
    expect(findFullCardNumbers(text)).toEqual([card]);
  });

  it('should still treat a letter as the end of a number', () => {
    expect(findFullCardNumbers('4111 1111 a 1111 1111')).toEqual([]);
  });

  it('should not refuse 15-digit merchant ids, references and phones that carry no brand prefix', () => {
    const mid = withCheckDigit('1234', 15);
    expect(findFullCardNumbers(`MID ${mid} and terminal 12345678`)).toEqual([]);
    expect(findFullCardNumbers('call 0044 20 7946 0958 or 020 7946 0958')).toEqual([]);
    expect(findFullCardNumbers('call 0062 812 3456 7890')).toEqual([]);
    expect(findFullCardNumbers('order 2024/000123/4567 of 12.50 EUR')).toEqual([]);
  });

  it('should not refuse a 23-digit ARN with its check digit, spaced or not', () => {
    const arn = withCheckDigit('74987654325', 23);
    const spaced = `${arn.slice(0, 1)} ${arn.slice(1, 7)} ${arn.slice(7, 11)} ${arn.slice(11, 22)} ${arn.slice(22)}`;
    expect(findFullCardNumbers(`ARN ${arn}`)).toEqual([]);
    expect(findFullCardNumbers(`ARN ${spaced}`)).toEqual([]);
    expect(findFullCardNumbers(`ARN ${arn.replace(/(\d{4})/g, '$1 ')}`)).toEqual([]);
  });

  it('should find a card number next to an ARN or a phone number', () => {
    const arn = withCheckDigit('74987654325', 23);
    expect(findFullCardNumbers(`ARN ${arn} ${VISA_16}`)).toEqual([VISA_16]);
    expect(findFullCardNumbers(`+44 20 7946 0958 ${VISA_16}`)).toEqual([VISA_16]);
  });

  it('should stop consulting the phone library after a bounded number of checks, refusing rather than missing', () => {
    // 6281234560001 is a valid Indonesian mobile number and, without its +, a Maestro-shaped number.
    expect(findFullCardNumbers('+62 812 3456 0001')).toEqual([]);
    expect(findFullCardNumbers('62 812 3456 0001')).toEqual(['6281234560001']);
    const phones = Array.from({ length: 2500 }, () => '+62 812 3456 0001').join(' or ');
    expect(findFullCardNumbers(phones).length).toBeGreaterThan(0);
  });

  it('should not take an Amex number after + for a phone number when no such phone number exists', () => {
    expect(findFullCardNumbers('+378282246310005')).toEqual(['378282246310005']);
  });
});

describe('locateCardNumbers', () => {
  it('should name the brand and field of each number', () => {
    expect(
      locateCardNumbers({ note: 'x', merchant: { ids: [{ mid: '3782.822463.10005' }] } }),
    ).toEqual([{ path: 'merchant.ids[0].mid', brand: 'American Express' }]);
  });

  it('should leave a field the caller validates as an identifier to that validation', () => {
    const body = { merchant: { ids: [{ mid: '378282246310005' }] }, note: '378282246310005' };
    expect(locateCardNumbers(body, (path) => /^merchant\.ids\[\d+\]\.mid$/.test(path))).toEqual([
      { path: 'note', brand: 'American Express' },
    ]);
  });
});
