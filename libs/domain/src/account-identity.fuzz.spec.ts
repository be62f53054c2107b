import { dictionary } from '@zxcvbn-ts/language-common';
import fc from 'fast-check';
import { accountEmailKey, emailAddressProblems } from './email-address';
import {
  BREACHED_PASSWORD_MESSAGE,
  PASSWORD_MIN_LENGTH,
  passwordProblems,
} from './password-policy';

/**
 * Property tests for what identifies an account (its e-mail key, the
 * addresses a new account may have) and the leaked-password rule. The seed is
 * not fixed: on a failure fast-check prints it and the shrunk input.
 */

/** Latin letters and the Cyrillic or Greek letter that looks the same. */
const TWINS: Readonly<Record<string, string>> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  i: 'і',
  j: 'ј',
  s: 'ѕ',
  k: 'κ',
  v: 'ν',
};

const anyText = fc.string({ unit: 'grapheme', maxLength: 40 });
const asciiAddress = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9._+-]{0,20}[a-z0-9]$/),
    // Hyphens in a label's third and fourth places are reserved (IDNA, RFC 5891 4.2.3.1):
    // `xn--…` is an encoded international label, not a plain ASCII one.
    fc
      .stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]\.[a-z]{2,6}$/)
      .filter((domain) => domain.slice(2, 4) !== '--'),
  )
  .map(([local, domain]) => `${local}@${domain}`);

describe('account identity (property tests)', () => {
  it('should give every spelling one key: idempotent, and blind to case and width', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const key = accountEmailKey(s);
        expect(accountEmailKey(key)).toBe(key);
        expect(accountEmailKey(s.toUpperCase())).toBe(key);
        expect(accountEmailKey(s.toLowerCase())).toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it('should map the full-width spelling of an ASCII address to the same key', () => {
    fc.assert(
      fc.property(asciiAddress, (address) => {
        const wide = [...address]
          .map((ch) => String.fromCodePoint(ch.codePointAt(0)! + 0xfee0))
          .join('');
        expect(accountEmailKey(wide)).toBe(accountEmailKey(address));
        // ... and refuse it as a new account's address.
        expect(emailAddressProblems(wide)).not.toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('should accept plain ASCII addresses and refuse any with a look-alike letter swapped in', () => {
    fc.assert(
      fc.property(asciiAddress, fc.nat(), (address, pick) => {
        expect(emailAddressProblems(address)).toEqual([]);
        const swappable = [...[...address].entries()].filter(([, ch]) => TWINS[ch] !== undefined);
        fc.pre(swappable.length > 0);
        const [at, ch] = swappable[pick % swappable.length];
        const forged = address.slice(0, at) + TWINS[ch] + address.slice(at + 1);
        expect(emailAddressProblems(forged)).not.toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('should never throw on any text, and never echo it in a message', () => {
    fc.assert(
      fc.property(anyText, anyText, (text, domain) => {
        // The marker appears in no message, so any echo of the part would show.
        const local = `q9${text}`;
        const problems = emailAddressProblems(`${local}@${domain}`);
        for (const message of problems) expect(message).not.toContain(local);
      }),
      { numRuns: 500 },
    );
  });

  it('should refuse every long-enough leaked password in any case or width, without echoing it', () => {
    const leaked = dictionary['passwords-common'].filter((p) => p.length >= PASSWORD_MIN_LENGTH);
    fc.assert(
      fc.property(
        fc.constantFrom(...leaked),
        fc.array(fc.constantFrom('upper', 'lower', 'wide'), { minLength: 1, maxLength: 128 }),
        (password, styles) => {
          const spelled = [...password]
            .map((ch, i) => {
              const style = styles[i % styles.length];
              if (style === 'upper') return ch.toUpperCase();
              if (style === 'wide' && /^[!-~]$/.test(ch)) {
                return String.fromCodePoint(ch.codePointAt(0)! + 0xfee0);
              }
              return ch.toLowerCase();
            })
            .join('');
          const problems = passwordProblems(spelled);
          expect(problems).toContain(BREACHED_PASSWORD_MESSAGE);
          expect(problems.join(' ')).not.toContain(spelled);
        },
      ),
      { numRuns: 300 },
    );
  });
});
