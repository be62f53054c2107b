import { randomUUID } from 'node:crypto';

/** A complete, valid referral body about a merchant reachable at `domain`. */
export function referralBody(
  overrides: { domain?: string; legalName?: string; country?: string } & Record<
    string,
    unknown
  > = {},
) {
  const {
    domain = `shop-${randomUUID().slice(0, 8)}.example`,
    legalName,
    country = 'GB',
    ...rest
  } = overrides;
  return {
    category: 'commercial_csam_sale',
    indicators: ['descriptor_mismatch'],
    priority: 'P2',
    tlp: 'AMBER+STRICT',
    observedFrom: '2026-10-01',
    observedTo: '2026-10-20',
    totalAmount: { value: '1520.50', currency: 'GBP' },
    narrative: 'Card payments to a merchant whose descriptor does not match its stated business.',
    merchant: {
      legalName: legalName ?? `Merchant ${domain}`,
      tradingNames: [],
      descriptors: ['DIGITAL GOODS LTD'],
      country,
      mcc: '5816',
      acquirer: { name: 'Example Acquiring', country: 'GB', bin: '411111' },
      merchantIds: [],
      websites: [`https://www.${domain}/store`],
      emails: [],
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
    ],
    acknowledgeReportingDuty: true,
    ...rest,
  };
}
