import { describe, expect, it } from '@jest/globals';
import { amountForBody, readAmount, showAmount } from './amounts';

describe('readAmount', () => {
  it.each([
    // typed, locale, API decimal string
    ['1,200.50', 'en-GB', '1200.50'],
    ['1,200.50', 'de-DE', '1200.50'],
    ['1.200,50', 'de-DE', '1200.50'],
    ['1.200,50', 'en-US', '1200.50'],
    ['1 200,50', 'fr-FR', '1200.50'],
    ['1\u202f200,50', 'fr-FR', '1200.50'],
    ['1\u00a0200,50', 'fr-FR', '1200.50'],
    ["1'200.50", 'de-CH', '1200.50'],
    ['1200', 'en-GB', '1200.00'],
    ['1200', 'de-DE', '1200.00'],
    ['1200.5', 'en-GB', '1200.50'],
    ['1200.5', 'de-DE', '1200.50'],
    ['1200,5', 'de-DE', '1200.50'],
    ['1200,5', 'en-GB', '1200.50'],
    ['49.99', 'en-US', '49.99'],
    ['49,99', 'fr-FR', '49.99'],
    ['1,200', 'en-GB', '1200.00'],
    ['1.200', 'de-DE', '1200.00'],
    ['1.200', 'fr-FR', '1200.00'],
    ['1,200,000.75', 'en-US', '1200000.75'],
    ['1.200.000', 'de-DE', '1200000.00'],
    ['12,34,567.50', 'en-IN', '1234567.50'],
    ['0.5', 'en-GB', '0.50'],
    ['007', 'en-GB', '7.00'],
    ['  75  ', 'en-GB', '75.00'],
  ])('reads %p in %s as %s', (typed, locale, value) => {
    expect(readAmount(typed, locale)).toEqual({ kind: 'amount', value });
  });

  it.each([
    // ambiguous: a single separator with three digits after it, the locale's decimal separator
    ['1.200', 'en-GB', /is unclear: “1.200” could mean 1200 or 1.2/],
    ['1,200', 'de-DE', /is unclear: “1,200” could mean 1200 or 1.2/],
    ['1,250', 'fr-FR', /could mean 1250 or 1.25/],
    // invalid
    ['12.345.6', 'en-GB', /grouped in an unexpected way/],
    ['1,2,3', 'en-GB', /grouped in an unexpected way/],
    ['12 34', 'fr-FR', /grouped in an unexpected way/],
    ['1.234,5,6', 'de-DE', /unclear/],
    ['1..2', 'en-GB', /two separators in a row/],
    ['1200.505', 'en-GB', /at most 2 decimals/],
    ['0,125', 'en-GB', /at most 2 decimals/],
    ['€1200', 'en-GB', /must be a number/],
    ['1200 EUR', 'en-GB', /must be a number/],
    ['1e5', 'en-GB', /must be a number/],
    ['1200.', 'en-GB', /must be a number/],
    ['-5', 'en-GB', /greater than 0/],
    ['0', 'en-GB', /greater than 0/],
    ['0,00', 'de-DE', /greater than 0/],
    ['abc', 'en-GB', /must be a number/],
  ])('refuses %p in %s', (typed, locale, problem) => {
    const reading = readAmount(typed, locale);
    expect(reading.kind).toBe('refused');
    expect(reading.kind === 'refused' ? reading.problem : '').toMatch(problem);
  });

  it('reads nothing typed as empty', () => {
    expect(readAmount('   ', 'en-GB')).toEqual({ kind: 'empty' });
    expect(amountForBody('', 'en-GB')).toBeUndefined();
  });

  it('sends the decimal string, or the text as typed when it cannot be read', () => {
    expect(amountForBody('1.200,50', 'de-DE')).toBe('1200.50');
    expect(amountForBody(' 1.200 ', 'en-GB')).toBe('1.200');
  });
});

describe('showAmount', () => {
  it.each([
    ['1200.50', 'EUR', 'en-GB', '€1,200.50'],
    ['1200.50', 'EUR', 'de-DE', '1.200,50\u00a0€'],
    ['1200.50', 'GBP', 'en-GB', '£1,200.50'],
    ['1200.50', undefined, 'en-GB', '1,200.50'],
    ['1200.50', 'eur', 'en-GB', '1,200.50 eur'],
    ['not an amount', 'EUR', 'en-GB', 'not an amount'],
  ])('shows %s %s in %s as %p', (value, currency, locale, shown) => {
    expect(showAmount(value, currency, locale)).toBe(shown);
  });
});
