/**
 * Wire vocabulary of referrals (docs: api.md "Enumerations"). These arrays are
 * the single source for DTO validation, database enum checks and the OpenAPI
 * document; the values are part of the public contract, so changing or
 * removing one is a breaking API change.
 */

export const REFERRAL_STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'info_requested',
  'accepted',
  'declined',
  'withdrawn',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const REFERRAL_CATEGORIES = [
  'commercial_csam_sale',
  'livestream_abuse',
  'sextortion_payments',
  'csam_solicitation',
  'trafficking',
  'other',
] as const;
export type ReferralCategory = (typeof REFERRAL_CATEGORIES)[number];

/** `P1` is the most urgent. */
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Traffic Light Protocol 2.0 markings, least to most restrictive. */
export const TLP_MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type TlpMarking = (typeof TLP_MARKINGS)[number];

/** A referral is shared only inside the recipient organisation unless the filer widens it. */
export const DEFAULT_TLP: TlpMarking = 'AMBER+STRICT';

/**
 * The strictest of `markings` (a case's marking floor: a package never
 * loosens what a filer marked); null when there is none.
 */
export function strictestTlp(markings: readonly string[]): TlpMarking | null {
  let index = -1;
  for (const m of markings) index = Math.max(index, TLP_MARKINGS.indexOf(m as TlpMarking));
  return index >= 0 ? TLP_MARKINGS[index] : null;
}

/**
 * Markings whose packages reach named people only (TLP 2.0: RED is for the
 * named recipients alone; AMBER+STRICT never leaves the recipient, which we
 * hold to the liaisons the routing names): each agency of such a routing
 * names its recipient liaisons, and only they read the dispatch.
 */
export const NAMED_RECIPIENT_TLPS: readonly TlpMarking[] = ['AMBER+STRICT', 'RED'];

/** Most liaisons a routing may name for one agency. */
export const NAMED_LIAISONS_MAX = 10;

/** Whether a package so marked goes only to the liaisons a routing names. */
export function requiresNamedRecipients(tlp: string): boolean {
  return (NAMED_RECIPIENT_TLPS as readonly string[]).includes(tlp);
}

/** True when `marking` lets the information go further than `floor`. */
export function tlpWeakerThan(marking: string, floor: string): boolean {
  return TLP_MARKINGS.indexOf(marking as TlpMarking) < TLP_MARKINGS.indexOf(floor as TlpMarking);
}

/**
 * FIRST's Permissible Actions Protocol, least to most restrictive: what a
 * recipient may do with the information (CLEAR: anything; GREEN: active
 * actions such as blocking; AMBER: passive cross-checks only; RED: nothing
 * the merchant could detect).
 */
export const PAP_MARKINGS = ['CLEAR', 'GREEN', 'AMBER', 'RED'] as const;
export type PapMarking = (typeof PAP_MARKINGS)[number];

/** Passive checks only unless the coordinator allows more: acting openly can warn the merchant. */
export const DEFAULT_PAP: PapMarking = 'AMBER';

export const OBSERVABLE_TYPES = [
  'url',
  'domain',
  'ip',
  'email',
  'phone',
  'username',
  'crypto_wallet',
  'card',
  'file_hash',
  'keyword',
] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

/**
 * Algorithms of a `file_hash` observable. Hard rule 1: the system holds hashes
 * and references, never the file. `photodna_ref` is a reference string issued
 * by the member's PhotoDNA tooling, not the hash itself.
 */
