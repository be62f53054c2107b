/**
 * `npm run pan:eval`: measures the card-number rule on both sides, with a fixed
 * seed (`--seed=N` to change it, `--scale=F` to run F times the samples).
 *
 * - Misses: card numbers of every brand and length, under every spelling, in
 *   text, across lines, in CSV and text attachments, in the merchant-id field
 *   and on the page of text-only PDFs, that would be stored in clear. A text
 *   is stored as sent unless the scanner refuses it; a merchant id is stored
 *   masked when it is card-shaped; a PDF is stored unless screenDocument (the
 *   upload route's own decision, pdfjs in its worker included) refuses it.
 * - False refusals: legitimate values (merchant ids, terminal ids, ARNs,
 *   phones of 30 countries, IBANs, references, dates, amounts, UUIDs, alone
 *   in sentences, mixed, in CSV attachments and in PDFs) that would be refused.
 *
 * It runs the same functions the API runs (the request pipe's walk and the
 * attachment scan, card-shaped-merchant-ids masking); the e2e specs prove the
 * API runs them on every route. Prints a table; exits non-zero when a target
 * is missed.
 */
import {
  cardShapedBrand,
  findCardNumbers,
  isValidMerchantIdField,
  locateCardNumbers,
  maskCardShaped,
  toAsciiDigits,
} from '@app/domain';
import {
  screenDocument,
  type DocumentScreening,
} from '../apps/api/src/referrals/document-screening';
import { PDF_PRODUCERS, textPdf } from './lib/pdf-samples';
import {
  ARN_SPELLINGS,
  CARD_CONTEXTS,
  CARD_KINDS,
  CARD_SPELLINGS,
  IBAN_SPELLINGS,
  int,
  PHONE_COUNTRIES,
  PHONE_SPELLINGS,
  pick,
  randomAmount,
  randomArn,
  randomCard,
  randomDate,
  randomIban,
  randomMid,
  randomPhone,
  randomReference,
  randomTerminalId,
  randomUuid,
  seeded,
  type Random,
} from './lib/pan-samples';

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.replace(/^--/, '').split('=');
    return [key, value] as const;
  }),
);
const SEED = Number(args.get('seed') ?? 20261206);
const SCALE = Number(args.get('scale') ?? 1);
const random = seeded(SEED);

/** Refused as the request pipe refuses a body (a merchant id is validated as one). */
function bodyRefused(body: unknown): boolean {
  return locateCardNumbers(body, isValidMerchantIdField).length > 0;
}

const inText = (text: string) => bodyRefused({ narrative: text });
const inAttachment = (text: string) => findCardNumbers(text).length > 0;

function midBody(mid: string) {
  return { merchant: { merchantIds: [{ acquirerId: '412345', mid }] } };
}

/** What the referral keeps of an accepted merchant id. */
function storedMid(mid: string): string {
  return cardShapedBrand(mid) === null ? mid : maskCardShaped(mid);
}

function holdsInClear(stored: string, card: string): boolean {
  return toAsciiDigits(stored)
    .replace(/[^0-9]/g, '')
    .includes(card);
}

interface Tally {
  samples: number;
  bad: number;
}
const misses = new Map<string, Tally>();
const refusals = new Map<string, Tally>();

function count(table: Map<string, Tally>, key: string, bad: boolean): void {
  const tally = table.get(key) ?? { samples: 0, bad: 0 };
  tally.samples += 1;
  if (bad) tally.bad += 1;
  table.set(key, tally);
}

// --- card numbers ------------------------------------------------------------

const perCombination = Math.max(1, Math.round(20 * SCALE));
const missesBySpelling = new Map<string, Tally>();
const missesByContext = new Map<string, Tally>();
for (const kind of CARD_KINDS) {
  const label = `${kind.brand} ${kind.length}`;
  for (const [spellingName, spell] of Object.entries(CARD_SPELLINGS)) {
    for (let n = 0; n < perCombination; n += 1) {
      for (const [contextName, place] of Object.entries(CARD_CONTEXTS)) {
        const text = place(random, spell(random, randomCard(random, kind)));
        const refused = contextName.endsWith('attachment') ? inAttachment(text) : inText(text);
        count(misses, label, !refused);
        count(missesBySpelling, spellingName, !refused);
        count(missesByContext, contextName, !refused);
      }
      const card = randomCard(random, kind);
      const spelled = spell(random, card);
      const leaked = !bodyRefused(midBody(spelled)) && holdsInClear(storedMid(spelled), card);
      count(misses, label, leaked);
      count(missesBySpelling, spellingName, leaked);
      count(missesByContext, 'merchant-id field', leaked);
    }
  }
}

