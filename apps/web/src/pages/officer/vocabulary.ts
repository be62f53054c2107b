import { VOCABULARY } from '@crh/vocabulary';
import type { Schemas } from '../../api/client';
import { TLP_AUDIENCE, TLP_MARKINGS, type Tlp } from '../../components/tlp';

/**
 * The referral vocabulary the form offers. Each list is typed by the API's
 * own enumeration (from the OpenAPI document), so a value the API adds or
 * drops fails the type check here instead of drifting silently.
 */
type Body = Schemas['CreateReferralDto'];
type Observable = Schemas['ReferralObservableDto'];
type Transaction = Schemas['ReferralTransactionDto'];

export type Category = NonNullable<Body['category']>;
export type Indicator = NonNullable<Body['indicators']>[number];
export type Priority = NonNullable<Body['priority']>;
export type { Tlp };
export type ObservableType = Observable['type'];
export type HashAlgorithm = NonNullable<Observable['algorithm']>;
export type IpEvent = NonNullable<Observable['event']>;
export type Rail = Transaction['rail'];
export type Direction = Transaction['direction'];
export type ReferralStatus = Schemas['ReferralResponse']['status'];

function keys<K extends string>(record: Record<K, unknown>): K[] {
  return Object.keys(record) as K[];
}

const CATEGORY_LABELS: Record<Category, string> = VOCABULARY.category;
export const CATEGORIES = keys(CATEGORY_LABELS);

export function categoryLabel(value: string | null | undefined): string {
  if (!value) return '—';
  return CATEGORY_LABELS[value as Category] ?? value;
}

/** The red-flag indicators: the shared label, and the description filers and coordinators read. */
const INDICATOR_DESCRIPTIONS: Record<Indicator, string> = {
  descriptor_mismatch:
    "The billing descriptor does not match the business stated on the merchant's website.",
  high_risk_mcc_misuse:
    'The merchant category code does not fit the goods or services actually sold, or disguises a high-risk activity.',
  transaction_laundering:
    "Sales made on one website are processed through another merchant's account (a front or gateway site).",
  rapid_small_value_purchases:
    'Many low-value purchases in quick succession, consistent with per-item or subscription content sales.',
  many_cards_one_device:
    'Many distinct cards are used from the same device, browser fingerprint or IP address.',
  prepaid_card_concentration:
    'An unusually high share of payments is made with prepaid or gift cards.',
  crypto_offramp_to_merchant:
    'Funds are converted from cryptocurrency and paid on to the merchant, or the merchant settles to a crypto off-ramp.',
  cross_border_mismatch:
    "The merchant's registration, acquirer, website hosting and customer locations point to different countries without a business reason.",
  tor_or_anonymizer_access:
    'Purchases or account access come through Tor, VPNs or other anonymising services.',
  keyword_match:
    'Keywords associated with child sexual abuse material appear in descriptors, URLs, product names or payment references.',
  hash_match:
    "A file hash matched a recognised hash list, as reported by the member's own detection tooling.",
  chargeback_pattern:
    'Refunds or chargebacks (for example, "transaction not recognised") are unusual for the stated business.',
  shell_company_indicators:
    'Nominee directors, recent incorporation, a mass-registration address, no operating footprint.',
  payment_facilitator_layering:
    'The merchant sits behind payment facilitators or sub-merchant layers that obscure the real seller.',
  frequent_domain_changes:
    "The merchant's websites change domain often or run through many mirror domains.",
  minor_age_signals:
    'Content descriptions, advertising or communications indicate that a person involved is under 18.',
  live_stream_payment_pattern:
    'Small, repeated transfers to individuals in higher-risk locations with no clear purpose.',
  sextortion_payment_pattern:
    'Payments from a young person to an unfamiliar recipient, often in gift cards or cryptocurrency.',
  hotline_or_ngo_notice:
    'A hotline or child-protection organisation notified the member about the merchant or its websites.',
  law_enforcement_inquiry:
    'The merchant or a linked account has been the subject of a law-enforcement request or order.',
};
export const INDICATOR_TEXT = Object.fromEntries(
  keys(INDICATOR_DESCRIPTIONS).map((code) => [
    code,
    [VOCABULARY.indicator[code], INDICATOR_DESCRIPTIONS[code]],
  ]),
) as Record<Indicator, [string, string]>;
export const INDICATORS = keys(INDICATOR_TEXT);

