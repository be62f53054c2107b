import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { findImagePayload, imagePayloadProblem } from './image-payloads';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([
  0xff,
  0xd8,
  0xff,
  0xe0,
  0,
  0x10,
  ...Buffer.from('JFIF\0'),
  1,
  1,
  0,
  0,
  1,
]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00', 'latin1');
const WEBP = Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00', 'latin1');
const AVIF = Buffer.from('\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1', 'latin1');
const bmp = () => {
  const b = Buffer.alloc(40);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(40, 2);
  b.writeUInt32LE(26, 10);
  b.writeUInt32LE(40, 14);
  return b;
};
const TIFF = Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 1, 0, 0, 1, 3, 0, 1, 0, 0, 0]);

const IMAGES: [string, Buffer][] = [
  ['PNG', PNG],
  ['JPEG', JPEG],
  ['GIF', GIF],
  ['WebP', WEBP],
  ['AVIF', AVIF],
  ['BMP', bmp()],
  ['TIFF', TIFF],
];

describe('findImagePayload', () => {
  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'],
    ['before <svg/onload=alert(1)> after'],
    ['<SVG\nwidth="1">'],
    ['< svg>'],
    ['<x:svg xmlns:x="http://www.w3.org/2000/svg"/>'],
    ['&lt;svg width="10"&gt;'],
    ['&#60;svg&#62;'],
    ['&#x3C;svg/&#x3E;'],
    ['%3Csvg%3E'],
    ['\\u003csvg>'],
    ['\uFF1Csvg\uFF1E'],
    ['<div xmlns = "http://www.w3.org/2000/svg">'],
    ['<svg'],
  ])('should find SVG in %j', (text) => {
    expect(findImagePayload(text)).toBe('svg');
  });

  it.each([
    ['data:image/png;base64,iVBORw0KGgo='],
    ['url(DATA:Image/svg+xml;utf8,%3Cpath/%3E)'],
    ['data:image/gif,GIF89a'],
    ['da\nta:im\tage/png;base64,AAAA'],
    ['data&colon;image/png;base64,AAAA'],
    ['data%3Aimage%2Fjpeg;base64,AAAA'],
    ['data:video/mp4;base64,AAAA'],
  ])('should find a media data: URI in %j', (text) => {
    expect(findImagePayload(text)).toBe('data_uri');
  });

  it.each(IMAGES)(
    'should find a %s in base64, URL-safe base64, wrapped base64 and hex',
    (_n, img) => {
      const b64 = img.toString('base64');
      expect(findImagePayload(`here it is: ${b64}`)).toBe('encoded_image');
      expect(findImagePayload(img.toString('base64url'))).toBe('encoded_image');
      expect(findImagePayload(b64.replace(/(.{8})/g, '$1\n'))).toBe('encoded_image');
      expect(findImagePayload(`data:application/octet-stream;base64,${b64}`)).toBe('encoded_image');
      expect(findImagePayload(img.toString('hex'))).toBe('encoded_image');
    },
  );

  it('should find a picture behind stray characters at any alignment', () => {
    for (const junk of ['x', 'xy', 'xyz', 'AAAA', 'junk1']) {
      expect(findImagePayload(junk + PNG.toString('base64'))).toBe('encoded_image');
      expect(
        findImagePayload(Buffer.concat([randomBytes(junk.length), JPEG]).toString('base64')),
      ).toBe('encoded_image');
    }
  });

  it.each([
    ['Card payments to a merchant whose descriptor does not match its stated business.'],
    ['The site sells SVG files and PNG images; see https://shop.example/data/images/1234.'],
    ['https://www.shop-4f3a9c21.example/store?ref=abcdefghijklmnopqrstuvwxyz0123456789'],
    ['The metadata: image names were withheld.'],
    ['The field metadata:image/png lists the declared type.'],
    ['4111 11** **** 1111; DIGITAL GOODS LTD; 2026-10-02'],
    ['<b>bold</b> and <p>markup</p>, a1 < svgs > b2'],
    ['see /workflows/approval/steps/overview-for-members'],
  ])('should let ordinary text pass: %j', (text) => {
    expect(findImagePayload(text)).toBeNull();
  });

  it('should let hashes and tokens pass (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), (bytes) => {
        const digest = createHash('sha256').update(bytes).digest();
        expect(findImagePayload(digest.toString('hex'))).toBeNull();
        expect(findImagePayload(digest.toString('base64'))).toBeNull();
        expect(findImagePayload(`sha256:${digest.toString('base64url')}`)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });

  it('should find any picture in any text around it, however it is encoded (property)', () => {
    const image = fc.constantFrom(...IMAGES.map(([, b]) => b));
    const encode = fc.constantFrom<(b: Buffer) => string>(
      (b) => b.toString('base64'),
      (b) => b.toString('base64url'),
      (b) => b.toString('hex'),
      (b) => `data:image/png;base64,${b.toString('base64')}`,
      (b) => b.toString('base64').replace(/(.{16})/g, '$1\r\n'),
    );
    fc.assert(
      fc.property(fc.string(), image, encode, fc.string(), (before, img, enc, after) => {
        expect(findImagePayload(`${before} ${enc(img)} ${after}`)).not.toBeNull();
      }),
      { numRuns: 500 },
    );
  });

  it('should find SVG however its tag is spelled (property)', () => {
    const lt = fc.constantFrom(
      '<',
      '&lt;',
      '&#60;',
      '&#x3c;',
      '&#X003C;',
      '%3C',
      '\\u003C',
      '\uFF1C',
    );
    const svg = fc
      .tuple(fc.boolean(), fc.boolean(), fc.boolean())
      .map(([a, b, c]) => `${a ? 'S' : 's'}${b ? 'V' : 'v'}${c ? 'G' : 'g'}`);
    const after = fc.constantFrom('>', '/', ' ', '\n', '\t', '/>', '');
    fc.assert(
      fc.property(fc.string(), lt, svg, after, (before, l, s, a) => {
        expect(findImagePayload(`${before} ${l}${s}${a}`)).toBe('svg');
      }),
      { numRuns: 500 },
    );
  });
});

describe('imagePayloadProblem', () => {
  it('should say what was found and what to send instead, or nothing', () => {
    expect(imagePayloadProblem('data:image/png;base64,iVBORw0KGgo=')).toMatch(
      /must not hold an image .*data: URI.*describe what was seen in words/,
    );
    expect(imagePayloadProblem('a plain sentence')).toBeNull();
  });
});