// --- legitimate values -------------------------------------------------------

const n = (base: number) => Math.max(1, Math.round(base * SCALE));

/**
 * Merchant ids put in free text in the current sample. One that is itself a
 * card number in shape is refused there by design (the merchant-id field
 * takes it masked); such refusals are counted apart as well.
 */
let midsInText: string[] = [];
const designed = new Map<string, Tally>();

function midInText(r: Random): string {
  const mid = randomMid(r);
  midsInText.push(mid);
  return mid;
}

function legit(name: string, samples: number, make: (r: Random) => boolean): void {
  for (let index = 0; index < samples; index += 1) {
    midsInText = [];
    const refused = make(random);
    count(refusals, name, refused);
    count(designed, name, refused && midsInText.some((mid) => cardShapedBrand(mid) !== null));
  }
}

const sentence = (label: string, value: string) =>
  `The merchant's ${label} is ${value}, as the acquirer confirmed.`;

legit('MID (merchant-id field, 8-15 digits)', n(20_000), (r) => bodyRefused(midBody(randomMid(r))));
legit('MID in a sentence', n(10_000), (r) => inText(sentence('MID', midInText(r))));
legit('terminal id in a sentence', n(8_000), (r) =>
  inText(sentence('terminal id', randomTerminalId(r))),
);
for (const [name, spell] of Object.entries(ARN_SPELLINGS)) {
  legit(`ARN ${name}`, n(5_000), (r) => inText(`Chargeback, ARN ${spell(randomArn(r))}.`));
}
for (const [name, spell] of Object.entries(PHONE_SPELLINGS)) {
  legit(`phone ${name} (30 countries)`, n(7_500), (r) => {
    const country = pick(r, PHONE_COUNTRIES);
    return inText(sentence('phone number', spell(randomPhone(r, country), country)));
  });
}
for (const [name, spell] of Object.entries(IBAN_SPELLINGS)) {
  legit(`IBAN ${name}`, n(4_000), (r) => inText(sentence('IBAN', spell(randomIban(r)))));
}
legit('order/transaction reference', n(6_000), (r) =>
  inText(sentence('reference', randomReference(r))),
);
legit('date', n(5_000), (r) => inText(`Seen on ${randomDate(r)} and again later.`));
legit('amount', n(5_000), (r) => inText(`Paid ${randomAmount(r)} in total.`));
legit('UUID', n(3_000), (r) => inText(`Case ${randomUuid(r)} refers.`));
legit('mixed sentence', n(10_000), (r) =>
  inText(
    `On ${randomDate(r)} ${randomAmount(r)} was paid to MID ${midInText(r)} (terminal ${randomTerminalId(r)}), ` +
      `ref ${randomReference(r)}, ARN ${pick(r, Object.values(ARN_SPELLINGS))(randomArn(r))}; ` +
      `call ${pick(r, Object.values(PHONE_SPELLINGS))(randomPhone(r, 'GB'), 'GB')} or wire to ${randomIban(r)}.`,
  ),
);
legit('CSV attachment of transactions', n(5_000), (r) => {
  const rows = Array.from(
    { length: int(r, 2, 8) },
    () => `${randomDate(r)},"${randomAmount(r)}",${randomReference(r)},${randomArn(r)}`,
  );
  return inAttachment(`date,amount,reference,arn\n${rows.join('\n')}\n`);
});

// --- PDF documents -----------------------------------------------------------

/**
 * Text-only PDFs go through what the upload route runs (screenDocument: the
 * pdfjs worker, then the scan of the extracted text). An inspection costs a
 * worker thread, so PDFs are sampled: every spelling under every producer's
 * way of splitting text into runs, brands and places taken in turn.
 */
