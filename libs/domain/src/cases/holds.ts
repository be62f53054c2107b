/**
 * Holds: an agency asks members to keep a merchant's account open (domain.md,
 * hard rule 6). A hold expires at most 6 months after it is set (renewable).
 */

/** The longest hold in calendar months; the rule holdExpiryProblem enforces. */
export const HOLD_MAX_MONTHS = 6;

/**
 * Approximate maximum in days (≈ 6 months), for display and SLA estimates.
 * The exact limit is calendar-based: see holdMaxExpiry.
 */
export const HOLD_MAX_DAYS = 183;

/**
 * The latest allowed expiry for a hold set at `now`: the same day of the month
 * and time of day 6 calendar months later, in UTC. When that month is shorter,
 * the day is clamped to its last day (31 Aug → 28 Feb, or 29 Feb in a leap year).
 */
export function holdMaxExpiry(now: Date): Date {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + HOLD_MAX_MONTHS;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(now.getUTCDate(), lastDay),
      now.getUTCHours(),
      now.getUTCMinutes(),
      now.getUTCSeconds(),
      now.getUTCMilliseconds(),
    ),
  );
}

/**
 * Why `expiresAt` is not an acceptable hold expiry, or null when it is: it must
 * be a valid date strictly after `now` and no later than holdMaxExpiry(now).
 */
export function holdExpiryProblem(expiresAt: Date, now: Date): string | null {
  if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) {
    return 'The hold expiry must be a valid date.';
  }
  if (expiresAt.getTime() <= now.getTime()) {
    return 'The hold expiry must be in the future.';
  }
  if (expiresAt.getTime() > holdMaxExpiry(now).getTime()) {
    return `A hold may last at most ${HOLD_MAX_MONTHS} months; renew it when it nears its expiry.`;
  }
  return null;
}

/** Hold `status` wire values (api.md "Enumerations"). */
export const HOLD_STATUSES = ['active', 'released', 'expired'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];

/** A hold starts active; the SLA job sets it `expired` when its expiry passes. */
export const HOLD_PLACED_STATUS: HoldStatus = 'active';

export type HoldAction = 'renew' | 'release' | 'expire';

/** What a liaison may do to an existing hold, and what its expiry does, from which status. */
export interface HoldTransition {
  action: HoldAction;
  from: readonly HoldStatus[];
  to: HoldStatus;
  /** What the refusal tells the liaison, after "This hold is <status>; ". */
  otherwise: string;
}

export const HOLD_TRANSITIONS: readonly HoldTransition[] = [
  // A lapsed hold may be brought back by its agency: agencies do miss a date.
  {
    action: 'renew',
    from: ['active', 'expired'],
    to: 'active',
    otherwise: 'place a new hold instead.',
  },
  {
    action: 'release',
    from: ['active'],
    to: 'released',
    otherwise: 'only an active hold can be released.',
  },
  // The SLA job, once the expiry date has passed without a renewal.
  {
    action: 'expire',
    from: ['active'],
    to: 'expired',
    otherwise: 'only an active hold expires.',
  },
];

export type HoldDecision =
  { allowed: true; to: HoldStatus } | { allowed: false; code: string; message: string };

/** Whether `action` may be taken on a hold in `status` (a refusal is a 409). */
export function decideHoldTransition(action: HoldAction, status: HoldStatus): HoldDecision {
  const rule = HOLD_TRANSITIONS.find((t) => t.action === action);
  if (rule && rule.from.includes(status)) return { allowed: true, to: rule.to };
  return {
    allowed: false,
    code: `hold_${action}_not_allowed_from_${status}`,
    message: `This hold is ${status}; ${rule?.otherwise ?? 'that is not possible.'}`,
  };
}
