// Over 400 lines on purpose: one table of the words people read for every
// enumeration the API serves, so the coverage spec and the console check one place.
import type { DispatchStatus } from '../cases/dispatch-workflow';
import type { CaseStatus } from '../cases/case-workflow';
import type { MemberType, OrganizationKind, OrganizationStatus } from '../organization';
import type { SsoRefusalReason } from '../sso/single-sign-on';
import type {
  HashAlgorithm,
  HoldScope,
  IndicatorCode,
  IpEvent,
  ObservableType,
  PapMarking,
  Priority,
  ReferralCategory,
  ReferralStatus,
  TlpMarking,
  TransactionDirection,
  TransactionRail,
} from '../referrals/vocabulary';
import type { NotificationKind, NotificationMode } from '../notifications';
import type { RetentionKind } from '../retention/retention-policy';
import type { Role } from '../roles';
import type { SearchKind, SearchMatch } from '../search/search-terms';

/**
 * The words people read for every enumeration of the API, one table per
 * enumeration: the console shows them (it imports this folder through the
 * `@crh/vocabulary` alias, so the module stays pure: no Node, no framework),
 * and the API writes them into problem messages, the package PDF and the
 * print view. Tables keyed by a domain type fail the typecheck when a value is
 * added there without a label; `vocabulary.spec.ts` does the same for every
 * enumeration of the served OpenAPI document.
 */

const ROLE: Record<Role, string> = {
  member_reporter: 'Compliance officer',
  member_admin: 'Member administrator',
  coordinator: 'Coordinator',
  lead_coordinator: 'Lead coordinator',
  le_liaison: 'Law-enforcement liaison',
  auditor: 'Auditor',
  platform_admin: 'Platform administrator',
};

const ORGANIZATION_KIND: Record<OrganizationKind, string> = {
  member: 'Member',
  coalition: 'Coalition',
  law_enforcement: 'Law enforcement',
};

const ORGANIZATION_STATUS: Record<OrganizationStatus, string> = {
  pending_vetting: 'Pending vetting',
  active: 'Active',
  suspended: 'Suspended',
};

const MEMBER_TYPE: Record<MemberType, string> = {
  issuer: 'Card issuer',
  acquirer: 'Acquirer',
  card_network: 'Card network',
  payment_processor: 'Payment processor',
  money_service_business: 'Money service business',
  crypto: 'Crypto business',
  internet_company: 'Internet company',
};

const REFERRAL_STATUS: Record<ReferralStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  in_review: 'In review',
  info_requested: 'Information requested',
  accepted: 'Accepted',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
};

const CASE_STATUS: Record<CaseStatus, string> = {
  triage: 'Triage',
  in_review: 'In review',
  pending_approval: 'Awaiting approval',
  approved: 'Approved',
  routed: 'Routed',
  closed: 'Closed',
  rejected: 'Rejected',
  merged: 'Merged',
};

const DISPATCH_STATUS: Record<DispatchStatus, string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  acknowledged: 'Acknowledged',
  accepted: 'Accepted',
  declined: 'Declined',
  failed: 'Failed',
};

const CATEGORY: Record<ReferralCategory, string> = {
  commercial_csam_sale: 'Commercial CSAM sale',
  livestream_abuse: 'Live-streamed abuse',
  sextortion_payments: 'Sextortion payments',
  csam_solicitation: 'CSAM solicitation',
  trafficking: 'Trafficking',
  other: 'Other',
};

const INDICATOR: Record<IndicatorCode, string> = {
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

const PRIORITY: Record<Priority, string> = {
  P1: 'P1 — most urgent',
  P2: 'P2 — urgent',
  P3: 'P3 — normal',
  P4: 'P4 — low',
};

const TLP: Record<TlpMarking, string> = {
  CLEAR: 'TLP:CLEAR',
  GREEN: 'TLP:GREEN',
  AMBER: 'TLP:AMBER',
  'AMBER+STRICT': 'TLP:AMBER+STRICT',
  RED: 'TLP:RED',
};

const PAP: Record<PapMarking, string> = {
  CLEAR: 'PAP:CLEAR',
  GREEN: 'PAP:GREEN',
  AMBER: 'PAP:AMBER',
  RED: 'PAP:RED',
};

const OBSERVABLE_TYPE: Record<ObservableType, string> = {
  url: 'URL',
  domain: 'Domain',
  ip: 'IP address',
  email: 'E-mail address',
  phone: 'Phone number',
  username: 'User name',
  crypto_wallet: 'Crypto wallet',
  card: 'Card (masked)',
  file_hash: 'File hash',
  keyword: 'Keyword',
};

const HASH_ALGORITHM: Record<HashAlgorithm, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  pdq: 'PDQ',
  photodna_ref: 'PhotoDNA reference',
};