interface PdfJob {
  pdf: Buffer;
  tally: (screening: DocumentScreening) => void;
}
const pdfJobs: PdfJob[] = [];
const pdfNotInspected = new Map<string, Tally>();
const pdfMissesByProducer = new Map<string, Tally>();
const pdfMissesByPlace = new Map<string, Tally>();
const perPdfCombination = Math.max(1, Math.round(3 * SCALE));
const placesInPdf = Object.entries(CARD_CONTEXTS);
let pdfTurn = 0;
for (const [spellingName, spell] of Object.entries(CARD_SPELLINGS)) {
  for (const producer of PDF_PRODUCERS) {
    for (let index = 0; index < perPdfCombination; index += 1, pdfTurn += 1) {
      const kind = CARD_KINDS[pdfTurn % CARD_KINDS.length];
      const [placeName, place] = placesInPdf[pdfTurn % placesInPdf.length];
      const pdf = textPdf(random, producer, place(random, spell(random, randomCard(random, kind))));
      pdfJobs.push({
        pdf,
        tally: (screening) => {
          const missed = screening.accepted;
          count(misses, `${kind.brand} ${kind.length}`, missed);
          count(missesBySpelling, spellingName, missed);
          count(missesByContext, 'PDF document', missed);
          count(pdfMissesByProducer, producer, missed);
          count(pdfMissesByPlace, placeName, missed);
          // Refused unread, the document was not measured: it must not happen to a text PDF.
          count(pdfNotInspected, 'card', 'unsupported' in screening);
        },
      });
    }
  }
}

const PDF_LINES: Record<string, (r: Random) => string> = {
  'MID in a sentence': (r) => sentence('MID', midInText(r)),
  'terminal id in a sentence': (r) => sentence('terminal id', randomTerminalId(r)),
  'ARN (4 spellings)': (r) =>
    `Chargeback, ARN ${pick(r, Object.values(ARN_SPELLINGS))(randomArn(r))}.`,
  'phone (4 spellings, 30 countries)': (r) => {
    const country = pick(r, PHONE_COUNTRIES);
    const spell = pick(r, Object.values(PHONE_SPELLINGS));
    return sentence('phone number', spell(randomPhone(r, country), country));
  },
  'IBAN (3 spellings)': (r) =>
    sentence('IBAN', pick(r, Object.values(IBAN_SPELLINGS))(randomIban(r))),
  'order/transaction reference': (r) => sentence('reference', randomReference(r)),
  date: (r) => `Seen on ${randomDate(r)} and again later.`,
  amount: (r) => `Paid ${randomAmount(r)} in total.`,
  'mixed sentence': (r) =>
    `On ${randomDate(r)} ${randomAmount(r)} was paid to MID ${midInText(r)} (terminal ${randomTerminalId(r)}), ` +
    `ref ${randomReference(r)}; call ${pick(r, Object.values(PHONE_SPELLINGS))(randomPhone(r, 'GB'), 'GB')}.`,
  'transactions table': (r) =>
    `${randomDate(r)}  ${randomAmount(r)}  ${randomReference(r)}  ${randomArn(r)}`,
};
const LINES_PER_PDF = 6;
for (const [name, line] of Object.entries(PDF_LINES)) {
  for (let index = 0; index < Math.max(1, Math.round(6 * SCALE)); index += 1) {
    for (const producer of PDF_PRODUCERS) {
      midsInText = [];
      const text = Array.from({ length: LINES_PER_PDF }, () => line(random)).join('\n');
      const cardShapedMid = midsInText.some((mid) => cardShapedBrand(mid) !== null);
      pdfJobs.push({
        pdf: textPdf(random, producer, text),
        tally: (screening) => {
          const key = `PDF document: ${name}`;
          count(refusals, key, !screening.accepted);
          count(designed, key, 'cardBrand' in screening && cardShapedMid);
          count(pdfNotInspected, 'legitimate', 'unsupported' in screening);
        },
      });
    }
  }
}

// --- report ------------------------------------------------------------------

const percent = (t: Tally) => `${((100 * t.bad) / t.samples).toFixed(3)} %`;
function table(
  title: string,
  rows: Map<string, Tally>,
  what: string,
  apart?: Map<string, Tally>,
): Tally {
  const total = { samples: 0, bad: 0 };
  let totalApart = 0;
  const line = (key: string, tally: Tally, extra?: number) =>
    console.log(
      `  ${key.padEnd(48)} ${String(tally.samples).padStart(8)}  ${what} ${String(tally.bad).padStart(6)}  ${percent(tally).padStart(9)}` +
        (extra === undefined ? '' : `  of which card-shaped MIDs ${extra}`),
    );
  console.log(`\n${title}`);
  for (const [key, tally] of rows) {
    total.samples += tally.samples;
    total.bad += tally.bad;
    const extra = apart?.get(key)?.bad;
    totalApart += extra ?? 0;
    line(key, tally, extra);
  }
  line('TOTAL', total, apart ? totalApart : undefined);
  if (apart) {
    const rest = { samples: total.samples, bad: total.bad - totalApart };
    line('TOTAL without card-shaped MIDs in text', rest);
  }
  return total;
}

