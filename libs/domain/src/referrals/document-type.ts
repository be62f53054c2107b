import { findImagePayload } from './image-payloads';

/**
 * What an uploaded document really is, judged by its bytes alone (never by its
 * name or declared type). Only PDF, CSV and plain text are accepted: the
 * system must never hold images, video or archives (hard rule 1). This is an
 * allowlist: anything not recognised as one of the three is refused; known
 * signatures are named only to make the refusal clear. A PDF must begin with
 * its header and end with `%%EOF` (nothing but whitespace after it, so no file
 * rides behind it); what is inside it is inspected next, by the API's PDF
 * inspector.
 */
export const DOCUMENT_TYPES = ['application/pdf', 'text/csv', 'text/plain'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export type DocumentVerdict =
  { accepted: true; type: DocumentType } | { accepted: false; reason: string };

interface Signature {
  name: string;
  kind: 'an image' | 'a video' | 'audio' | 'an archive' | 'a program' | 'an office file';
  offset: number;
  bytes: number[];
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const SIGNATURES: Signature[] = [
  { name: 'PNG', kind: 'an image', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'JPEG', kind: 'an image', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF', kind: 'an image', offset: 0, bytes: ascii('GIF8') },
  { name: 'BMP', kind: 'an image', offset: 0, bytes: ascii('BM') },
  { name: 'TIFF', kind: 'an image', offset: 0, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF', kind: 'an image', offset: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'WebP', kind: 'an image', offset: 8, bytes: ascii('WEBP') },
  { name: 'ICO', kind: 'an image', offset: 0, bytes: [0x00, 0x00, 0x01, 0x00] },
  { name: 'Photoshop', kind: 'an image', offset: 0, bytes: ascii('8BPS') },
  { name: 'AVI', kind: 'a video', offset: 8, bytes: ascii('AVI ') },
  { name: 'MP4/QuickTime/HEIF', kind: 'a video', offset: 4, bytes: ascii('ftyp') },
  { name: 'Matroska/WebM', kind: 'a video', offset: 0, bytes: [0x1a, 0x45, 0xdf, 0xa3] },
  { name: 'MPEG', kind: 'a video', offset: 0, bytes: [0x00, 0x00, 0x01, 0xba] },
  { name: 'FLV', kind: 'a video', offset: 0, bytes: ascii('FLV') },
  { name: 'WAV', kind: 'audio', offset: 8, bytes: ascii('WAVE') },
  { name: 'MP3', kind: 'audio', offset: 0, bytes: ascii('ID3') },
  { name: 'Ogg', kind: 'audio', offset: 0, bytes: ascii('OggS') },
  {
    name: 'ZIP (or an Office/OpenDocument file)',
    kind: 'an archive',
    offset: 0,
    bytes: [0x50, 0x4b, 0x03, 0x04],
  },
  { name: 'ZIP', kind: 'an archive', offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: 'gzip', kind: 'an archive', offset: 0, bytes: [0x1f, 0x8b] },
  { name: 'bzip2', kind: 'an archive', offset: 0, bytes: ascii('BZh') },
  { name: 'xz', kind: 'an archive', offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: '7-Zip', kind: 'an archive', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'RAR', kind: 'an archive', offset: 0, bytes: ascii('Rar!') },
  { name: 'tar', kind: 'an archive', offset: 257, bytes: ascii('ustar') },
  { name: 'Zstandard', kind: 'an archive', offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'Windows executable', kind: 'a program', offset: 0, bytes: ascii('MZ') },
  { name: 'ELF executable', kind: 'a program', offset: 0, bytes: [0x7f, 0x45, 0x4c, 0x46] },
  {
    name: 'legacy Office document',
    kind: 'an office file',
    offset: 0,
    bytes: [0xd0, 0xcf, 0x11, 0xe0],
  },
];

const PDF_MAGIC = ascii('%PDF-');

function startsWith(bytes: Uint8Array, offset: number, expected: number[]): boolean {
  if (bytes.length < offset + expected.length) return false;
  return expected.every((b, i) => bytes[offset + i] === b);
}

/** Control characters other than tab, line feed, form feed and carriage return. */
// eslint-disable-next-line no-control-regex
const BINARY_CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

function looksLikeCsv(text: string, filename?: string): boolean {
  if (filename && /\.csv$/i.test(filename.trim())) return true;
  const lines = text
    .split(/\r?\n/)
    .filter((l) => l.length > 0)
    .slice(0, 20);
  if (lines.length < 2) return false;
  return [',', ';', '\t'].some((d) => {
    const count = lines[0].split(d).length - 1;
    return count > 0 && lines.every((l) => l.split(d).length - 1 === count);
  });
}

export const REFUSAL_ADVICE =
  'Only PDF, CSV and plain-text documents are accepted. Never upload images, video or archives: describe evidence with URLs and hashes instead.';

/** What to send instead of a PDF that is refused. */
export const PDF_ADVICE =
  'Send a text-only PDF (no images, attachments, scripts or forms), a CSV export, or the text itself.';

const PDF_EOF = ascii('%%EOF');
const PDF_WHITESPACE = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20]);

/** Why a file that starts with the PDF header is not a whole, bare PDF, or null. */
function pdfEnvelopeProblem(bytes: Uint8Array): string | null {
  const end = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).lastIndexOf(
    Buffer.from(PDF_EOF),
  );
  if (end < 0) return `This PDF is incomplete (it has no %%EOF end marker). ${PDF_ADVICE}`;
  for (let i = end + PDF_EOF.length; i < bytes.length; i += 1) {
    if (!PDF_WHITESPACE.has(bytes[i])) {
      return `This PDF has other data after its end (%%EOF). ${PDF_ADVICE}`;
    }
  }
  return null;
}

function pdfHeaderInside(bytes: Uint8Array): boolean {
  return (
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(Buffer.from(PDF_MAGIC)) > 0
  );
}

export function detectDocumentType(bytes: Uint8Array, filename?: string): DocumentVerdict {
  if (bytes.length === 0) return { accepted: false, reason: 'The document is empty.' };
  if (startsWith(bytes, 0, PDF_MAGIC)) {
    const problem = pdfEnvelopeProblem(bytes);
    return problem
      ? { accepted: false, reason: problem }
      : { accepted: true, type: 'application/pdf' };
  }
  if (pdfHeaderInside(bytes)) {
    return { accepted: false, reason: `Something precedes this PDF's header. ${PDF_ADVICE}` };
  }
  // Signatures of four bytes or more are refused even when the rest would decode
  // as text (a crafted printable GIF is still a GIF).
  const strong = SIGNATURES.find(
    (s) => s.bytes.length >= 4 && startsWith(bytes, s.offset, s.bytes),
  );
  if (strong)
    return {
      accepted: false,
      reason: `This is ${strong.kind} (${strong.name}). ${REFUSAL_ADVICE}`,
    };
  const text = decodeText(bytes);
  if (text !== null) {
    const payload = findImagePayload(text);
    if (payload) {
      const what = payload === 'svg' ? 'SVG markup (a picture)' : 'an embedded image or video';
      return { accepted: false, reason: `This text holds ${what}. ${REFUSAL_ADVICE}` };
    }
    return { accepted: true, type: looksLikeCsv(text, filename) ? 'text/csv' : 'text/plain' };
  }
  // Not a document we accept. Short signatures (BM, MZ, gzip…) could begin
  // ordinary text, so they are looked up only now, to say plainly what was sent.
  const sig = SIGNATURES.find((s) => startsWith(bytes, s.offset, s.bytes));
  return {
    accepted: false,
    reason: sig
      ? `This is ${sig.kind} (${sig.name}). ${REFUSAL_ADVICE}`
      : `This is not a PDF, CSV or UTF-8 text document. ${REFUSAL_ADVICE}`,
  };
}

/** The bytes as text if they are UTF-8 without binary control characters, else null. */
function decodeText(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return BINARY_CONTROL.test(text) ? null : text;
  } catch {
    return null;
  }
}
