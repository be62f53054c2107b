import { providerAssertsMfa } from './single-sign-on';

describe('providerAssertsMfa', () => {
  it('should accept an amr naming several factors, a one-time code, a hardware key or a smart card', () => {
    for (const value of ['mfa', 'otp', 'hwk', 'sc']) {
      expect(providerAssertsMfa({ amr: ['pwd', value] }, [])).toBe(true);
    }
  });

  it('should not take a password, an SMS or a software key alone as a second factor', () => {
    expect(providerAssertsMfa({ amr: ['pwd'] }, [])).toBe(false);
    expect(providerAssertsMfa({ amr: ['sms', 'swk'] }, [])).toBe(false);
    expect(providerAssertsMfa({}, [])).toBe(false);
  });

  it('should accept an acr only when the organization configured it', () => {
    expect(providerAssertsMfa({ acr: 'urn:example:loa:3' }, ['urn:example:loa:3'])).toBe(true);
    expect(providerAssertsMfa({ acr: 'urn:example:loa:1' }, ['urn:example:loa:3'])).toBe(false);
  });

  it('should ignore claims of the wrong type', () => {
    expect(providerAssertsMfa({ amr: 'mfa', acr: ['x'] }, ['x'])).toBe(false);
  });
});
