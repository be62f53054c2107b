// Reads one uploaded PDF with pdfjs-dist in a worker thread of its own: pdfjs
// is ESM only (the API is CommonJS), and a hostile document must neither block
// the API's event loop nor exhaust its memory (the parent sets resourceLimits
// and terminates this thread after a time limit).
//
// Posts { refusal } naming the first thing a text-only document must not hold,
// or { text }: the text of every page, comment and metadata entry, for the
// card-number and encoded-image scans.
import { parentPort, workerData } from 'node:worker_threads';
import { constants, inflateSync } from 'node:zlib';
import { AnnotationMode, getDocument, OPS, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Every operator that paints an image: XObjects, inline images, image masks. */
const IMAGE_OPS = new Set(
  Object.entries(OPS)
    .filter(([name]) => /image/i.test(name))
    .map(([, code]) => code),
);
/** Annotations that carry files, sound or video rather than text. */
const MEDIA_ANNOTATIONS = new Set([
  'FileAttachment',
  'Sound',
  'Movie',
  'Screen',
  'RichMedia',
  '3D',
]);

/**
 * What the object structure itself declares, whether or not pdfjs would ever
 * reach it (an image no page paints, a SubmitForm action pdfjs does not
 * expose, an encryption dictionary). Names are compared after their #xx
 * escapes are decoded, in the file and in every Flate-compressed stream
 * (object streams hide dictionaries there).
 */
const DECLARED = [
  ['encrypted', /\/Encrypt\b/],
  ['image', /\/Subtype\s*\/Image\b/],
  [
    'image',
    /(?:^|[\s\]>)}])BI\s*\/(?:W|Width|H|Height|BPC|BitsPerComponent|CS|ColorSpace|IM|ImageMask|F|Filter)\b/,
  ],
  ['embedded_file', /\/(?:EmbeddedFiles?|FileAttachment|RichMedia|Sound|Movie|Rendition|GoToE)\b/],
  ['javascript', /\/(?:JavaScript|JS)\b/],
  ['form', /\/(?:XFA|SubmitForm|ResetForm|ImportData|Launch)\b/],
];
/** Inflated bytes inspected at most (a small upload can be a decompression bomb). */
const INFLATE_BUDGET = 32 * 1024 * 1024;

const decodeNames = (text) =>
  text.replace(/\/[^\s()<>[\]{}/%]*/g, (name) =>
    name.replace(/#([0-9a-fA-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
  );

/** The filters a stream dictionary names (decoded names). */
const filtersOf = (dict) =>
  (/\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict) ?? [null, ''])[1].match(/\/\w+/g) ?? [];

/**
 * The file and the inflated content of each of its Flate streams. A stream is
 * inflated from its first byte for as long as its deflate data goes on (as a
 * decoder does), whatever its /Length or any `endstream` inside it says.
 */
function textsOf(bytes) {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const file = data.toString('latin1');
  const texts = [decodeNames(file)];
  let budget = INFLATE_BUDGET;
  const keyword = /\bstream(?:\r\n|\r|\n)/g;
  let match;
  while ((match = keyword.exec(file)) !== null) {
    const start = match.index + match[0].length;
    const dict = decodeNames(file.slice(file.lastIndexOf(' obj', match.index) + 4, match.index));
    const filters = filtersOf(dict);
    const flate = filters.length === 1 && filters[0] === '/FlateDecode';
    // Object streams hold dictionaries: one the scan cannot decode could hide anything.
    const objectStream = /\/Type\s*\/ObjStm\b/.test(dict);
    if (objectStream && ((filters.length > 0 && !flate) || /\/DecodeParms/.test(dict))) return null;
    if (!flate || /\/Subtype\s*\/Image\b/.test(dict)) {
      const end = file.indexOf('endstream', start);
      if (end < 0) break;
      keyword.lastIndex = end;
      continue;
    }
    let inflated;
    try {
      inflated = inflateSync(data.subarray(start), {
        info: true,
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: Math.max(budget, 1),
      });
    } catch {
      return null; // damaged, or inflating past the budget
    }
    budget -= inflated.buffer.length;
    texts.push(decodeNames(inflated.buffer.toString('latin1')));
    keyword.lastIndex = start + inflated.engine.bytesWritten;
  }
  return texts;
}

