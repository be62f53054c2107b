/**
 * What the coalition keeps and for how long: one period per kind of record,
 * counted in days from the moment the record stopped being worked on. The
 * domain fixes one rule (referral records: five years after their case closed);
 * the other periods are the project's defaults, each overridable by its setting.
 */
export const RETENTION_KINDS = [
  'closed_cases',
  'withdrawn_referrals',
  'drafts',
  'webhook_deliveries',
  'notifications',
  'mail_deliveries',
  'idempotency_records',
  'audit_events',
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export interface RetentionKindRule {
  /** The environment setting that overrides the period (whole days). */
  setting: string;
  defaultDays: number;
  /** What the period counts from, in words an operator reads. */
  clock: string;
}

const FIVE_YEARS = 1826;

/** The table of kinds: data, read by the configuration, the purge and the documentation. */
export const RETENTION_RULES: Readonly<Record<RetentionKind, RetentionKindRule>> = {
  closed_cases: {
    setting: 'RETENTION_CASE_DAYS',
    defaultDays: FIVE_YEARS,
    clock: 'the case was closed or rejected (with its referrals, attachments, dispatches)',
  },
  withdrawn_referrals: {
    setting: 'RETENTION_WITHDRAWN_REFERRAL_DAYS',
    defaultDays: FIVE_YEARS,
    clock: 'the referral, never part of a case, was withdrawn',
  },
  drafts: {
    setting: 'RETENTION_DRAFT_DAYS',
    defaultDays: 365,
    clock: 'the draft was last changed',
  },
  webhook_deliveries: {
    setting: 'RETENTION_WEBHOOK_DELIVERY_DAYS',
    defaultDays: 365,
    clock: 'the delivery attempt (its case closed or rejected)',
  },
  notifications: {
    setting: 'RETENTION_NOTIFICATION_DAYS',
    defaultDays: 365,
    clock: 'the in-app notification was created',
  },
  mail_deliveries: {
    setting: 'RETENTION_MAIL_DELIVERY_DAYS',
    defaultDays: 90,
    clock: 'the mail was queued (sent or given up)',
  },
  idempotency_records: {
    setting: 'RETENTION_IDEMPOTENCY_DAYS',
    defaultDays: 30,
    clock: 'the request was first answered',
  },
  audit_events: {
    setting: 'RETENTION_AUDIT_DAYS',
    defaultDays: 2557,
    clock: 'the end of the calendar month (UTC) the events belong to',
  },
};

/** Retention in days per kind, as configured. */
export type RetentionPolicy = Readonly<Record<RetentionKind, number>>;

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = Object.fromEntries(
  RETENTION_KINDS.map((k) => [k, RETENTION_RULES[k].defaultDays]),
) as RetentionPolicy;

/** The instant before which records of a kind have outlived their period. */
export function retentionCutoff(days: number, now: Date): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/** The UTC calendar month holding `at`, as `YYYY-MM`, with its first and following instants. */
export function utcMonthOf(at: Date): { month: string; start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { month: start.toISOString().slice(0, 7), start, end };
}

/** What one kind holds past its period: how many records, and the oldest one's clock. */
export interface RetentionKindCount {
  kind: RetentionKind;
  days: number;
  count: number;
  oldest: Date | null;
}