const IP_EVENT: Record<IpEvent, string> = {
  login: 'Login',
  registration: 'Registration',
  purchase: 'Purchase',
  upload: 'Upload',
  other: 'Other',
};

const RAIL: Record<TransactionRail, string> = {
  card: 'Card',
  ach: 'ACH',
  wire: 'Wire',
  p2p: 'P2P',
  crypto: 'Crypto',
  other: 'Other',
};

const DIRECTION: Record<TransactionDirection, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
};

const HOLD_SCOPE: Record<HoldScope, string> = {
  do_not_terminate: 'Do not terminate',
  do_not_contact: 'Do not contact',
  do_not_share: 'Do not share',
};

/**
 * What each outcome an agency reports (POST /dispatches/:id/outcome) means,
 * as the liaison choosing it and the API's documentation read it.
 */
export const DISPATCH_OUTCOME_MEANINGS = {
  investigation_opened: 'the agency opened an investigation',
  arrest: 'one or more arrests were made',
  charges_filed: 'charges were filed',
  conviction: 'a court convicted',
  merchant_disrupted: 'the merchant was taken down or its assets seized or frozen',
  referred_onward: 'the agency passed the case to another agency',
  no_further_action: 'the agency closed the matter without action',
  other: 'anything else (a note is required)',
} as const satisfies Readonly<Record<string, string>>;

/** Why a single sign-on was refused, as the console's sign-in page says it. */
export const SSO_REFUSAL_REASON = {
  not_configured: 'Your organization has not set up single sign-on.',
  state_invalid: 'This sign-in link has expired or was already used. Start again.',
  provider_error: "Your organization's identity provider did not complete the sign-in.",
  token_invalid: 'The answer from the identity provider could not be verified.',
  email_unverified: 'Your identity provider has not verified your e-mail address.',
  email_domain_not_allowed: 'Your e-mail address is not at a domain of your organization.',
  email_in_other_organization: 'Your e-mail address belongs to an account of another organization.',
  identity_mismatch: 'This account is linked to another identity at your provider.',
  account_inactive: 'This account cannot sign in at the moment. Contact your administrator.',
  account_pending:
    "Your account was created and awaits a role from your organization's administrator.",
  handoff_invalid: 'This sign-in has expired or was already used. Start again.',
} as const satisfies Readonly<Record<SsoRefusalReason, string>>;

