/**
 * The referrals of the demo's story. Every merchant, person, address, phone
 * number and identifier is invented: domains end in .example, phone numbers
 * are in ranges set aside for fiction (UK 020 7946 0xxx, US 202-555-01xx),
 * merchant ids hold letters so they never look like a card number, and no
 * observable is a card or an image. Dates are counted back from the day the
 * story is seeded, so the demo reads as recent whenever it runs.
 */

export interface DemoMerchant {
  legalName: string;
  country: string;
  domain: string;
  descriptor: string;
  mcc: string;
  acquirer: string;
  merchantIds?: { acquirerId: string; mid: string }[];
  phones?: string[];
  principal: string;
}

export interface DemoReferral {
  /** The story's name for it. */
  key: string;
  filer: string;
  merchant: DemoMerchant;
  category: string;
  indicators: string[];
  priority: 'P1' | 'P2' | 'P3';
  escalationReason?: string;
  tlp: 'AMBER' | 'AMBER+STRICT' | 'RED';
  currency: 'GBP' | 'USD';
  /** Card payments seen, as [days ago, amount]. */
  payments: [number, string][];
  narrative: string;
}

const VELVET: DemoMerchant = {
  legalName: 'Velvet Pixel Media Ltd',
  country: 'GB',
  domain: 'velvetpixel.example',
  descriptor: 'VPX DIGITAL SERVICES',
  mcc: '5816',
  acquirer: 'Northbank Merchant Services',
  phones: ['+44 20 7946 0321'],
  principal: 'Dorian Vale',
};

const COBALT: DemoMerchant = {
  legalName: 'Cobalt Arcade Ltd',
  country: 'GB',
  domain: 'cobaltarcade.example',
  descriptor: 'COBALT ARCADE ONLINE',
  mcc: '5815',
  acquirer: 'Northbank Merchant Services',
  merchantIds: [{ acquirerId: 'NBMS-GB', mid: 'CA-MID-55120' }],
  principal: 'Petra Quill',
};

const P1_REASON =
  'Payments continue daily and the pattern points to live-streamed abuse: the agency should see this within hours.';

