import { detectDocumentType } from './document-type';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

describe('detectDocumentType', () => {
  it('should accept a PDF by its header whatever the file is called', () => {
    expect(detectDocumentType(bytes('%PDF-1.7\n%âãÏÓ\n1 0 obj\n%%EOF\n'), 'photo.jpg')).toEqual({
      accepted: true,
      type: 'application/pdf',
    });
  });

  it('should accept CSV by name or by consistent delimiters, and plain text otherwise', () => {
    expect(detectDocumentType(bytes('date,amount\n2026-10-01,49.99\n'), 'export.txt')).toEqual({
      accepted: true,
      type: 'text/csv',
    });
    expect(detectDocumentType(bytes('one line'), 'export.csv')).toEqual({
      accepted: true,
      type: 'text/csv',
    });
    expect(detectDocumentType(bytes('Dear colleague,\nplease find our notes.\nRegards'))).toEqual({
      accepted: true,
      type: 'text/plain',
    });
    expect(detectDocumentType(bytes([0xef, 0xbb, 0xbf], 'Grüße, Zoë ✓\n'))).toMatchObject({
      accepted: true,
    });
  });

  it.each([
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /an image \(PNG\)/],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0, 0x10], /an image \(JPEG\)/],
    ['GIF', [...Buffer.from('GIF89a')], /an image \(GIF\)/],
    ['WebP', [...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')], /an image \(WebP\)/],
    ['MP4', [0, 0, 0, 0x18, ...Buffer.from('ftypmp42')], /a video/],
    ['WebM', [0x1a, 0x45, 0xdf, 0xa3, 1, 2], /a video/],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04, 20, 0], /an archive/],
    ['gzip', [0x1f, 0x8b, 8, 0], /an archive \(gzip\)/],
    ['7-Zip', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4], /an archive \(7-Zip\)/],
    ['RAR', [...Buffer.from('Rar!'), 0x1a, 7], /an archive \(RAR\)/],
    ['EXE', [...Buffer.from('MZ'), 0x90, 0], /a program/],
  ])('should refuse %s whatever it is called or declared as', (_name, magic, reason) => {
    const verdict = detectDocumentType(
      Uint8Array.from([...magic, ...Buffer.from('padding'.repeat(50))]),
      'notes.pdf',
    );
    expect(verdict.accepted).toBe(false);
    if (!verdict.accepted) expect(verdict.reason).toMatch(reason);
  });

  it('should refuse a tar archive by its header at offset 257', () => {
    const tar = new Uint8Array(600);
    tar.set(Buffer.from('evidence.txt'), 0);
    tar.set(Buffer.from('ustar'), 257);
    expect(detectDocumentType(tar)).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/tar/),
    });
  });

  it('should refuse SVG and text carrying base64 images', () => {
    expect(
      detectDocumentType(
        bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
      ),
    ).toMatchObject({ accepted: false });
    expect(
      detectDocumentType(bytes('see <img src="data:image/png;base64,iVBORw0KGgo=">')),
    ).toMatchObject({ accepted: false });
  });

  it('should refuse binary data, invalid UTF-8 and empty files', () => {
    expect(detectDocumentType(bytes('abc', [0x00], 'def'))).toMatchObject({ accepted: false });
    expect(detectDocumentType(bytes([0xc3, 0x28, 0x41]))).toMatchObject({ accepted: false });
    expect(detectDocumentType(new Uint8Array(0))).toEqual({
      accepted: false,
      reason: 'The document is empty.',
    });
  });

  it('should accept text that merely starts with the letters of a short signature', () => {
    expect(detectDocumentType(bytes('BM Holdings paid MZ Trading on 2 October'))).toEqual({
      accepted: true,
      type: 'text/plain',
    });
    expect(detectDocumentType(bytes('MZ-7 transfer log'))).toMatchObject({ accepted: true });
  });

  it('should not be fooled by a PDF name on text or a text name on a PNG', () => {
    expect(detectDocumentType(bytes('plain words'), 'scan.pdf')).toEqual({
      accepted: true,
      type: 'text/plain',
    });
    expect(detectDocumentType(bytes([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), 'notes.txt').accepted).toBe(
      false,
    );
  });

  it('should refuse a PDF with anything before its header or after its last %%EOF', () => {
    const pdf = '%PDF-1.7\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF';
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    expect(detectDocumentType(bytes(pdf, '\r\n \n'))).toEqual({
      accepted: true,
      type: 'application/pdf',
    });
    for (const [what, verdict] of [
      ['a prefix', detectDocumentType(bytes('hello\n', pdf))],
      ['a binary prefix', detectDocumentType(bytes(png, pdf))],
      ['a PNG after %%EOF', detectDocumentType(bytes(pdf, '\n', png))],
      ['text after %%EOF', detectDocumentType(bytes(pdf, '\nmore'))],
      ['no %%EOF (a PNG behind the header)', detectDocumentType(bytes('%PDF-1.7\n', png))],
    ] as const) {
      expect({ what, accepted: verdict.accepted }).toEqual({ what, accepted: false });
      if (!verdict.accepted) expect(verdict.reason).toMatch(/text-only PDF.*CSV.*text itself/);
    }
  });

  it('should refuse text documents holding <svg/ or a base64 picture without a data: prefix', () => {
    expect(detectDocumentType(bytes('note\n<svg/onload=1>\n'), 'a.txt')).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/SVG/),
    });
    expect(
      detectDocumentType(bytes('id,blob\n1,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ\n')),
    ).toMatchObject({ accepted: false, reason: expect.stringMatching(/embedded image/) });
  });
});
