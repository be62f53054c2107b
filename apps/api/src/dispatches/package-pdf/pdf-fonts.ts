import { dirname, join } from 'node:path';

/**
 * Fonts and the text they can draw.
 *
 * PDFKit's standard fonts (Helvetica...) only encode WinAnsi: "Москва" or
 * "東京" would come out as wrong or empty glyphs. So every word of the PDF is
 * set in Liberation Sans, embedded (subset) from the TrueType files that
 * pdfjs-dist, already a dependency, ships under standard_fonts/ (SIL Open Font
 * Licence, LICENSE_LIBERATION beside them). It covers Latin, Greek and
 * Cyrillic. A character it has no glyph for (Chinese, Arabic, emoji...) is
 * replaced by a visible marker naming its code point, `[U+6771]`, so nothing
 * vanishes silently and the reader can still recover the exact text; the
 * JSON package remains the complete record.
 */

const FONT_DIR = join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts');

export const FONTS = {
  regular: join(FONT_DIR, 'LiberationSans-Regular.ttf'),
  bold: join(FONT_DIR, 'LiberationSans-Bold.ttf'),
} as const;

export type FontName = keyof typeof FONTS;

/** What PDFKit exposes of its embedded font: the fontkit font behind it. */
interface EmbeddedFontHandle {
  _font?: { font?: { hasGlyphForCodePoint?: (codePoint: number) => boolean } };
}

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, path] of Object.entries(FONTS)) doc.registerFont(name, path);
}

/**
 * A check of which code points the current font draws. PDFKit keeps the
 * fontkit font of an embedded TrueType font on `_font.font`; should a PDFKit
 * upgrade move it, rendering fails loudly here (and the non-Latin spec with
 * it) instead of printing blanks.
 */
export function glyphCoverage(doc: PDFKit.PDFDocument): (codePoint: number) => boolean {
  const font = (doc as unknown as EmbeddedFontHandle)._font?.font;
  const has = font?.hasGlyphForCodePoint?.bind(font);
  if (!has) throw new Error('package PDF: the embedded font cannot tell which glyphs it has');
  const known = new Map<number, boolean>();
  return (codePoint) => {
    let result = known.get(codePoint);
    if (result === undefined) {
      result = has(codePoint);
      known.set(codePoint, result);
    }
    return result;
  };
}

/** Line breaks kept, tabs as spaces; every other control character is made visible. */
const WHITESPACE = /\r\n?|\t/g;

/**
 * `text` as the font can draw it: NFC-composed (a combining diaeresis joins
 * its letter), each character without a glyph (and each control or
 * invisible format character, such as a bidi override) as `[U+XXXX]`.
 */
export function printableText(text: string, hasGlyph: (codePoint: number) => boolean): string {
  let out = '';
  for (const char of text.normalize('NFC').replace(WHITESPACE, (m) => (m === '\t' ? ' ' : '\n'))) {
    const codePoint = char.codePointAt(0) ?? 0;
    const control = /[\p{Cc}\p{Cf}]/u.test(char) && char !== '\n';
    out +=
      control || (char !== '\n' && !hasGlyph(codePoint))
        ? `[U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}]`
        : char;
  }
  return out;
}
