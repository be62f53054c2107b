import { deflateSync } from 'node:zlib';
import {
  buildPdf,
  FORBIDDEN_PDFS,
  PDF_TEXT,
  signedPdf,
} from '../../../../test/support/pdf-fixtures';
import { inspectPdf, pdfRefusalReason } from './pdf-inspector';

const EXPECTED: Record<string, string> = {
  'an image XObject': 'image',
  'an image XObject that no page paints': 'image',
  'an inline image': 'image',
  'an inline image in hex-encoded content': 'image',
  'an image inside a form XObject': 'image',
  'an embedded file': 'embedded_file',
  'a JavaScript open action': 'javascript',
  'a form submitting its fields': 'form',
  'a fillable text field': 'form',
  'a link that submits a form, its name escaped': 'form',
  'JavaScript hidden in a compressed object stream': 'javascript',
  'JavaScript in an object stream behind a false endstream and a bare CR': 'javascript',
  'an encrypted body': 'encrypted',
};

/** The real inspector: pdfjs-dist in its worker thread. */
describe('inspectPdf', () => {
  it('should return the text of every page of a text-only PDF, compressed or not', async () => {
    expect(await inspectPdf(buildPdf())).toEqual({ text: PDF_TEXT });
    expect(await inspectPdf(buildPdf({ encode: 'flate' }))).toEqual({ text: PDF_TEXT });
  });

  it('should accept a digital signature, the one form field a text PDF may carry', async () => {
    expect(await inspectPdf(signedPdf())).toEqual({ text: PDF_TEXT });
  });

  it.each(Object.keys(FORBIDDEN_PDFS))('should refuse a PDF holding %s', async (what) => {
    expect(await inspectPdf(FORBIDDEN_PDFS[what]())).toEqual({ refusal: EXPECTED[what] });
  });

  it('should refuse a PDF that does not parse in full', async () => {
    const pdf = buildPdf();
    expect(await inspectPdf(pdf.subarray(0, pdf.indexOf('endstream')))).toEqual({
      refusal: 'unreadable',
    });
    expect(
      await inspectPdf(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n')),
    ).toEqual({
      refusal: 'unreadable',
    });
  });

  it('should tell the member what to send instead', () => {
    expect(pdfRefusalReason('image')).toMatch(/image.*text-only PDF.*CSV.*text itself/);
  });

  it('should return the text of comments and metadata too, which are stored with the document', async () => {
    const pdf = buildPdf({
      trailer: '/Info 7 0 R',
      page: '/Annots [6 0 R]',
      objects: [
        '<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /T (Analyst) /Contents (Comment text) >>',
        '<< /Title (Title text) /Author (Author text) >>',
      ],
    });
    const result = await inspectPdf(pdf);
    expect(result).toHaveProperty('text');
    for (const part of [PDF_TEXT, 'Comment text', 'Analyst', 'Title text', 'Author text']) {
      expect((result as { text: string }).text).toContain(part);
    }
  });

  it('should refuse a decompression bomb instead of inflating it', async () => {
    const bomb = {
      dict: '/Filter /FlateDecode',
      stream: deflateSync(Buffer.alloc(48 << 20, 0x20)),
    };
    expect(await inspectPdf(buildPdf({ objects: [bomb] }))).toEqual({ refusal: 'unreadable' });
  });

  it('should refuse a document not inspected within the time limit', async () => {
    expect(await inspectPdf(buildPdf(), 1)).toEqual({ refusal: 'unreadable' });
  });
});
