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
  VOCABULARY,
} from '@app/domain';

/**
 * The package's wire words in a law-enforcement reader's words. Indicators,
 * hash algorithms, rails, directions and document types read as everywhere
 * else (the shared vocabulary, libs/domain/src/vocabulary, which the console
 * shows too); categories, observable types, IP events and routing sources are
 * worded here for the package's sentences ("at log-in", "merchant registered
 * there"). Each table is keyed by the domain's own enumeration, so a code
 * added there fails the typecheck here until it has a label.
 */

export const CATEGORY_LABELS: Readonly<Record<ReferralCategory, string>> = {
  commercial_csam_sale: 'Commercial sale of child sexual abuse material (CSAM)',
  livestream_abuse: 'Live-streamed abuse',
  sextortion_payments: 'Sextortion payments',
  csam_solicitation: 'Solicitation of CSAM',
  trafficking: 'Trafficking',
  other: 'Other',
};

export const INDICATOR_LABELS: Readonly<Record<IndicatorCode, string>> = VOCABULARY.indicator;

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

export const HASH_ALGORITHM_LABELS: Readonly<Record<HashAlgorithm, string>> =
  VOCABULARY.hashAlgorithm;

export const IP_EVENT_LABELS: Readonly<Record<IpEvent, string>> = {
  login: 'at log-in',
  registration: 'at registration',
  purchase: 'at a purchase',
  upload: 'at an upload',
  other: 'other event',
};

export const RAIL_LABELS: Readonly<Record<TransactionRail, string>> = VOCABULARY.rail;

export const DIRECTION_LABELS: Readonly<Record<TransactionDirection, string>> =
  VOCABULARY.direction;

export const ROUTING_SOURCE_LABELS: Readonly<Record<RoutingBasisSource, string>> = {
  merchant_country: 'merchant registered there',
  acquirer_country: 'acquirer based there',
  hosting_country: 'websites hosted there',
  principal_residence: 'a principal resides there',
  fallback: 'no agency covers it: international channel',
};

export const DOCUMENT_TYPE_LABELS: Readonly<Record<string, string>> = VOCABULARY.documentType;

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