/**
 * The scanner's cost on hostile text, 100k characters of each shape that once
 * made scanners slow (timing belongs here, not in the unit specs): the median
 * of five runs, next to the same text scanned by a bare regular expression as
 * the same-run baseline.
 */
function adversarialScanFigures(): void {
  const shapes: Record<string, string> = {
    'digit groups "1234 "': '1234 '.repeat(20_000),
    'IBAN- and date-like noise': 'GB82 WEST 1234 2024-01-15 AB12 '.repeat(3300),
    'hyphens "1-"': '1-'.repeat(50_000),
    'one 100k-digit run': '9'.repeat(100_000),
    letters: 'a'.repeat(100_000),
    'phone-like "+44 20 "': '+44 20 '.repeat(14_300),
  };
  const median = (run: () => void): number => {
    const times: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = process.hrtime.bigint();
      run();
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return times.sort((a, b) => a - b)[2];
  };
  console.log(
    '\nAdversarial scans (100k characters, median of 5)   scanner ms   bare /[0-9]+/g ms',
  );
  for (const [name, text] of Object.entries(shapes)) {
    const scanner = median(() => findCardNumbers(text));
    const bare = median(() => text.match(/[0-9]+/g));
    console.log(
      `  ${name.padEnd(46)} ${scanner.toFixed(1).padStart(10)}   ${bare.toFixed(1).padStart(10)}`,
    );
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  await Promise.all(
    pdfJobs.map(async (job) => job.tally(await screenDocument(job.pdf, 'statement.pdf'))),
  );
  const pdfCount = (key: string) => pdfNotInspected.get(key)?.samples ?? 0;
  const notInspected = [...pdfNotInspected.values()].reduce((sum, t) => sum + t.bad, 0);

  console.log(`pan:eval seed=${SEED} scale=${SCALE}`);
  console.log(
    `PDF documents: ${pdfCount('card')} holding a card number, ${pdfCount('legitimate')} of ${LINES_PER_PDF} ` +
      `legitimate lines each, inspected in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );
  const missTotal = table(
    'Card numbers (misses = stored in clear), by brand and length',
    misses,
    'missed',
  );
  table('Card numbers by spelling', missesBySpelling, 'missed');
  table('Card numbers by place', missesByContext, 'missed');
  table('Card numbers in PDF documents, by way of writing the text', pdfMissesByProducer, 'missed');
  table('Card numbers in PDF documents, by place on the page', pdfMissesByPlace, 'missed');
  const refusalTotal = table('Legitimate values (false refusals)', refusals, 'refused', designed);

  const zeroRefusalClasses = [...refusals].filter(([name]) =>
    /^(MID \(merchant-id field|ARN |phone E\.164|IBAN |PDF document: (ARN|IBAN) )/.test(name),
  );
  /**
   * A merchant id that is itself a card number in shape cannot be kept in clear
   * anywhere; in free text, where it cannot be masked, refusing it is the rule
   * (the message points to the merchant-id field, which takes it masked). Those
   * refusals are shown above and left out of the false-refusal target.
   */
  const designedTotal = [...designed.values()].reduce((sum, t) => sum + t.bad, 0);
  const falseRefusals = { samples: refusalTotal.samples, bad: refusalTotal.bad - designedTotal };
  const met =
    missTotal.bad === 0 &&
    notInspected === 0 &&
    falseRefusals.bad / falseRefusals.samples <= 0.001 &&
    zeroRefusalClasses.every(([, tally]) => tally.bad === 0);
  console.log(
    `\nTargets: misses 0 (${missTotal.bad}); false refusals <= 0.1 % overall (${percent(falseRefusals)}, ` +
      `besides ${percent({ samples: refusalTotal.samples, bad: designedTotal })} card-shaped merchant ids quoted in free text, refused by design; ` +
      `${percent(refusalTotal)} counting them); 0 for merchant-id field, ARNs, E.164 phones, IBANs ` +
      `(${zeroRefusalClasses.reduce((sum, [, t]) => sum + t.bad, 0)}); every PDF read (${notInspected} refused unread): ` +
      `${met ? 'MET' : 'NOT MET'}`,
  );
  adversarialScanFigures();
  process.exitCode = met ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
