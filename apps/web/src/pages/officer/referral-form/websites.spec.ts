import { describe, expect, it } from '@jest/globals';
import { websiteWithScheme } from './websites';

describe('websiteWithScheme (console)', () => {
  it.each([
    ['shop.example/offer', 'https://shop.example/offer'],
    ['  shop.example/offer  ', 'https://shop.example/offer'],
    ['shop.example/offer?ref=1#top', 'https://shop.example/offer?ref=1#top'],
    ['shop.example:8443/pay', 'https://shop.example:8443/pay'],
    ['bücher.example/katalog', 'https://bücher.example/katalog'],
  ])('gives %p a scheme: %p', (typed, sent) => {
    expect(websiteWithScheme(typed)).toBe(sent);
  });

  it.each([
    'https://shop.example/offer',
    'http://192.0.2.10/pay',
    'shop.example',
    'javascript:alert(1)',
    'mailto:sales@shop.example',
    'localhost/admin',
    '192.0.2.10/pay',
    'user@shop.example/offer',
    'not a website/at all',
    '/offer',
  ])('sends %p as typed', (typed) => {
    expect(websiteWithScheme(typed)).toBe(typed);
  });
});