function declaredRefusal(bytes) {
  const texts = textsOf(bytes);
  if (texts === null) return 'unreadable';
  for (const [refusal, pattern] of DECLARED) {
    if (texts.some((text) => pattern.test(text))) return refusal;
  }
  return null;
}

/** True when an operator list (or one nested in its arguments: patterns, Type3 glyphs) paints an image. */
function paintsImage(list, depth = 0) {
  if (depth > 16) return true;
  for (let i = 0; i < list.fnArray.length; i += 1) {
    if (IMAGE_OPS.has(list.fnArray[i])) return true;
    if (argsPaintImage(list.argsArray[i], depth)) return true;
  }
  return false;
}

function argsPaintImage(value, depth) {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  if (Array.isArray(value.fnArray) && Array.isArray(value.argsArray)) {
    return paintsImage(value, depth + 1);
  }
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => argsPaintImage(child, depth + 1));
}

const isNonEmpty = (value) =>
  value !== null &&
  value !== undefined &&
  (typeof value !== 'object' || Object.keys(value).length > 0);

/** Every string a value holds (document information, XMP metadata), at any depth. */
function stringsOf(value, out = [], depth = 0) {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object' && depth < 8) {
    for (const child of Object.values(value)) stringsOf(child, out, depth + 1);
  }
  return out;
}

/** The refusal an annotation calls for, or null; its comment text joins `texts`. */
async function annotationRefusal(page, texts) {
  for (const annotation of await page.getAnnotations({ intent: 'display' })) {
    if (MEDIA_ANNOTATIONS.has(annotation.subtype) || annotation.attachment) return 'embedded_file';
    if (isNonEmpty(annotation.actions)) return 'javascript';
    // A digital signature (signed statements are common) is the one form field allowed.
    if (
      (annotation.subtype === 'Widget' && annotation.fieldType !== 'Sig') ||
      annotation.resetForm
    ) {
      return 'form';
    }
    texts.push(annotation.titleObj?.str ?? '', annotation.contentsObj?.str ?? '');
  }
  return null;
}

async function inspect(data) {
  const declared = declaredRefusal(data);
  if (declared) return { refusal: declared };
  const task = getDocument({
    data,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    stopAtErrors: true,
    verbosity: VerbosityLevel.ERRORS,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    return { refusal: error?.name === 'PasswordException' ? 'encrypted' : 'unreadable' };
  }
  try {
    const { info, metadata } = await doc.getMetadata();
    if (info.IsCollectionPresent || isNonEmpty(await doc.getAttachments())) {
      return { refusal: 'embedded_file' };
    }
    if (isNonEmpty(await doc.getJSActions())) return { refusal: 'javascript' };
    const fields = Object.values((await doc.getFieldObjects()) ?? {}).flat();
    if (
      info.IsAcroFormPresent ||
      info.IsXFAPresent ||
      fields.some((field) => field.type !== 'signature')
    ) {
      return { refusal: 'form' };
    }
    // Metadata and comments are stored with the document, so they are scanned like its pages.
    const { Title, Author, Subject, Keywords, Creator, Producer, Custom } = info;
    const texts = stringsOf([Title, Author, Subject, Keywords, Creator, Producer, Custom]);
    stringsOf(metadata?.getAll(), texts);
    for (let n = 1; n <= doc.numPages; n += 1) {
      const page = await doc.getPage(n);
      if (isNonEmpty(await page.getJSActions())) return { refusal: 'javascript' };
      const refusal = await annotationRefusal(page, texts);
      if (refusal) return { refusal };
      const ops = await page.getOperatorList({
        intent: 'display',
        annotationMode: AnnotationMode.ENABLE,
      });
      if (paintsImage(ops)) return { refusal: 'image' };
      const content = await page.getTextContent();
      texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
      page.cleanup();
    }
    return { text: texts.filter((t) => t.length > 0).join('\n') };
  } catch {
    return { refusal: 'unreadable' };
  } finally {
    await task.destroy();
  }
}

parentPort.postMessage(await inspect(workerData));
