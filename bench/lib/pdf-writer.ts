import { deflateSync } from 'node:zlib';

/**
 * PDFs written object by object, with a correct cross-reference table, so each
 * document holds exactly the feature under test (one image, one embedded
 * file, one action...) next to otherwise ordinary text.
 */
export interface PdfOptions {
  /** Page content stream (text operators by default). */
  content?: string;
  /** Fonts beside /F1 (Helvetica), as entries of the page's /Font dictionary. */
  fonts?: string;
  /** Extra entries of the page's /Resources dictionary. */
  resources?: string;
  /** Extra entries of the catalog. */
  catalog?: string;
  /** Extra entries of the page dictionary. */
  page?: string;
  /** Further objects, numbered from 6 on: a string, or a dictionary with its stream. */
  objects?: (string | { dict: string; stream: Buffer })[];
  /** Extra entries of the trailer. */
  trailer?: string;
  /** Encode the page content (FlateDecode or ASCIIHexDecode). */
  encode?: 'flate' | 'hex';
}

export const PDF_TEXT = 'Transaction export: merchant example.test, 3 payments, see hashes.';

const stream = (dict: string, data: Buffer): Buffer =>
  Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream', 'latin1'),
  ]);

export function buildPdf(options: PdfOptions = {}): Buffer {
  const content = Buffer.from(options.content ?? `BT /F1 12 Tf 72 720 Td (${PDF_TEXT}) Tj ET`);
  const contentObject =
    options.encode === 'flate'
      ? stream('/Filter /FlateDecode', deflateSync(content))
      : options.encode === 'hex'
        ? stream('/Filter /ASCIIHexDecode', Buffer.from(`${content.toString('hex')}>`))
        : stream('', content);
  const bodies: Buffer[] = [
    Buffer.from(`<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''} >>`),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R ` +
        `/Resources << /Font << /F1 5 0 R ${options.fonts ?? ''} >> ${options.resources ?? ''} >> ${options.page ?? ''} >>`,
    ),
    contentObject,
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
    ...(options.objects ?? []).map((o) =>
      typeof o === 'string' ? Buffer.from(o, 'latin1') : stream(o.dict, o.stream),
    ),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(length);
    const object = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      body,
      Buffer.from('\nendobj\n'),
    ]);
    parts.push(object);
    length += object.length;
  });
  const xref = [
    'xref',
    `0 ${bodies.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${bodies.length + 1} /Root 1 0 R ${options.trailer ?? ''} >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}
