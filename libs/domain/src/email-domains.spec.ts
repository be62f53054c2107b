import { emailDomainOf, registrableEmailDomain } from './email-domains';

describe('registrableEmailDomain', () => {
  it('should store a host name in lower-case ASCII, IDN labels as punycode, without a trailing dot', () => {
    expect(registrableEmailDomain(' Mail.Bücher.Example. ')).toEqual({
      domain: 'mail.xn--bcher-kva.example',
    });
    expect(registrableEmailDomain('NORTHBANK.example')).toEqual({ domain: 'northbank.example' });
  });

  it.each([
    'not a domain',
    'localhost',
    '192.168.0.1',
    'under_score.example',
    'аpple.example', // Cyrillic а among Latin letters
    'xn--pple-43d.example', // the same, as punycode
    'a@b.example',
    '',
  ])('should refuse %j as not a mail host name', (input) => {
    expect(registrableEmailDomain(input)).toEqual({
      problem: `"${input}" is not a mail host name such as northbank.example`,
    });
  });

  it('should refuse a public suffix', () => {
    expect(registrableEmailDomain('co.uk')).toEqual({
      problem: 'co.uk is a public suffix, which no single organization can hold',
    });
  });
});

describe('emailDomainOf', () => {
  it("should give an address's domain in the registered spelling, or null", () => {
    expect(emailDomainOf('Anna@Mail.Bücher.Example')).toBe('mail.xn--bcher-kva.example');
    expect(emailDomainOf('no-at-sign')).toBeNull();
    expect(emailDomainOf('x@[192.168.0.1]')).toBeNull();
  });
});
