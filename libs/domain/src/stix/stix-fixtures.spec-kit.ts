import { buildCasePackage, type PackageReferralInput } from '../cases/case-package';

/** A referral as a package carries it, with every observable kind the builder maps. */
export function referralInput(over: Partial<PackageReferralInput> = {}): PackageReferralInput {
  return {
    reference: 'FCR-2026-000101',
    filer: { legalName: 'Example Bank plc', namedInDispatches: false },
    category: 'commercial_csam_sale',
    indicators: ['disguised_descriptor'],
    priority: 'P1',
    observedFrom: '2026-03-01',
    observedTo: '2026-03-20',
    totalAmount: { value: '1200.00', currency: 'EUR' },
    narrative: "Payments to a descriptor that doesn't match the site.",
    merchant: {
      legalName: 'Shady Goods Ltd',
      tradingNames: ['ShadyShop'],
      descriptors: ['SHDY*GOODS'],
      country: 'CY',
      websites: ['https://shady.example/shop'],
      emails: ['sales@shady.example'],
      phones: [],
      principals: [{ name: 'A. Person', nationalId: '***1234' }],
    },
    observables: [
      { type: 'url', value: "https://shady.example/it's\\here" },
      { type: 'domain', value: 'shady.example' },
      { type: 'ip', value: '203.0.113.7', event: 'purchase' },
      { type: 'email', value: 'owner@shady.example' },
      { type: 'username', value: 'shadyadmin' },
      { type: 'file_hash', algorithm: 'sha256', value: 'a'.repeat(64) },
      { type: 'file_hash', algorithm: 'pdq', value: 'f'.repeat(64) },
      { type: 'card', value: '411111******1111' },
      { type: 'crypto_wallet', value: 'bc1qexamplewallet' },
    ],
    transactions: [],
    submittedAt: '2026-03-21T10:00:00.000Z',
    ...over,
  };
}

export function samplePackage(
  referrals: PackageReferralInput[] = [referralInput()],
  tlp = 'AMBER+STRICT',
) {
  return buildCasePackage({
    dispatch: { id: '0b8f6d7e-1c2a-4e3b-9d4f-5a6b7c8d9e0f', reference: 'DSP-2026-000007' },
    case: {
      id: '1c9e7f8a-2d3b-4f4c-8e5a-6b7c8d9e0f1a',
      reference: 'CASE-2026-000003',
      priority: 'P1',
    },
    agency: { id: '2d0f8a9b-3e4c-4a5d-9f6b-7c8d9e0f1a2b', name: 'Agency One' },
    tlp,
    pap: 'AMBER',
    rationale: 'Merchant registered in CY.',
    basis: [],
    referrals,
    approvedAt: new Date('2026-04-02T09:30:00.000Z'),
  });
}