export const DEMO_REFERRALS: DemoReferral[] = [
  {
    key: 'velvet-northbank',
    filer: 'officer@northbank.example',
    merchant: VELVET,
    category: 'commercial_csam_sale',
    indicators: ['descriptor_mismatch', 'high_risk_mcc_misuse', 'rapid_small_value_purchases'],
    priority: 'P2',
    tlp: 'AMBER+STRICT',
    currency: 'GBP',
    payments: [
      [41, '29.99'],
      [38, '29.99'],
      [33, '59.00'],
      [27, '29.99'],
    ],
    narrative:
      'The merchant is registered to sell game credits, but its checkout pages offer "private collections" ' +
      'and its descriptor changed twice in a month. Our monitoring flagged many small purchases from ' +
      'prepaid cards shortly after account opening.',
  },
  {
    key: 'velvet-eastgate',
    filer: 'officer@eastgate.example',
    merchant: { ...VELVET, descriptor: 'VPX*MEDIA LONDON', acquirer: 'Unknown (issuer view)' },
    category: 'commercial_csam_sale',
    indicators: ['descriptor_mismatch', 'chargeback_pattern'],
    priority: 'P2',
    tlp: 'AMBER+STRICT',
    currency: 'GBP',
    payments: [
      [36, '29.99'],
      [30, '29.99'],
    ],
    narrative:
      'Two cardholders disputed payments to this descriptor, saying they never bought game credits. ' +
      'The website behind the descriptor is the same one other members describe.',
  },
  {
    key: 'lantern-eastgate',
    filer: 'officer@eastgate.example',
    merchant: {
      legalName: 'Lantern Stream Ltd',
      country: 'GB',
      domain: 'lanternstream.example',
      descriptor: 'LNTRN STREAM SUBS',
      mcc: '4899',
      acquirer: 'Harbourline Payments',
      phones: ['+44 20 7946 0877'],
      principal: 'Silas Marrow',
    },
    category: 'livestream_abuse',
    indicators: ['live_stream_payment_pattern', 'minor_age_signals', 'tor_or_anonymizer_access'],
    priority: 'P1',
    escalationReason: P1_REASON,
    tlp: 'RED',
    currency: 'GBP',
    payments: [
      [6, '75.00'],
      [4, '75.00'],
      [2, '150.00'],
    ],
    narrative:
      'Recurring payments to a "streaming subscription" timed with scheduled private shows; chat ' +
      'names on the payment notes suggest a minor is involved. Reported urgently.',
  },
  {
    key: 'northwind-southpay',
    filer: 'officer@southpay.example',
    merchant: {
      legalName: 'Northwind Digital Goods LLC',
      country: 'US',
      domain: 'northwind-goods.example',
      descriptor: 'NORTHWIND DIGITAL',
      mcc: '5818',
      acquirer: 'SouthPay Merchant Processing',
      merchantIds: [{ acquirerId: 'SPMP-US', mid: 'NW-MID-20417' }],
      phones: ['+1 202 555 0142'],
      principal: 'Harlan Finch',
    },
    category: 'commercial_csam_sale',
    indicators: ['transaction_laundering', 'shell_company_indicators'],
    priority: 'P2',
    tlp: 'AMBER',
    currency: 'USD',
    payments: [
      [62, '120.00'],
      [55, '120.00'],
      [49, '240.00'],
    ],
    narrative:
      'A sub-merchant onboarded as a software reseller routes payments for a site selling abuse ' +
      'material; the registered office is a mail drop shared with two dormant companies.',
  },
  {
    key: 'cobalt-northbank',
    filer: 'analyst@northbank.example',
    merchant: COBALT,
    category: 'csam_solicitation',
    indicators: ['keyword_match', 'payment_facilitator_layering'],
    priority: 'P2',
    tlp: 'AMBER+STRICT',
    currency: 'GBP',
    payments: [
      [19, '15.00'],
      [12, '45.00'],
    ],
    narrative:
      'Keyword screening of the merchant’s product catalogue matched terms used to solicit abuse ' +
      'material; payments reach it through a payment facilitator.',
  },
  {
    key: 'cobalt-meridian',
    filer: 'officer@meridian.example',
    merchant: { ...COBALT, descriptor: 'COBALT*ARCADE', acquirer: 'Northbank Merchant Services' },
    category: 'csam_solicitation',
    indicators: ['high_risk_mcc_misuse'],
    priority: 'P3',
    tlp: 'AMBER+STRICT',
    currency: 'GBP',
    payments: [[15, '45.00']],
    narrative:
      'Network-level review: the merchant id is registered for arcade games but its sales peak at ' +
      'night in bundles no arcade sells.',
  },
  {
    key: 'silverfern-eastgate',
    filer: 'officer@eastgate.example',
    merchant: {
      legalName: 'Silver Fern Streaming Ltd',
      country: 'GB',
      domain: 'silverfern.example',
      descriptor: 'SILVERFERN TV',
      mcc: '4899',
      acquirer: 'Harbourline Payments',
      principal: 'Ivo Thorne',
    },
    category: 'sextortion_payments',
    indicators: ['sextortion_payment_pattern'],
    priority: 'P2',
    tlp: 'AMBER+STRICT',
    currency: 'GBP',
    payments: [
      [10, '200.00'],
      [9, '350.00'],
    ],
    narrative:
      'A cardholder’s family reported payments made under pressure to this merchant; the amounts rose ' +
      'each day.',
  },
  {
    key: 'quartz-southpay',
    filer: 'officer@southpay.example',
    merchant: {
      legalName: 'Quartz Lane Studio LLC',
      country: 'US',
      domain: 'quartzlane.example',
      descriptor: 'QUARTZ LANE STUDIO',
      mcc: '7333',
      acquirer: 'SouthPay Merchant Processing',
      phones: ['+1 202 555 0187'],
      principal: 'Mae Ostrander',
    },
    category: 'other',
    indicators: ['cross_border_mismatch', 'frequent_domain_changes'],
    priority: 'P3',
    tlp: 'AMBER+STRICT',
    currency: 'USD',
    payments: [[8, '89.00']],
    narrative:
      'A photo studio whose website moved three times this month; payments come from abroad only.',
  },
  {
    key: 'pebble-northbank',
    filer: 'officer@northbank.example',
    merchant: {
      legalName: 'Pebble Cove Media Ltd',
      country: 'GB',
      domain: 'pebblecove.example',
      descriptor: 'PEBBLE COVE DL',
      mcc: '5815',
      acquirer: 'Northbank Merchant Services',
      principal: 'Otto Brandt',
    },
    category: 'commercial_csam_sale',
    indicators: ['hotline_or_ngo_notice', 'descriptor_mismatch'],
    priority: 'P2',
    tlp: 'AMBER+STRICT',
    currency: 'GBP',
    payments: [[5, '19.99']],
    narrative:
      'A hotline notice names this merchant’s download site; our merchant is registered to sell ' +
      'stock music.',
  },
  {
    key: 'orchid-meridian',
    filer: 'officer@meridian.example',
    merchant: {
      legalName: 'Orchid Gate Ltd',
      country: 'US',
      domain: 'orchidgate.example',
      descriptor: 'ORCHID GATE MEMBERS',
      mcc: '5968',
      acquirer: 'Bayview Acquiring',
      principal: 'Wren Halloway',
    },
    category: 'commercial_csam_sale',
    indicators: ['prepaid_card_concentration'],
    priority: 'P3',
    tlp: 'AMBER+STRICT',
    currency: 'USD',
    payments: [[3, '49.00']],
    narrative:
      'Membership sales paid almost only with prepaid cards bought the same day; reported for the ' +
      'coalition to compare with other members.',
  },
];

