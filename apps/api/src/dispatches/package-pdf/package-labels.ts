import {
  HASH_ALGORITHMS,
  INDICATORS,
  isIndicatorCode,
  type HashAlgorithm,
  type IndicatorCode,
  type IpEvent,
  type ObservableType,
  type PapMarking,
  type ReferralCategory,
  type RoutingBasisSource,
  type TlpMarking,
  type TransactionDirection,
  type TransactionRail,
} from '@app/domain';

/**
 * The package's wire words in a law-enforcement reader's words. Each table is
 * keyed by the domain's own enumeration, so a code added there fails the
 * typecheck here until it has a label. The console keeps its own tables
 * (apps/web may import nothing but the API's types, so these cannot be shared
 * through libs/domain); indicator, rail and direction labels are the officer form's
 * (apps/web/src/pages/officer/vocabulary.ts), TLP and PAP meanings the liaison view's.
 */

export const CATEGORY_LABELS: Readonly<Record<ReferralCategory, string>> = {
  commercial_csam_sale: 'Commercial sale of child sexual abuse material (CSAM)',
  livestream_abuse: 'Live-streamed abuse',
  sextortion_payments: 'Sextortion payments',
  csam_solicitation: 'Solicitation of CSAM',
  trafficking: 'Trafficking',
  other: 'Other',
};

export const INDICATOR_LABELS: Readonly<Record<IndicatorCode, string>> = {
  descriptor_mismatch: 'Descriptor mismatch',
  high_risk_mcc_misuse: 'High-risk MCC misuse',
  transaction_laundering: 'Transaction laundering',
  rapid_small_value_purchases: 'Rapid small-value purchases',
  many_cards_one_device: 'Many cards, one device',
  prepaid_card_concentration: 'Prepaid card concentration',
  crypto_offramp_to_merchant: 'Crypto off-ramp to merchant',
  cross_border_mismatch: 'Cross-border mismatch',
  tor_or_anonymizer_access: 'Tor or anonymiser access',
  keyword_match: 'Keyword match',
  hash_match: 'Hash match',
  chargeback_pattern: 'Chargeback pattern',
  shell_company_indicators: 'Shell-company indicators',
  payment_facilitator_layering: 'Payment-facilitator layering',
  frequent_domain_changes: 'Frequent domain changes',
  minor_age_signals: 'Minor age signals',
  live_stream_payment_pattern: 'Live-stream payment pattern',
  sextortion_payment_pattern: 'Sextortion payment pattern',
  hotline_or_ngo_notice: 'Hotline or NGO notice',
  law_enforcement_inquiry: 'Law-enforcement inquiry',
};

export const OBSERVABLE_TYPE_LABELS: Readonly<Record<ObservableType, string>> = {
  url: 'Web address (URL)',
  domain: 'Domain name',
  ip: 'IP address',
  email: 'E-mail address',
  phone: 'Phone number',
  username: 'User name',
  crypto_wallet: 'Crypto wallet',
  card: 'Card (first digits and last 4 only)',
  file_hash: 'File hash',
  keyword: 'Keyword',
};

export const HASH_ALGORITHM_LABELS: Readonly<Record<HashAlgorithm, string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  pdq: 'PDQ',
  photodna_ref: 'PhotoDNA reference',
};

export const IP_EVENT_LABELS: Readonly<Record<IpEvent, string>> = {
  login: 'at log-in',
  registration: 'at registration',
  purchase: 'at a purchase',
  upload: 'at an upload',
  other: 'other event',
};

export const RAIL_LABELS: Readonly<Record<TransactionRail, string>> = {
  card: 'Card',
  ach: 'ACH',
  wire: 'Wire',
  p2p: 'P2P',
  crypto: 'Crypto',
  other: 'Other',
};

export const DIRECTION_LABELS: Readonly<Record<TransactionDirection, string>> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
};

export const ROUTING_SOURCE_LABELS: Readonly<Record<RoutingBasisSource, string>> = {
  merchant_country: 'merchant registered there',
  acquirer_country: 'acquirer based there',
  hosting_country: 'websites hosted there',
  principal_residence: 'a principal resides there',
  fallback: 'no agency covers it: international channel',
};

export const DOCUMENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'text/csv': 'CSV',
  'text/plain': 'Text',
};

/** Same wording as the console's liaison package (components/tlp.ts). */
export const TLP_MEANINGS: Readonly<Record<TlpMarking, string>> = {
  RED: 'For the named recipients only. Do not share it further, not even inside your agency.',
  'AMBER+STRICT': 'Share only inside your own agency, with people who need to know.',
  AMBER:
    'Share only with people who need to know, in your agency and with partners who must act on it.',
  GREEN: 'May be shared within the law-enforcement and child-protection community, not publicly.',
  CLEAR: 'No restriction on sharing.',
};

/** Same wording as the console's liaison package (package-view.tsx). */
export const PAP_MEANINGS: Readonly<Record<PapMarking, string>> = {
  RED: 'Take no action the merchant could notice.',
  AMBER: 'Passive checks only.',
  GREEN: 'Active actions, such as blocking, are allowed.',
  CLEAR: 'Any action.',
};

/**
 * The label of `code` in `table`; a code the table does not know (a newer
 * package, an older vocabulary) is spelled out in words, never shown raw.
 */
export function labelOf(table: Readonly<Record<string, string>>, code: string | null): string {
  if (code === null || code === '') return 'Not given';
  if (Object.hasOwn(table, code)) return table[code];
  const words = code.replace(/[_+]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An indicator's label and the domain's neutral description of it. */
export function indicatorText(code: string): { label: string; description: string | null } {
  return isIndicatorCode(code)
    ? { label: INDICATOR_LABELS[code], description: INDICATORS[code] }
    : { label: labelOf({}, code), description: null };
}

export function hashAlgorithmLabel(code: string): string {
  return (HASH_ALGORITHMS as readonly string[]).includes(code)
    ? HASH_ALGORITHM_LABELS[code as HashAlgorithm]
    : labelOf({}, code);
}

/** The legally meaningful "viewed by the reporter" flag (hard rule 1): absent is "unknown", never "no". */
export function yesNoUnknown(value: boolean | undefined): 'yes' | 'no' | 'unknown' {
  if (value === undefined) return 'unknown';
  return value ? 'yes' : 'no';
}
