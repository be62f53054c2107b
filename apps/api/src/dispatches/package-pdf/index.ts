export { renderPackagePdf } from './package-pdf';
export { CHECKPOINT_PENDING, type PdfStamp } from './package-stamp';
export { PdfWriter } from './pdf-layout';
