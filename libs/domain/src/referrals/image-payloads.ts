/**
 * Images smuggled inside text (hard rule 1: the system never holds imagery).
 * Every text field of every request and every text document is refused when it
 * holds one of:
 *
 * - SVG markup: an `<svg` element (any case, `<svg/`, `<x:svg`, after HTML
 *   entity, percent or `\u003c` escapes, full-width `＜`) or the SVG namespace
 *   `xmlns="http://www.w3.org/2000/svg"`;
 * - a `data:` URI of an image, video or audio (tabs and new lines inside it are
 *   ignored, as browsers ignore them);
 * - a base64 (standard or URL-safe) or hexadecimal run that decodes to a
 *   picture's signature (PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC/AVIF, JPEG 2000,
 *   JPEG XL container, Photoshop), with or without a `data:` prefix, wherever the picture
 *   starts inside the run and however the run is wrapped over lines.
 *
 * Signatures are long (at least four specific bytes; BMP and TIFF with their
 * header fields checked as well) so that hashes, tokens and URLs
 * pass: a random SHA-256 or base64 digest matches one by chance far less than
 * once in 10^9.
 */
export type ImagePayloadKind = 'svg' | 'data_uri' | 'encoded_image';

const ESCAPED_CHARACTERS: [RegExp, string][] = [
  [/&(?:lt|#0*60|#x0*3c);?|%3c|\\u003c|\\x3c/gi, '<'],
  [/&(?:colon|#0*58|#x0*3a);?|%3a|\\u003a|\\x3a/gi, ':'],
  [/&(?:sol|#0*47|#x0*2f);?|%2f|\\u002f|\\x2f/gi, '/'],
  [/&(?:equals|#0*61|#x0*3d);?|%3d|\\u003d|\\x3d/gi, '='],
];

const SVG_ELEMENT = /<\s*(?:[a-z_][\w.-]*:)?svg(?![\w.-])/i;
const SVG_NAMESPACE = /xmlns(?::[\w.-]+)?\s*=\s*["']?\s*https?:\/\/www\.w3\.org\/2000\/svg/i;
const MEDIA_DATA_URI = /(?<![\w+.-])data:(?:image|video|audio)\//i;

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(
    parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))),
  );

/** Signatures looked for anywhere in a decoded run. */
const SIGNATURES_ANYWHERE: Buffer[] = [
  bytes([0x89], 'PNG\r\n\x1a\n'),
  ...[0xe0, 0xe1, 0xe2, 0xe8, 0xdb, 0xee, 0xc0, 0xc2, 0xc4, 0xfe].map((m) =>
    bytes([0xff, 0xd8, 0xff, m]),
  ),
  bytes('GIF87a'),
  bytes('GIF89a'),
  bytes('WEBPVP8'),
  ...['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis'].map((b) =>
    bytes('ftyp', b),
  ),
  bytes([0, 0, 0, 0x0c], 'jP  \r\n\x87\n'),
  bytes([0, 0, 0, 0x0c], 'JXL \r\n\x87\n'),
  bytes('8BPS', [0, 1]),
];

const BMP = Buffer.from('BM', 'latin1');
const TIFF_LITTLE = Buffer.from([0x49, 0x49, 0x2a, 0x00]);
const TIFF_BIG = Buffer.from([0x4d, 0x4d, 0x00, 0x2a]);

/** Short signatures, trusted only with the header fields that follow them. */
function holdsShortSignature(data: Buffer): boolean {
  // BMP: reserved words zero, then a known DIB header size.
  for (
    let at = data.indexOf(BMP);
    at >= 0 && at + 18 <= data.length;
    at = data.indexOf(BMP, at + 1)
  ) {
    if (
      data.readUInt32LE(at + 6) === 0 &&
      [12, 40, 52, 56, 64, 108, 124].includes(data.readUInt32LE(at + 14))
    ) {
      return true;
    }
  }
  // TIFF: the first directory lies after the header, inside a file of plausible size.
  for (const [signature, little] of [
    [TIFF_LITTLE, true],
    [TIFF_BIG, false],
  ] as const) {
    for (
      let at = data.indexOf(signature);
      at >= 0 && at + 8 <= data.length;
      at = data.indexOf(signature, at + 1)
    ) {
      const ifd = little ? data.readUInt32LE(at + 4) : data.readUInt32BE(at + 4);
      if (ifd >= 8 && ifd < 1 << 24) return true;
    }
  }
  return false;
}

function holdsImage(data: Buffer): boolean {
  return SIGNATURES_ANYWHERE.some((s) => data.includes(s)) || holdsShortSignature(data);
}

/** Decode from each possible alignment, so a picture behind a few stray characters is still found. */
function encodedRunHoldsImage(run: string, alphabet: 'base64' | 'hex'): boolean {
  const step = alphabet === 'base64' ? 4 : 2;
  for (let shift = 0; shift < step && run.length - shift >= 16; shift += 1) {
    const usable = run.slice(shift, shift + Math.floor((run.length - shift) / step) * step);
    if (holdsImage(Buffer.from(usable, alphabet))) return true;
  }
  return false;
}

const BASE64_RUN = /[A-Za-z0-9+/]{16,}/g;
const HEX_RUN = /[0-9a-fA-F]{16,}/g;

function holdsEncodedImage(text: string): boolean {
  const compact = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  for (const [pattern, alphabet] of [
    [BASE64_RUN, 'base64'],
    [HEX_RUN, 'hex'],
  ] as const) {
    for (const match of compact.matchAll(pattern)) {
      if (encodedRunHoldsImage(match[0], alphabet)) return true;
    }
  }
  return false;
}

export function findImagePayload(text: string): ImagePayloadKind | null {
  let plain = text.normalize('NFKC');
  for (const [pattern, character] of ESCAPED_CHARACTERS) plain = plain.replace(pattern, character);
  if (SVG_ELEMENT.test(plain) || SVG_NAMESPACE.test(plain)) return 'svg';
  if (MEDIA_DATA_URI.test(plain.replace(/[\t\n\r]/g, ''))) return 'data_uri';
  if (holdsEncodedImage(text) || (plain !== text && holdsEncodedImage(plain))) {
    return 'encoded_image';
  }
  return null;
}

const WHAT: Record<ImagePayloadKind, string> = {
  svg: 'SVG markup',
  data_uri: 'a data: URI of an image or other media',
  encoded_image: 'an encoded (base64 or hexadecimal) image',
};

/** The refusal for a text field, or null when the text holds no image. */
export function imagePayloadProblem(text: string): string | null {
  const kind = findImagePayload(text);
  return kind === null
    ? null
    : `must not hold an image (it holds ${WHAT[kind]}); describe what was seen in words, with URLs and hashes, never the picture itself`;
}
