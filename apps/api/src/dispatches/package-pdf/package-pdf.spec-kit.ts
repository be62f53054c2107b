import { buildCasePackage, type CasePackage, type PackageReferralInput } from '@app/domain';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PdfStamp } from './package-stamp';

/** Factories for the package PDF specs, and the text of a PDF page by page. */

export const DIGEST = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function stamp(over: Partial<PdfStamp> = {}): PdfStamp {
  return {
    printedBy: 'Liaison Officer Example',
    printedAt: new Date('2026-04-03T08:15:42.000Z'),
    packageDigest: DIGEST,
    checkpoint: { id: 'ckpt-0007', seq: 7, signedAt: '2026-04-03T00:00:00.000Z' },
    ...over,
  };
}

export function referral(
  n: number,
  over: Partial<PackageReferralInput> = {},
): PackageReferralInput {
  const ref = `FCR-2026-${String(100 + n).padStart(6, '0')}`;
  return {
    reference: ref,
    filer: { legalName: `Example Bank ${n} plc`, namedInDispatches: n % 2 === 0 },
    category: 'commercial_csam_sale',
    indicators: ['rapid_small_value_purchases', 'descriptor_mismatch'],
    priority: 'P1',
    observedFrom: '2026-03-01',
    observedTo: '2026-03-20',
    totalAmount: { value: '1200.50', currency: 'EUR' },
    narrative:
      `Referral ${n}: many small card payments to a descriptor that does not match the site. `.repeat(
        4,
      ),
    merchant: {
      legalName: 'Shady Goods Ltd',
      tradingNames: ['ShadyShop'],
      descriptors: ['SHDY*GOODS'],
      country: 'CY',
      mcc: '5815',
      acquirer: { name: 'Example Acquiring', country: 'NL', bin: '412345' },
      merchantIds: [{ acquirerId: '412345', mid: '4111 11•• •••• 1111' }],
      websites: ['https://shady.example/shop'],
      emails: ['sales@shady.example'],
      taxId: '•••• 6789',
      principals: [{ name: 'A. Person', countryOfResidence: 'GB', nationalId: '•••• 1234' }],
    },
    observables: [
      {
        type: 'url',
        value: 'https://shady.example/item/1',
        viewedByReporter: true,
        publiclyAvailable: true,
      },
      { type: 'file_hash', algorithm: 'sha256', value: 'a'.repeat(64), viewedByReporter: false },
      { type: 'ip', value: '203.0.113.7', event: 'purchase' },
    ],
    transactions: [
      {
        date: '2026-03-02',
        amount: '19.99',
        currency: 'EUR',
        rail: 'card',
        direction: 'outbound',
        counterparty: 'SHDY*GOODS',
      },
      { date: '2026-03-03', amount: '9.99', currency: 'EUR', rail: 'p2p', direction: 'outbound' },
    ],
    submittedAt: '2026-03-21T10:00:00.000Z',
    documents: [
      {
        id: `doc-${n}`,
        filename: `statement-${n}.csv`,
        mediaType: 'text/csv',
        sizeBytes: 20480,
        sha256: `${n.toString(16).padStart(2, '0')}${'b'.repeat(62)}`,
      },
    ],
    ...over,
  };
}

export function casePackage(
  referrals: PackageReferralInput[] = [referral(1)],
  tlp = 'RED',
): CasePackage {
  return buildCasePackage({
    dispatch: { id: '0b8f6d7e-1c2a-4e3b-9d4f-5a6b7c8d9e0f', reference: 'DSP-2026-000042' },
    case: {
      id: '1c9e7f8a-2d3b-4f4c-8e5a-6b7c8d9e0f1a',
      reference: 'CASE-2026-000012',
      priority: 'P1',
    },
    agency: { id: '2d0f8a9b-3e4c-4a5d-9f6b-7c8d9e0f1a2b', name: 'Metro Cyber Unit' },
    tlp,
    pap: 'AMBER',
    rationale: 'The merchant is registered in GB and its acquirer is in NL.',
    basis: [
      {
        jurisdiction: 'GB',
        sources: ['merchant_country'],
        explanation: 'Merchant registered in GB; Metro Cyber Unit covers GB.',
      },
    ],
    referrals,
    approvedAt: new Date('2026-04-02T09:30:00.000Z'),
    informationRequests: [
      {
        referralReference: referrals[0]?.reference ?? 'FCR-2026-000101',
        question: 'Which acquirer processed the payments?',
        askedAt: '2026-03-25T10:00:00.000Z',
        answer: 'Example Acquiring, under BIN 412345.',
        answeredAt: '2026-03-26T11:00:00.000Z',
      },
    ],
    approval: {
      proposedBy: 'Casey Coordinator',
      proposedAt: '2026-04-01T15:00:00.000Z',
      approvedBy: 'Lee Lead',
      approvedAt: '2026-04-02T09:30:00.000Z',
    },
  });
}

/** A package as v1 stored it: no documents, requests, approval or PAP. */
export function v1Package(): CasePackage {
  const { informationRequests: _i, approval: _a, pap: _p, ...rest } = casePackage();
  return {
    ...rest,
    schema: 'crh.case-package/v1',
    referrals: rest.referrals.map(({ documents: _d, ...r }) => r),
  } as unknown as CasePackage;
}

/** The text of each page (one line per text item), read by pdfjs-dist in a worker thread. */
export function pageTexts(pdf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'pdf-pages.spec-worker.mjs'), {
      workerData: new Uint8Array(pdf),
    });
    worker.once('message', (result: { pages?: string[]; error?: string }) => {
      void worker.terminate();
      if (result.pages) resolve(result.pages);
      else reject(new Error(result.error ?? 'no pages'));
    });
    worker.once('error', reject);
  });
}
