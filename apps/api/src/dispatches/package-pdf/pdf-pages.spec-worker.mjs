// Test helper (not shipped): reads a PDF with pdfjs-dist and posts the text of
// each page, one string per page with a line per text item. pdfjs is ESM only
// and the unit specs run as CommonJS, hence a worker thread, as for the
// upload inspector (apps/api/src/referrals/pdf-inspector.worker.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

const task = getDocument({
  data: workerData,
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWorkerFetch: false,
  stopAtErrors: true,
  verbosity: VerbosityLevel.ERRORS,
});
try {
  const doc = await task.promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
  }
  parentPort.postMessage({ pages });
} catch (error) {
  parentPort.postMessage({ error: String(error) });
} finally {
  await task.destroy();
}
