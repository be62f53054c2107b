import PDFDocument from 'pdfkit';
import { glyphCoverage, printableText, registerFonts, type FontName } from './pdf-fonts';

/**
 * Page geometry and the few blocks the package is made of (headings, labelled
 * fields, paragraphs, lists, tables). The top and bottom margins are kept
 * free for the marking header and footer stamped on every page afterwards
 * (package-stamp.ts); body text never runs into them.
 */

export const PAGE = {
  size: 'A4',
  margins: { top: 64, bottom: 104, left: 50, right: 50 },
} as const;

export const INK = { text: '#000000', muted: '#444444', rule: '#999999' } as const;

const SIZE = { title: 16, heading: 13, subheading: 10.5, body: 9.5, small: 8 } as const;

export interface TableColumn {
  header: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'right';
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly hasGlyph: (codePoint: number) => boolean;

  constructor(info: { title: string }) {
    this.doc = new PDFDocument({
      size: PAGE.size,
      margins: PAGE.margins,
      bufferPages: true,
      info: {
        Title: info.title,
        Author: 'Coalition Referral Hub',
        Creator: 'Coalition Referral Hub',
      },
      displayTitle: true,
      lang: 'en-GB',
    });
    registerFonts(this.doc);
    this.doc.font('regular');
    this.hasGlyph = glyphCoverage(this.doc);
  }

  get width(): number {
    return this.doc.page.width - PAGE.margins.left - PAGE.margins.right;
  }

  get left(): number {
    return PAGE.margins.left;
  }

  private get bottom(): number {
    return this.doc.page.height - PAGE.margins.bottom;
  }

  /** Text the embedded font can draw (see pdf-fonts.ts). */
  safe(text: string): string {
    return printableText(text, this.hasGlyph);
  }

  use(font: FontName, size: number, color: string = INK.text): this {
    this.doc.font(font).fontSize(size).fillColor(color);
    return this;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** A bold line across the text width, `space` (in lines) above it and `after` below. */
  private boldLine(text: string, size: number, space: number, after: number): void {
    this.doc.moveDown(space);
    this.use('bold', size).doc.text(this.safe(text), this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(after);
  }

  title(text: string): void {
    this.boldLine(text, SIZE.title, 0, 0.3);
  }

  heading(text: string): void {
    this.ensureSpace(60);
    this.boldLine(text, SIZE.heading, 0.6, 0);
    const y = this.doc.y + 2;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y);
    this.doc.lineWidth(0.5).strokeColor(INK.rule).stroke();
    this.doc.moveDown(0.4);
  }

  subheading(text: string): void {
    this.ensureSpace(40);
    this.boldLine(text, SIZE.subheading, 0.4, 0.15);
  }

  paragraph(
    text: string,
    options: { muted?: boolean; small?: boolean; strong?: boolean; indent?: number } = {},
  ): void {
    const size = options.small ? SIZE.small : SIZE.body;
    this.use(options.strong ? 'bold' : 'regular', size, options.muted ? INK.muted : INK.text);
    const indent = options.indent ?? 0;
    this.doc.text(this.safe(text), this.left + indent, this.doc.y, { width: this.width - indent });
  }

  /** `Label: value` pairs in two columns; an empty value list prints "not given". */
  fields(rows: [label: string, value: string | string[]][]): void {
    const labelWidth = Math.round(this.width * 0.3);
    const valueWidth = this.width - labelWidth - 8;
    for (const [label, raw] of rows) {
      const values = Array.isArray(raw) ? raw : [raw];
      const value = this.safe(values.length ? values.join('\n') : 'not given');
      this.use('regular', SIZE.body);
      const height = Math.max(
        this.doc.heightOfString(value, { width: valueWidth }),
        this.use('bold', SIZE.body).doc.heightOfString(this.safe(label), { width: labelWidth }),
      );
      this.ensureSpace(height + 3);
      const y = this.doc.y;
      this.doc.text(this.safe(label), this.left, y, { width: labelWidth });
      this.use('regular', SIZE.body).doc.text(value, this.left + labelWidth + 8, y, {
        width: valueWidth,
      });
      this.doc.y = y + height + 3;
    }
  }

  /** A bulleted list; each item may have a second, muted line. */
  bullets(items: { text: string; detail?: string | null }[]): void {
    for (const item of items) {
      this.ensureSpace(24);
      const y = this.doc.y;
      this.use('regular', SIZE.body).doc.text('•', this.left + 4, y, { width: 10 });
      this.doc.text(this.safe(item.text), this.left + 16, y, { width: this.width - 16 });
      if (item.detail) this.paragraph(item.detail, { muted: true, small: true, indent: 16 });
      this.doc.moveDown(0.2);
    }
  }

  /** A table that continues on the next page with its header repeated. */
  table(columns: TableColumn[], rows: string[][]): void {
    const widths = columns.map((c) => c.width * this.width);
    const drawRow = (cells: string[], font: FontName) => {
      this.use(font, SIZE.small);
      const texts = cells.map((c) => this.safe(c));
      const height =
        Math.max(...texts.map((t, i) => this.doc.heightOfString(t, { width: widths[i] - 6 }))) + 5;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        if (font === 'regular')
          drawRow(
            columns.map((c) => c.header),
            'bold',
          );
        this.use(font, SIZE.small);
      }
      const y = this.doc.y;
      let x = this.left;
      texts.forEach((text, i) => {
        this.doc.text(text, x + 3, y + 2, {
          width: widths[i] - 6,
          align: columns[i].align ?? 'left',
        });
        x += widths[i];
      });
      this.doc.y = y + height;
      this.doc
        .moveTo(this.left, this.doc.y)
        .lineTo(this.left + this.width, this.doc.y)
        .lineWidth(0.3)
        .strokeColor(INK.rule)
        .stroke();
    };
    drawRow(
      columns.map((c) => c.header),
      'bold',
    );
    for (const row of rows) drawRow(row, 'regular');
    this.doc.x = this.left;
    this.doc.moveDown(0.4);
  }

  /** The finished document's bytes. */
  finish(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
