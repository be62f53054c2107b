import { phoneProblem, websiteProblem, websiteWithScheme } from './contact-details';

describe('websiteWithScheme', () => {
  it.each([
    ['shop.example/offer', 'https://shop.example/offer'],
    ['shop.example/offer?ref=1#top', 'https://shop.example/offer?ref=1#top'],
    ['shop.example:8443/pay', 'https://shop.example:8443/pay'],
    ['shop.example:8443', 'https://shop.example:8443'],
    ['www.shop.example/', 'https://www.shop.example/'],
    ['bücher.example/katalog', 'https://bücher.example/katalog'],
  ])('gives %s a scheme: %s', (typed, stored) => {
    expect(websiteWithScheme(typed)).toBe(stored);
    expect(websiteProblem(websiteWithScheme(typed))).toBeNull();
  });

  it.each([
    // Already a URL, or a bare domain name (stored as sent).
    'https://shop.example/offer',
    'http://192.0.2.10/pay',
    'shop.example',
    // Not web addresses: unchanged, so the website rule refuses them.
    'javascript:alert(1)',
    'mailto:sales@shop.example',
    'data:text/html,<b>x</b>',
    'ftp://shop.example/file',
    'localhost/admin',
    '192.0.2.10/pay',
    'user@shop.example/offer',
    'shop.example/ offer',
    'not a website/at all',
    '/offer',
    '',
  ])('leaves %p as it is', (typed) => {
    expect(websiteWithScheme(typed)).toBe(typed);
  });

  it.each([
    'javascript:alert(1)',
    'mailto:sales@shop.example',
    'localhost/admin',
    'user@shop.example/offer',
    'not a website/at all',
    'shop.example:99999/x',
  ])('keeps refusing %p once normalised', (typed) => {
    expect(websiteProblem(websiteWithScheme(typed))).not.toBeNull();
  });
});

describe('phoneProblem', () => {
  it.each([
    ['+44 20 7946 0958', undefined],
    ['0044 20 7946 0958', undefined],
    ['912 345 678', 'ES'],
    ['912 345 678', 'es'],
    ['(415) 555-0100', 'US'],
    ['+34 912 345 678', 'GB'],
  ])('accepts %p (country %p)', (phone, country) => {
    expect(phoneProblem(phone, country)).toBeNull();
  });

  it('asks for the international form when no country reads a national number', () => {
    for (const country of [undefined, '', '  ', 42]) {
      expect(phoneProblem('912 345 678', country)).toMatch(
        /^must be a phone number in international form/,
      );
    }
  });

  it.each([
    ['+1 555 555 5555', undefined],
    ['912 345 67', 'ES'],
    ['1-800-FLOWERS', 'US'],
    ['+44 20 7946 0958 x12', undefined],
  ])('refuses %p (country %p) as not in its numbering plan', (phone, country) => {
    expect(phoneProblem(phone, country)).toMatch(/exists in its country's numbering plan/);
  });
});
