import {
  BREACHED_PASSWORD_MESSAGE,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblems,
} from './password-policy';

const TOO_SHORT = `must be at least ${PASSWORD_MIN_LENGTH} characters long`;
const TOO_LONG = `must be at most ${PASSWORD_MAX_LENGTH} characters long`;
const HAS_NAME = 'must not contain the account name';
const REPEATED = 'must not be a single repeated character';

describe('passwordProblems', () => {
  it('should keep the documented bounds of 12 and 128', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  describe('length', () => {
    it('should refuse a password of 11 characters', () => {
      expect(passwordProblems('abcdefghijk')).toEqual([TOO_SHORT]);
    });

    it('should accept a password of exactly 12 characters', () => {
      expect(passwordProblems('abcdefghijkl')).toEqual([]);
    });

    it('should refuse the empty password', () => {
      expect(passwordProblems('')).toEqual([TOO_SHORT]);
    });

    it('should accept a password of exactly 128 characters', () => {
      const password = 'correct horse battery staple '.repeat(5).slice(0, 128);
      expect(password).toHaveLength(128);
      expect(passwordProblems(password)).toEqual([]);
    });

    it('should refuse a password of 129 characters', () => {
      const password = 'correct horse battery staple '.repeat(5).slice(0, 129);
      expect(password).toHaveLength(129);
      expect(passwordProblems(password)).toEqual([TOO_LONG]);
    });

    it('should count white space towards the length', () => {
      expect(passwordProblems('a b c d e f ')).toEqual([]);
    });
  });

  describe('account name', () => {
    const email = 'alice.smith@bank.example';

    it('should refuse a password that contains the local part of the e-mail', () => {
      expect(passwordProblems('my alice.smith passphrase', { email })).toEqual([HAS_NAME]);
    });

    it('should refuse the account name in any letter case', () => {
      expect(passwordProblems('MY ALICE.SMITH PASSPHRASE', { email })).toEqual([HAS_NAME]);
      expect(passwordProblems('xx-Alice.Smith-2024', { email })).toEqual([HAS_NAME]);
    });

    it('should refuse the account name when the e-mail is written in upper case', () => {
      expect(
        passwordProblems('alice.smith-rocks-2024', { email: 'ALICE.SMITH@BANK.EXAMPLE' }),
      ).toEqual([HAS_NAME]);
    });

    it('should refuse a password that is exactly the account name', () => {
      expect(
        passwordProblems('frederick.douglass', { email: 'frederick.douglass@ngo.example' }),
      ).toEqual([HAS_NAME]);
    });

    it('should accept a password holding only part of the account name', () => {
      expect(passwordProblems('alice in wonderland', { email })).toEqual([]);
    });

    it('should accept a password holding the domain but not the local part', () => {
      expect(passwordProblems('bank.example is my bank', { email })).toEqual([]);
    });

    it('should not check the account name when no e-mail is given', () => {
      expect(passwordProblems('my alice.smith passphrase')).toEqual([]);
      expect(passwordProblems('my alice.smith passphrase', {})).toEqual([]);
      expect(passwordProblems('my alice.smith passphrase', { email: '' })).toEqual([]);
    });
  });

  describe('repeated character', () => {
    it.each([
      ['a letter', 'a'.repeat(12)],
      ['a digit', '1'.repeat(20)],
      ['a space', ' '.repeat(12)],
      ['a line break', '\n'.repeat(12)],
      ['a symbol', '!'.repeat(128)],
      ['a non-ASCII letter', 'é'.repeat(12)],
      ['an emoji (two UTF-16 units each)', '😀'.repeat(6)],
    ])('should refuse a password that repeats %s', (_label, password) => {
      expect(passwordProblems(password)).toEqual([REPEATED]);
    });

    it('should accept a repeated pair of characters', () => {
      expect(passwordProblems('ab'.repeat(6))).toEqual([]);
    });

    it('should accept a password with one different character', () => {
      expect(passwordProblems(`${'a'.repeat(11)}b`)).toEqual([]);
      expect(passwordProblems(`b${'a'.repeat(11)}`)).toEqual([]);
    });
  });

  describe('good passphrases', () => {
    it.each([
      'correct horse battery staple',
      'Tr0ub4dor&3-but-longer',
      'ceci n’est pas un mot de passe',
      'Ünïcödé passphrase 2024',
      '🦊 quick brown fox 🦊',
    ])('should accept %j', (password) => {
      expect(passwordProblems(password, { email: 'alice.smith@bank.example' })).toEqual([]);
    });
  });

  it('should report every problem at once', () => {
    expect(passwordProblems('alice', { email: 'alice@bank.example' })).toEqual([
      TOO_SHORT,
      HAS_NAME,
    ]);
    expect(passwordProblems('zzz')).toEqual([TOO_SHORT, REPEATED]);
    expect(passwordProblems('x'.repeat(129), { email: 'xx@bank.example' })).toEqual([
      TOO_LONG,
      HAS_NAME,
      REPEATED,
    ]);
  });

  describe('common leaked passwords', () => {
    it.each([
      'qwerty123456',
      'QWERTY123456',
      '1q2w3e4r5t6y',
      'ｑｗｅｒｔｙ１２３４５６',
      'password1234',
    ])('should refuse %j, whatever its case or width, without echoing it', (password) => {
      const problems = passwordProblems(password);
      expect(problems).toEqual([BREACHED_PASSWORD_MESSAGE]);
      expect(problems.join(' ')).not.toContain(password);
    });

    it('should not refuse a long passphrase that merely contains a leaked password', () => {
      expect(passwordProblems('qwerty123456 was my old password')).toEqual([]);
    });
  });
});
