import { validateEnvironment, AppConfig } from '@app/common';
import { authenticator } from 'otplib';
import { InMemoryMfaRepository } from '@app/persistence';
import { normaliseRecoveryCode, SecondFactor } from './second-factor';

function factor(): SecondFactor {
  const env = validateEnvironment({
    NODE_ENV: 'test',
    FIELD_ENCRYPTION_KEYS: 'k1:dGVzdC1vbmx5LWZpZWxkLWtleS0wMTIzNDU2Nzg5YWI=',
    MFA_ISSUER: 'Test Hub',
  });
  return new SecondFactor(new AppConfig(env), new InMemoryMfaRepository());
}

describe('SecondFactor', () => {
  it('should seal a secret without any clear-text hint and open it only for the same user', () => {
    const f = factor();
    const secret = f.newSecret();
    const stored = f.seal('user-1', secret);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(-4));
    expect(JSON.parse(stored)).toMatchObject({ hint: '' });
    expect(f.open('user-1', stored)).toBe(secret);
    expect(() => f.open('user-2', stored)).toThrow();
  });

  it('should accept codes of the previous, current and next step and name their step', () => {
    const f = factor();
    // Fixed secret and time, so the codes (and their distinctness) are deterministic.
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    const at = (offset: number) =>
      authenticator.clone({ epoch: now + offset * 30_000 }).generate(secret);
    expect(f.stepOf(secret, at(-1), now)).toBe(step - 1);
    expect(f.stepOf(secret, at(0), now)).toBe(step);
    expect(f.stepOf(secret, at(1), now)).toBe(step + 1);
    expect(new Set([at(-3), at(-1), at(0), at(1), at(3)]).size).toBe(5);
    expect(f.stepOf(secret, at(-3), now)).toBeNull();
    expect(f.stepOf(secret, at(3), now)).toBeNull();
    expect(f.stepOf(secret, 'abcdef', now)).toBeNull();
  });

  it('should build an otpauth URI with the configured issuer', () => {
    const f = factor();
    const uri = new URL(f.otpauthUri('officer@northbank.example', 'JBSWY3DPEHPK3PXP'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('Test Hub');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('should normalise recovery codes and refuse anything else', () => {
    expect(normaliseRecoveryCode('7K2M-9XQD-A4VT-0HCW')).toBe('7k2m9xqda4vt0hcw');
    expect(normaliseRecoveryCode('7k2m 9xqd a4vt 0hcw')).toBe('7k2m9xqda4vt0hcw');
    expect(normaliseRecoveryCode('7k2m-9xqd-a4vt')).toBeNull();
    // i, l, o and u are not in the alphabet.
    expect(normaliseRecoveryCode('iiii-llll-oooo-uuuu')).toBeNull();
  });
});