/** The calendar day `days` before `now`, as YYYY-MM-DD. */
export function dayBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** The body of POST /referrals for a story referral, dated back from `now`. */
export function referralBody(r: DemoReferral, now: Date): Record<string, unknown> {
  const m = r.merchant;
  const days = r.payments.map(([d]) => d);
  const total = r.payments.reduce((sum, [, amount]) => sum + Number(amount), 0);
  return {
    category: r.category,
    indicators: r.indicators,
    priority: r.priority,
    ...(r.escalationReason ? { escalationReason: r.escalationReason } : {}),
    tlp: r.tlp,
    observedFrom: dayBefore(now, Math.max(...days)),
    observedTo: dayBefore(now, Math.min(...days)),
    totalAmount: { value: total.toFixed(2), currency: r.currency },
    narrative: r.narrative,
    merchant: {
      legalName: m.legalName,
      tradingNames: [],
      descriptors: [m.descriptor],
      country: m.country,
      mcc: m.mcc,
      acquirer: { name: m.acquirer, country: m.country },
      merchantIds: m.merchantIds ?? [],
      websites: [`https://www.${m.domain}/`],
      emails: [`billing@${m.domain}`],
      phones: m.phones ?? [],
      principals: [{ name: m.principal, countryOfResidence: m.country }],
    },
    observables: [
      {
        type: 'url',
        value: `https://www.${m.domain}/checkout`,
        viewedByReporter: false,
        publiclyAvailable: true,
      },
      { type: 'email', value: `support@${m.domain}` },
    ],
    transactions: r.payments.map(([d, amount]) => ({
      date: dayBefore(now, d),
      amount,
      currency: r.currency,
      rail: 'card',
      direction: 'outbound',
    })),
    acknowledgeReportingDuty: true,
  };
}
