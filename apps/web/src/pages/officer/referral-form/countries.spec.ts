import { describe, expect, it } from '@jest/globals';
import { isISO31661Alpha2 } from 'class-validator';
import { COUNTRY_CODES, countryName, countryOf, matchCountries } from './countries';

describe('countries', () => {
  it('offers exactly the codes the API accepts', () => {
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const accepted = [...letters].flatMap((a) =>
      [...letters].map((b) => a + b).filter((code) => isISO31661Alpha2(code)),
    );
    expect([...COUNTRY_CODES].sort()).toEqual(accepted);
  });

  it('finds countries by the start of their name, a word of it, or their code', () => {
    const united = matchCountries('United', 'en-GB').map((c) => c.code);
    expect(united.slice(0, 3)).toEqual(['AE', 'GB', 'US']);
    expect(matchCountries('GB', 'en-GB')[0]).toEqual({ code: 'GB', name: 'United Kingdom' });
    expect(matchCountries('kingdom', 'en-GB').map((c) => c.code)).toContain('GB');
    expect(matchCountries('turkiye', 'en-GB').map((c) => c.code)).toEqual(['TR']);
    expect(matchCountries('zzzz', 'en-GB')).toEqual([]);
  });

  it('names countries in the person’s language', () => {
    expect(countryName('DE', 'en-GB')).toBe('Germany');
    expect(countryName('DE', 'de-DE')).toBe('Deutschland');
    expect(countryName('XX', 'en-GB')).toBe('XX');
    expect(matchCountries('Verein', 'de-DE')[0].code).toBe('AE');
  });

  it('reads a typed code or an exact name as a country, and nothing else', () => {
    expect(countryOf('gb', 'en-GB')).toBe('GB');
    expect(countryOf(' United Kingdom ', 'en-GB')).toBe('GB');
    expect(countryOf('Deutschland', 'de-DE')).toBe('DE');
    expect(countryOf('United', 'en-GB')).toBeNull();
    expect(countryOf('XX', 'en-GB')).toBeNull();
    expect(countryOf('', 'en-GB')).toBeNull();
  });
});