/** Table of every enumeration people read; the key names the enumeration. */
export const VOCABULARY = {
  role: ROLE,
  organizationKind: ORGANIZATION_KIND,
  organizationStatus: ORGANIZATION_STATUS,
  userStatus: { active: 'Active', suspended: 'Suspended', pending: 'Awaiting a role' },
  ssoRefusalReason: SSO_REFUSAL_REASON,
  memberType: MEMBER_TYPE,
  referralStatus: REFERRAL_STATUS,
  caseStatus: CASE_STATUS,
  dispatchStatus: DISPATCH_STATUS,
  category: CATEGORY,
  indicator: INDICATOR,
  priority: PRIORITY,
  tlp: TLP,
  pap: PAP,
  observableType: OBSERVABLE_TYPE,
  hashAlgorithm: HASH_ALGORITHM,
  ipEvent: IP_EVENT,
  rail: RAIL,
  direction: DIRECTION,
  holdScope: HOLD_SCOPE,
  holdStatus: { active: 'Active', released: 'Released', expired: 'Expired' },
  outcome: {
    investigation_opened: 'Investigation opened',
    arrest: 'Arrest',
    charges_filed: 'Charges filed',
    conviction: 'Conviction',
    merchant_disrupted: 'Merchant disrupted',
    referred_onward: 'Referred onward',
    no_further_action: 'No further action',
    other: 'Other',
  },
  memberAction: {
    terminated_relationship: 'Terminated the relationship',
    suspended_processing: 'Suspended processing',
    listed_on_card_network_file: 'Listed on a card-network file',
    blocked_payments: 'Blocked payments',
    enhanced_monitoring: 'Enhanced monitoring',
    other: 'Other',
  },
  matchKind: {
    domain: 'Same website domain',
    merchant_id: 'Same merchant ID',
    wallet: 'Same crypto wallet',
    email: 'Same e-mail address',
    phone: 'Same phone number',
    name_country: 'Same merchant name and country',
  },
  suggestionStatus: { open: 'Open', linked: 'Linked', dismissed: 'Dismissed' },
  infoRequestStatus: { open: 'Open', answered: 'Answered', cancelled: 'Cancelled' },
  routingSource: {
    merchant_country: 'Merchant’s country',
    acquirer_country: 'Acquirer’s country',
    hosting_country: 'Hosting country',
    principal_residence: 'Principal’s residence',
    fallback: 'International channel (no agency covers it)',
    coordinator_choice: 'Coordinator’s choice',
  },
  clock: {
    triage: 'Triage',
    le_acknowledgement: 'LE acknowledgement',
    info_request: 'Information request',
    hold_expiry: 'Hold expiry',
  },
  clockStatus: {
    running: 'Running',
    met: 'Met',
    breached: 'Breached',
    met_late: 'Met late',
    cancelled: 'Cancelled',
  },
  alertKind: {
    sla_breach: 'SLA breached',
    delivery_failed: 'Delivery failed',
    hold_expired: 'Hold expired',
    terminated_despite_hold: 'Terminated despite a hold',
  },
  auditOutcome: { success: 'Success', failure: 'Failure', denied: 'Denied' },
  statisticsMeasure: {
    triage: 'Time to triage',
    approval: 'Time to approval',
    delivery: 'Time to delivery',
    acknowledgement: 'Time to acknowledgement',
  },
  exportFormat: { csv: 'CSV', pdf: 'PDF' },
  verificationMode: {
    full: 'Whole trail',
    incremental: 'Since the last verified checkpoint',
  },
  verificationStart: {
    genesis: 'The start of the trail',
    anchor: 'The last archived event',
    checkpoint: 'The last verified checkpoint',
  },
  criterion: { yes: 'Yes', no: 'No', unknown: 'Unknown' },
  deliveryChannel: { portal: 'Portal', webhook: 'Webhook' },
  apiKeyScope: { 'referrals:write': 'File referrals', 'referrals:read': 'Read referrals' },
  apiKeyStatus: { active: 'Active', revoked: 'Revoked' },
  queue: {
    maintenance: 'Maintenance',
    intake: 'Intake',
    dispatch: 'Dispatch',
    sla: 'Deadlines (SLA)',
    notifications: 'Notifications',
  },
  notificationKind: {
    'info_request.created': 'A coordinator asked about your referral',
    'info_request.answered': 'A member answered your question',
    'dispatch.created': 'New dispatch for your agency',
    'dispatch.ack_due': 'Dispatch near its acknowledge-by deadline',
    'hold.placed': 'Hold placed on a case of your referral',
    'hold.renewed': 'Hold renewed',
    'hold.expiring': 'Hold expires soon',
    'outcome.recorded': 'Agency outcome recorded',
    'case.assigned': 'Case assigned to you',
    'approval.waiting': 'Routing waits for approval',
    'sla.breached': 'Service-level deadline missed',
  } satisfies Record<NotificationKind, string>,
  notificationMode: {
    immediate: 'A mail each time',
    digest: 'In the daily digest',
    off: 'No mail',
  } satisfies Record<NotificationMode, string>,
  searchKind: {
    referral: 'Referral',
    case: 'Case',
    dispatch: 'Dispatch',
    organization: 'Organization',
    user: 'Person',
  } satisfies Record<SearchKind, string>,
  searchMatch: {
    reference: 'Reference',
    identifier: 'Identifier',
    reference_prefix: 'Start of the reference',
    name: 'Similar name',
  } satisfies Record<SearchMatch, string>,
  inboxStatusFilter: { all: 'All' },
  documentType: { 'application/pdf': 'PDF', 'text/csv': 'CSV', 'text/plain': 'Text' },
  retentionKind: {
    closed_cases: 'Closed and rejected cases',
    withdrawn_referrals: 'Withdrawn referrals',
    drafts: 'Drafts',
    webhook_deliveries: 'Webhook delivery attempts',
    notifications: 'Notifications',
    mail_deliveries: 'Notification mails',
    idempotency_records: 'Stored request answers',
    audit_events: 'Audit events',
  } satisfies Record<RetentionKind, string>,
} as const satisfies Record<string, Readonly<Record<string, string>>>;

export type VocabularyKind = keyof typeof VOCABULARY;

/** Every label by value, first table first (a value in several tables reads the same in each). */
const BY_VALUE: ReadonlyMap<string, string> = new Map(
  Object.values(VOCABULARY)
    .flatMap((table) => Object.entries(table))
    .reverse(),
);

/** A value no table knows, spelled out in words (never shown raw): `met_late` → "Met late". */
export function spelledOut(value: string): string {
  const words = value.replace(/[_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Whether some table gives `value` a label. */
export function hasLabel(value: string): boolean {
  return BY_VALUE.has(value);
}

/**
 * The label of `value`: from the table of `kind` when given (values such as
 * `card` read differently as a rail and as an observable), else from whichever
 * table knows it; "—" for nothing, spelled out when no table knows it.
 */
export function labelOf(value: string | null | undefined, kind?: VocabularyKind): string {
  if (value === null || value === undefined || value === '') return '—';
  const table: Readonly<Record<string, string>> | undefined = kind ? VOCABULARY[kind] : undefined;
  if (table && Object.hasOwn(table, value)) return table[value];
  return BY_VALUE.get(value) ?? spelledOut(value);
}