export function indicatorLabel(code: string): string {
  return INDICATOR_TEXT[code as Indicator]?.[0] ?? code;
}

const PRIORITY_LABELS: Record<Priority, string> = VOCABULARY.priority;
export const PRIORITIES = keys(PRIORITY_LABELS);
export const priorityLabel = (p: Priority) => PRIORITY_LABELS[p];

export const TLPS = TLP_MARKINGS;
export const tlpLabel = (t: Tlp) =>
  `TLP:${t} — ${TLP_AUDIENCE[t]}${t === 'AMBER+STRICT' ? ' (default)' : ''}`;

const OBSERVABLE_LABELS: Record<ObservableType, string> = VOCABULARY.observableType;
export const OBSERVABLE_TYPES = keys(OBSERVABLE_LABELS);
export const observableLabel = (t: string) => OBSERVABLE_LABELS[t as ObservableType] ?? t;

const ALGORITHM_LABELS: Record<HashAlgorithm, string> = VOCABULARY.hashAlgorithm;
export const HASH_ALGORITHMS = keys(ALGORITHM_LABELS);
export const algorithmLabel = (a: string) => ALGORITHM_LABELS[a as HashAlgorithm] ?? a;

const IP_EVENT_LABELS: Record<IpEvent, string> = VOCABULARY.ipEvent;
export const IP_EVENTS = keys(IP_EVENT_LABELS);
export const ipEventLabel = (e: string) => IP_EVENT_LABELS[e as IpEvent] ?? e;

const RAIL_LABELS: Record<Rail, string> = VOCABULARY.rail;
export const RAILS = keys(RAIL_LABELS);
export const railLabel = (r: string) => RAIL_LABELS[r as Rail] ?? r;

const DIRECTION_LABELS: Record<Direction, string> = VOCABULARY.direction;
export const DIRECTIONS = keys(DIRECTION_LABELS);
export const directionLabel = (d: string) => DIRECTION_LABELS[d as Direction] ?? d;

const STATUS_LABELS: Record<ReferralStatus, string> = VOCABULARY.referralStatus;
export const REFERRAL_STATUSES = keys(STATUS_LABELS);
export const statusLabel = (s: ReferralStatus) => STATUS_LABELS[s];

/** Statuses from which the filer may still withdraw (the API decides; this only hides the button). */
export const WITHDRAWABLE: readonly ReferralStatus[] = [
  'draft',
  'submitted',
  'in_review',
  'info_requested',
];

export type MemberAction = Schemas['RecordMemberActionDto']['action'];

/** What a member may record having done about the merchant: the shared label, and what it means. */
const MEMBER_ACTION_MEANINGS: Record<MemberAction, string> = {
  terminated_relationship: 'Closed the merchant’s account or ended its acceptance agreement.',
  suspended_processing: 'Paused the merchant’s payments processing, pending review.',
  listed_on_card_network_file:
    'Listed the merchant on a card network’s terminated-merchant file (for example MATCH or VMAS).',
  blocked_payments: 'Blocked payments to or from the merchant’s accounts, cards or descriptors.',
  enhanced_monitoring: 'Put the merchant or its accounts under enhanced monitoring.',
  other: 'Something else: say what in the note.',
};
const MEMBER_ACTION_TEXT = Object.fromEntries(
  keys(MEMBER_ACTION_MEANINGS).map((a) => [
    a,
    [VOCABULARY.memberAction[a], MEMBER_ACTION_MEANINGS[a]],
  ]),
) as Record<MemberAction, [string, string]>;
export const MEMBER_ACTIONS = keys(MEMBER_ACTION_TEXT);
export const memberActionLabel = (a: string) => MEMBER_ACTION_TEXT[a as MemberAction]?.[0] ?? a;
export const memberActionMeaning = (a: string) => MEMBER_ACTION_TEXT[a as MemberAction]?.[1];
