import { PDF_ADVICE } from '@app/domain';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * What makes a PDF refused: anything but text. pdfjs-dist reads the document
 * in a worker thread (pdf-inspector.worker.mjs, copied next to this file by
 * the build) with its own memory ceiling and a time limit, so a hostile PDF
 * costs the API at most one short-lived thread.
 */
export type PdfRefusal =
  'image' | 'embedded_file' | 'javascript' | 'form' | 'encrypted' | 'unreadable';

export type PdfInspection = { text: string } | { refusal: PdfRefusal };

const WORKER_FILE = join(__dirname, 'pdf-inspector.worker.mjs');
/** Far beyond what a text PDF within ATTACHMENT_MAX_BYTES needs. */
const TIME_LIMIT_MS = 20_000;
const RESOURCE_LIMITS = {
  maxOldGenerationSizeMb: 160,
  maxYoungGenerationSizeMb: 32,
  stackSizeMb: 4,
};
/** Inspections running at once; further uploads wait their turn. */
const MAX_CONCURRENT = 2;

const REASONS: Record<PdfRefusal, string> = {
  image:
    'This PDF holds an image (an image object, an inline image, or a picture written as text).',
  embedded_file: 'This PDF holds an embedded file or media.',
  javascript: 'This PDF holds JavaScript.',
  form: 'This PDF holds a fillable form or a form action (submit, reset, import or launch).',
  encrypted: 'This PDF is encrypted, so its content cannot be inspected.',
  unreadable:
    'This PDF could not be read in full (it is damaged, truncated or too complex to inspect).',
};

/** The refusal in words, with what to send instead. */
export function pdfRefusalReason(refusal: PdfRefusal): string {
  return `${REASONS[refusal]} ${PDF_ADVICE}`;
}

let running = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  return () => {
    running -= 1;
    waiting.shift()?.();
  };
}

function runWorker(bytes: Buffer, timeLimitMs: number): Promise<PdfInspection> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_FILE, {
      workerData: new Uint8Array(bytes),
      resourceLimits: RESOURCE_LIMITS,
    });
    let settled = false;
    const settle = (result: PdfInspection) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ refusal: 'unreadable' }), timeLimitMs);
    worker.once('message', (result: PdfInspection) => settle(result));
    // Out of memory, a crash or an exit without an answer: the document was not inspected.
    worker.once('error', () => settle({ refusal: 'unreadable' }));
    worker.once('exit', () => settle({ refusal: 'unreadable' }));
  });
}

export async function inspectPdf(
  bytes: Buffer,
  timeLimitMs = TIME_LIMIT_MS,
): Promise<PdfInspection> {
  const release = await turn();
  try {
    return await runWorker(bytes, timeLimitMs);
  } finally {
    release();
  }
}
