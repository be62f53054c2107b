import {
  detectDocumentType,
  findCardNumbers,
  findImagePayload,
  type DocumentType,
} from '@app/domain';
import { inspectPdf, pdfRefusalReason } from './pdf-inspector';

/**
 * What becomes of an uploaded document, decided on its bytes alone: stored
 * (with its type), refused as a kind of document not accepted (415, with the
 * reason), or refused for holding a card number (400, naming the brand).
 * `npm run pan:eval` measures this very function on PDFs.
 */
export type DocumentScreening =
  | { accepted: true; type: DocumentType }
  | { accepted: false; unsupported: string }
  | { accepted: false; cardBrand: string };

export async function screenDocument(
  content: Buffer,
  filename: string,
): Promise<DocumentScreening> {
  const verdict = detectDocumentType(content, filename);
  if (!verdict.accepted) return { accepted: false, unsupported: verdict.reason };
  let text = content.toString('utf8');
  if (verdict.type === 'application/pdf') {
    const inspection = await inspectPdf(content);
    if ('refusal' in inspection) {
      return { accepted: false, unsupported: pdfRefusalReason(inspection.refusal) };
    }
    if (findImagePayload(inspection.text)) {
      return { accepted: false, unsupported: pdfRefusalReason('image') };
    }
    text = inspection.text;
  }
  const card = findCardNumbers(text)[0];
  return card ? { accepted: false, cardBrand: card.brand } : { accepted: true, type: verdict.type };
}