export const HASH_ALGORITHMS = ['md5', 'sha1', 'sha256', 'pdq', 'photodna_ref'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** What happened at an `ip` observable. */
export const IP_EVENTS = ['login', 'registration', 'purchase', 'upload', 'other'] as const;
export type IpEvent = (typeof IP_EVENTS)[number];

export const TRANSACTION_RAILS = ['card', 'ach', 'wire', 'p2p', 'crypto', 'other'] as const;
export type TransactionRail = (typeof TRANSACTION_RAILS)[number];

export const TRANSACTION_DIRECTIONS = ['inbound', 'outbound'] as const;
export type TransactionDirection = (typeof TRANSACTION_DIRECTIONS)[number];

/** What a law-enforcement hold asks members not to do (hard rule 6). */
export const HOLD_SCOPES = ['do_not_terminate', 'do_not_contact', 'do_not_share'] as const;
export type HoldScope = (typeof HOLD_SCOPES)[number];

/**
 * The fixed, documented list of red-flag indicators a filer can tick on a
 * referral. Codes are wire values (snake_case, stable); descriptions are shown
 * to filers and coordinators and must stay neutral and factual. A referral may
 * carry several indicators; none is proof on its own.
 *
 * Deliberately absent: any indicator saying whether a suspicious activity
 * report was filed (hard rule 3).
 */
export const RED_FLAG_INDICATORS = [
  {
    code: 'descriptor_mismatch',
    description:
      "The billing descriptor does not match the business stated on the merchant's website.",
  },
  {
    code: 'high_risk_mcc_misuse',
    description:
      'The merchant category code does not fit the goods or services actually sold, or disguises a high-risk activity.',
  },
  {
    code: 'transaction_laundering',
    description:
      "Sales made on one website are processed through another merchant's account (a front or gateway site).",
  },
  {
    code: 'rapid_small_value_purchases',
    description:
      'Many low-value purchases in quick succession, consistent with per-item or subscription content sales.',
  },
  {
    code: 'many_cards_one_device',
    description:
      'Many distinct cards are used from the same device, browser fingerprint or IP address.',
  },
  {
    code: 'prepaid_card_concentration',
    description: 'An unusually high share of payments is made with prepaid or gift cards.',
  },
  {
    code: 'crypto_offramp_to_merchant',
    description:
      'Funds are converted from cryptocurrency and paid on to the merchant, or the merchant settles to a crypto off-ramp.',
  },
  {
    code: 'cross_border_mismatch',
    description:
      "The merchant's registration, acquirer, website hosting and customer locations point to different countries without a business reason.",
  },
  {
    code: 'tor_or_anonymizer_access',
    description:
      'Purchases or account access come through Tor, VPNs or other anonymising services.',
  },
  {
    code: 'keyword_match',
    description:
      'Keywords associated with child sexual abuse material appear in descriptors, URLs, product names or payment references.',
  },
  {
    code: 'hash_match',
    description:
      "A file hash matched a recognised hash list, as reported by the member's own detection tooling.",
  },
  {
    code: 'chargeback_pattern',
    description:
      'Refunds or chargebacks (for example, "transaction not recognised") are unusual for the stated business.',
  },
  {
    code: 'shell_company_indicators',
    description:
      'The merchant shows shell-company traits: nominee directors, recent incorporation, a mass-registration address, no operating footprint.',
  },
  {
    code: 'payment_facilitator_layering',
    description:
      'The merchant sits behind one or more payment facilitators or sub-merchant layers that obscure the real seller.',
  },
  {
    code: 'frequent_domain_changes',
    description: "The merchant's websites change domain often or run through many mirror domains.",
  },
  {
    code: 'minor_age_signals',
    description:
      'Content descriptions, advertising or communications indicate that a person involved is under 18.',
  },
  {
    code: 'live_stream_payment_pattern',
    description:
      'Payments are consistent with pay-per-view live streaming: small, repeated transfers to individuals in higher-risk locations with no clear purpose.',
  },
  {
    code: 'sextortion_payment_pattern',
    description:
      'Payments from a young person to an unfamiliar recipient, often in gift cards or cryptocurrency, consistent with sextortion.',
  },
  {
    code: 'hotline_or_ngo_notice',
    description:
      'A hotline or child-protection organisation notified the member about the merchant or its websites.',
  },
  {
    code: 'law_enforcement_inquiry',
    description:
      'The merchant or a linked account has been the subject of a law-enforcement request or order.',
  },
] as const satisfies readonly { code: string; description: string }[];

export type IndicatorCode = (typeof RED_FLAG_INDICATORS)[number]['code'];

export const INDICATOR_CODES: readonly IndicatorCode[] = Object.freeze(
  RED_FLAG_INDICATORS.map((indicator) => indicator.code),
);

export const INDICATORS: Readonly<Record<IndicatorCode, string>> = Object.freeze(
  Object.fromEntries(
    RED_FLAG_INDICATORS.map((indicator) => [indicator.code, indicator.description]),
  ) as Record<IndicatorCode, string>,
);

export function isIndicatorCode(value: unknown): value is IndicatorCode {
  return typeof value === 'string' && (INDICATOR_CODES as readonly string[]).includes(value);
}
