import { websiteProblem, websiteWithScheme } from './contact-details';

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
