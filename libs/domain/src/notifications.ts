import {
  hasPermission,
  scopeOf,
  withinScope,
  type Permission,
  type RecordScope,
} from './permissions';
import type { Role } from './roles';

/**
 * Every kind of notification, by its wire word (API, stored rows, preferences).
 * The one list: the API's enum, the preferences page and the worker read it.
 */
export const NOTIFICATION_KINDS = [
  /** A coordinator asked the filing member a question about a referral. */
  'info_request.created',
  /** The filing member answered; told to the coordinator who asked. */
  'info_request.answered',
  /** A dispatch reached an agency: its liaisons (RED, AMBER+STRICT: the named ones) and its contact address. */
  'dispatch.created',
  /** A delivered dispatch is near its acknowledge-by deadline and nobody acknowledged it. */
  'dispatch.ack_due',
  /** An agency placed a hold on a case the member filed on. */
  'hold.placed',
  /** The agency renewed that hold. */
  'hold.renewed',
  /** The hold expires soon. */
  'hold.expiring',
  /** The agency recorded an outcome on a dispatch of a case the member filed on. */
  'outcome.recorded',
  /** A case was assigned to the recipient (by someone else). */
  'case.assigned',
  /** A routing waits for a lead's approval (never told to its proposer). */
  'approval.waiting',
  /** A service-level clock was breached (everyone who reads alerts). */
  'sla.breached',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How a person is told of one kind: a mail at once, a daily digest, or no mail. */
export const NOTIFICATION_MODES = ['immediate', 'digest', 'off'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/**
 * Kinds nobody may turn off (immediate or digest only): a new dispatch and its
 * acknowledge-by deadline are the agency's obligation, and a breached clock is
 * the coalition's; missing them is the failure the notification exists for.
 */
export const MANDATORY_NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'dispatch.created',
  'dispatch.ack_due',
  'sla.breached',
];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly unknown[]).includes(value);
}

export function isMandatoryKind(kind: NotificationKind): boolean {
  return MANDATORY_NOTIFICATION_KINDS.includes(kind);
}

/** The mode a person has until they choose: every kind mailed at once. */
export const DEFAULT_NOTIFICATION_MODE: NotificationMode = 'immediate';

/** How long before a hold's expiry its filing members are warned (hold.expiring). */
export const HOLD_EXPIRY_WARNING_MS = 3 * 24 * 3600 * 1000;

/** How long before a dispatch's acknowledge-by deadline its liaisons are reminded (dispatch.ack_due). */
export const ACK_DUE_WARNING_MS = 24 * 3600 * 1000;

/** What a notification points at: the page its link opens. */
export type NotificationTarget =
  | { readonly type: 'referral'; readonly id: string }
  | { readonly type: 'case'; readonly id: string }
  | { readonly type: 'dispatch'; readonly id: string };

/** The console page of a target, as a path under the console's base URL. */
export function notificationPath(target: NotificationTarget): string {
  switch (target.type) {
    case 'referral':
      return `/referrals/${target.id}`;
    case 'case':
      return `/cases/${target.id}`;
    case 'dispatch':
      return `/dispatches/${target.id}`;
  }
}

/** A person who might be told, as the database knows them. */
export interface NotificationCandidate {
  readonly id: string;
  readonly role: Role;
  readonly organizationId: string;
  readonly active: boolean;
}

/**
 * One record a notification is about, with who may read it: the permission that
 * reads it and the owner the single scope check (withinScope) judges against.
 */
export interface NotificationSubject {
  readonly target: NotificationTarget;
  /** FCR-, CASE- or DSP- reference: the only thing of the record a mail shows. */
  readonly reference: string;
  readonly tlp: string | null;
  readonly permission: Permission;
  readonly owner: {
    readonly organizationId: string | null;
    readonly ownerId?: string | null;
    readonly namedRecipients?: readonly string[] | null;
  };
}

/**
 * Who of the candidates is told about the subject: active people whose role
 * holds the permission and whose scope reaches the record (a reporter only
 * their own referrals, a liaison only dispatches they may read), never those
 * excluded (whoever caused it, a proposer for their own approval). A record an
 * organization owns is told to that organization's people alone: a member's
 * notification never reaches coalition staff, who read it by other means.
 */
export function eligibleRecipients<C extends NotificationCandidate>(
  subject: NotificationSubject,
  candidates: readonly C[],
  exclude: readonly string[] = [],
): C[] {
  return candidates.filter((person) => {
    if (!person.active || exclude.includes(person.id)) return false;
    if (!hasPermission(person.role, subject.permission)) return false;
    const owner = subject.owner.organizationId;
    if (owner !== null && person.organizationId !== owner) return false;
    const scope: RecordScope = scopeOf(person, subject.permission);
    return withinScope(scope, subject.owner);
  });
}
