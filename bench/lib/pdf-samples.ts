/**
 * Text-only PDFs laid out the way real producers write text, for
 * `npm run pan:eval`: a text line is never one string with its line breaks
 * and tabs in it, but runs placed one by one, each producer splitting them
 * its own way.
 */
import { buildPdf } from './pdf-writer';
import { int, type Random } from './pan-samples';

/** One run of text: its characters, and the room left before the next run (in text space units). */
interface Run {
  text: string;
  gapBefore: number;
}

/** How a producer turns a line into text-showing operators. */
export type PdfProducer = 'line per Tj' | 'word per Tj' | 'TJ with kerning' | 'glyph per Tj';
export const PDF_PRODUCERS: readonly PdfProducer[] = [
  'line per Tj',
  'word per Tj',
  'TJ with kerning',
  'glyph per Tj',
];

const FONT_SIZE = 10;
const LINE_HEIGHT = 14;
/** Latin-1 text, the characters a simple (WinAnsi) font can show; anything else needs a CID font. */
const SIMPLE = /^[\u0020-\u007e\u00a0-\u00ff]*$/;

/** The runs of a line: white space becomes room between runs, as layout engines place words. */
function runsOf(line: string): Run[] {
  const runs: Run[] = [];
  let gap = 0;
  for (const part of line.split(/([ \t\u00a0]+)/)) {
    if (part.length === 0) continue;
    if (/^[ \t\u00a0]+$/.test(part)) {
      gap += [...part].reduce((room, c) => room + (c === '\t' ? 4 : 1), 0);
    } else {
      runs.push({ text: part, gapBefore: gap });
      gap = 0;
    }
  }
  return runs;
}

/** Shows text in the page's font: a simple font takes bytes, the CID font two-byte glyph ids. */
interface Font {
  name: string;
  show(text: string): string;
}

function simpleFont(): Font {
  return {
    name: '/F2',
    show: (text) =>
      `(${[...text]
        .map((c) => {
          const code = c.charCodeAt(0);
          return code < 0x20 || code > 0x7e || '()\\'.includes(c)
            ? `\\${code.toString(8).padStart(3, '0')}`
            : c;
        })
        .join('')})`,
  };
}

/** A subset-style CID font: glyph ids in order of first use, mapped back to text by /ToUnicode. */
function cidFont(glyphs: Map<string, number>): Font {
  return {
    name: '/F3',
    show: (text) =>
      `<${[...text]
        .map((c) => {
          if (!glyphs.has(c)) glyphs.set(c, glyphs.size + 1);
          return glyphs.get(c)!.toString(16).padStart(4, '0');
        })
        .join('')}>`,
  };
}

function toUnicodeCmap(glyphs: Map<string, number>): Buffer {
  const hex = (c: string) =>
    [...Buffer.from(c, 'utf16le').swap16()].map((b) => b.toString(16).padStart(2, '0')).join('');
  const entries = [...glyphs].map(([c, id]) => `<${id.toString(16).padStart(4, '0')}> <${hex(c)}>`);
  const blocks: string[] = [];
  for (let at = 0; at < entries.length; at += 100) {
    const chunk = entries.slice(at, at + 100);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return Buffer.from(
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n' +
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n' +
      '/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n' +
      `1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n${blocks.join('\n')}\n` +
      'endcmap CMapName currentdict /CMap defineresource pop end end',
  );
}

/** Splits a run at random points, the way kerning pairs break a TJ string. */
function kerned(random: Random, font: Font, text: string): string {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > 1 && random() < 0.6) {
    const cut = int(random, 1, rest.length - 1);
    parts.push(font.show(rest.slice(0, cut)), String(int(random, -40, 40)));
    rest = rest.slice(cut);
  }
  parts.push(font.show(rest));
  return parts.join(' ');
}

/** The operators showing one line; the line's origin is the current text position. */
function lineOperators(random: Random, producer: PdfProducer, font: Font, line: string): string {
  const runs = runsOf(line);
  const space = FONT_SIZE * 0.28;
  const advance = (text: string) => [...text].length * FONT_SIZE * 0.56;
  switch (producer) {
    case 'line per Tj':
      return `${font.show(line.replace(/\t/g, ' '))} Tj`;
    case 'TJ with kerning':
      // Room between words as a negative adjustment (thousandths of an em), no space glyph.
      return `[${runs
        .map(
          (r) =>
            `${r.gapBefore > 0 ? `${-280 * r.gapBefore} ` : ''}${kerned(random, font, r.text)}`,
        )
        .join(' ')}] TJ`;
    case 'word per Tj':
    case 'glyph per Tj': {
      const ops: string[] = [];
      let x = 0;
      for (const run of runs) {
        x += run.gapBefore * space;
        const pieces = producer === 'word per Tj' ? [run.text] : [...run.text];
        for (const piece of pieces) {
          // Td moves relative to the previous run's start.
          ops.push(`${x.toFixed(2)} 0 Td ${font.show(piece)} Tj`);
          x = advance(piece);
        }
      }
      return ops.join(' ');
    }
  }
}

/** A one-page text-only PDF showing `text` line by line with one producer's operators. */
export function textPdf(random: Random, producer: PdfProducer, text: string): Buffer {
  const glyphs = new Map<string, number>();
  const font = SIMPLE.test(text.replace(/[\t\r\n]/g, ' ')) ? simpleFont() : cidFont(glyphs);
  const lines = text.split(/\r\n|\r|\n/);
  const body = lines
    .map((line, index) => {
      // Each line starts from the left margin: BT resets the text matrix.
      const top = 720 - index * LINE_HEIGHT;
      return `BT ${font.name} ${FONT_SIZE} Tf 72 ${top} Td ${lineOperators(random, producer, font, line)} ET`;
    })
    .join('\n');
  const glyphCount = Math.max(glyphs.size, 1);
  return buildPdf({
    content: body,
    fonts: '/F2 6 0 R /F3 7 0 R',
    objects: [
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
      '<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NotoSans /Encoding /Identity-H ' +
        '/DescendantFonts [8 0 R] /ToUnicode 10 0 R >>',
      `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+NotoSans /CIDToGIDMap /Identity ` +
        `/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> ` +
        `/FontDescriptor 9 0 R /DW 560 /W [1 [${Array(glyphCount).fill(560).join(' ')}]] >>`,
      '<< /Type /FontDescriptor /FontName /ABCDEF+NotoSans /Flags 32 /FontBBox [0 -250 1000 900] ' +
        '/ItalicAngle 0 /Ascent 900 /Descent -250 /CapHeight 700 /StemV 80 >>',
      { dict: '', stream: toUnicodeCmap(glyphs) },
    ],
  });
}
