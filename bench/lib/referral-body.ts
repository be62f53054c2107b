import { randomInt } from 'node:crypto';
import { syntheticMerchant } from './synthetic-merchants';

const seed = randomInt(1, 2 ** 31 - 1);
let counter = 0;

/** A fresh merchant: a realistic, distinct name (the matching generator's) and its own domain. */
export function benchMerchant(): { legalName: string; domain: string } {
  const index = counter++;
  const legalName = syntheticMerchant(seed, index).merchant.legalName;
  const slug = legalName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return { legalName, domain: `${slug}-${seed.toString(36)}-${index}.example` };
}

/**
 * A complete, realistic referral body (the shape member reporters file) about
 * a merchant; a fresh merchant per call unless one is given. Names must differ
 * as real ones do: near-identical names would all be suggested to each other
 * by intake's name matching and distort every figure.
 */
export function benchReferralBody(merchant = benchMerchant()) {
  const { legalName, domain } = merchant;
  return {
    category: 'commercial_csam_sale',
    indicators: ['descriptor_mismatch'],
    priority: 'P2',
    tlp: 'AMBER+STRICT',
    observedFrom: '2026-10-01',
    observedTo: '2026-10-20',
    totalAmount: { value: '1520.50', currency: 'GBP' },
    narrative:
      'Card payments to a merchant whose descriptor does not match its stated business. ' +
      'Several cardholders reported being redirected from a file-sharing forum.',
    merchant: {
      legalName,
      tradingNames: [],
      descriptors: ['DIGITAL GOODS LTD'],
      country: 'GB',
      mcc: '5816',
      acquirer: { name: 'Example Acquiring', country: 'GB', bin: '411111' },
      merchantIds: [],
      websites: [`https://www.${domain}/store`],
      emails: [`billing@${domain}`],
      phones: [],
      taxId: 'GB123456789',
      principals: [{ name: 'A. Principal', countryOfResidence: 'GB', nationalId: 'AB123456C' }],
    },
    observables: [
      {
        type: 'url',
        value: `https://${domain}/checkout`,
        viewedByReporter: false,
        publiclyAvailable: true,
      },
      { type: 'card', value: '411111******1111' },
    ],
    transactions: [
      { date: '2026-10-02', amount: '49.99', currency: 'GBP', rail: 'card', direction: 'outbound' },
      { date: '2026-10-05', amount: '89.00', currency: 'GBP', rail: 'card', direction: 'outbound' },
    ],
    acknowledgeReportingDuty: true,
  };
}
