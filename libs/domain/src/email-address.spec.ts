import { emailAddressProblems, accountEmailKey } from './email-address';

describe('accountEmailKey', () => {
  it.each([
    ['Victim@Bank.Example', 'victim@bank.example'],
    ['  victim@bank.example ', 'victim@bank.example'],
    ['ｖｉｃｔｉｍ＠ｂａｎｋ．ｅｘａｍｐｌｅ', 'victim@bank.example'],
    ['STRASSE@bank.example', 'strasse@bank.example'],
    ['straße@bank.example', 'strasse@bank.example'],
    ['ΟΔΟΣ@bank.example', 'οδοσ@bank.example'],
    ['οδος@bank.example', 'οδοσ@bank.example'],
    ['vıctim@bank.example', 'victim@bank.example'],
    ['\u212Aelvin@bank.example', 'kelvin@bank.example'],
  ])('should give %j the single spelling %j', (input, expected) => {
    expect(accountEmailKey(input)).toBe(expected);
  });

  it('should keep the dotted capital I apart from the plain i (i + combining dot above)', () => {
    expect(accountEmailKey('vİctim@bank.example')).toBe('vi\u0307ctim@bank.example');
    expect(accountEmailKey('vİctim@bank.example')).not.toBe(accountEmailKey('victim@bank.example'));
  });
});

describe('emailAddressProblems', () => {
  it.each([
    'analyst@northbank.example',
    'Sam.O’Neil@bank.example'.replace('’', "'"),
    'first+tag@sub.bank.example',
    'josé.müller@bank.example',
    'иван@банк.рф',
    'иван@bank.example',
    'δοκιμή@bank.example',
    '山田@例え.jp',
    'たなか@bank.example',
    'user@xn--mller-kva.de',
  ])('should accept %j', (address) => {
    expect(emailAddressProblems(address)).toEqual([]);
  });

  it.each([
    ['vİctim@bank.example', 'the part before @ must not hold letters that imitate others'],
    ['vıctim@bank.example', 'the part before @ must not hold letters that imitate others'],
    ['vi\u0307ctim@bank.example', 'the part before @ must not hold combining marks'],
    ['vіctim@bank.example', 'the part before @ must not mix letters of different scripts'],
    ['victim@bаnk.example', 'each part of the domain must not mix letters of different scripts'],
    [
      'аррӏе@bank.example',
      'the part before @ must not be written in letters that imitate Latin ones',
    ],
    [
      'victim@xn--bnk-6cd.example',
      'each part of the domain must not mix letters of different scripts',
    ],
    [
      'vic\u200Btim@bank.example',
      'the part before @ must hold only letters, ASCII digits and the usual punctuation',
    ],
    [
      'victim@ba\u00ADnk.example',
      'each part of the domain must hold only letters, ASCII digits and the usual punctuation',
    ],
    [
      'vic\u202Etim@bank.example',
      'the part before @ must hold only letters, ASCII digits and the usual punctuation',
    ],
    [
      '٣victim@bank.example',
      'the part before @ must hold only letters, ASCII digits and the usual punctuation',
    ],
    ['victim@bank example', 'the domain must be a valid internationalized domain name'],
  ])('should refuse %j', (address, message) => {
    expect(emailAddressProblems(address)).toEqual([message]);
  });

  it('should refuse an address not in NFKC form, and never echo the address', () => {
    const problems = emailAddressProblems('ｖｉｃｔｉｍ@bank.example');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/normal Unicode form/);
    expect(problems.join(' ')).not.toContain('ｖｉｃｔｉｍ');
  });
});
