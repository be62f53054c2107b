import {
  REFERRAL_TRANSITIONS,
  tlpWeakerThan,
  type CaseStatus,
  type ReferralStatus,
  type TlpMarking,
} from '@app/domain';
import { ConflictProblem, ValidationProblem } from '@app/common';

const PRIORITY_ORDER = ['P1', 'P2', 'P3', 'P4'];

/** Roles a case can be assigned to. */
export const ASSIGNABLE_ROLES: readonly string[] = ['coordinator', 'lead_coordinator'];

/**
 * Referral statuses still waiting for the coalition's decision: those the
 * case's approval accepts (and its rejection declines).
 */
export const UNDECIDED: readonly ReferralStatus[] =
  REFERRAL_TRANSITIONS.find((t) => t.action === 'accept')?.from ?? [];

/** Case statuses in which coordinators still gather information and move referrals. */
export const GATHERING: readonly CaseStatus[] = ['triage', 'in_review'];

export function isGathering(status: string): boolean {
  return GATHERING.includes(status as CaseStatus);
}

/** The more urgent of two priorities (P1 is the most urgent). */
export function moreUrgent(a: string, b: string): string {
  return PRIORITY_ORDER.indexOf(a) <= PRIORITY_ORDER.indexOf(b) ? a : b;
}

/** Routing a case none of whose referrals is still undecided has nothing to send. */
export function nothingToRoute(): ConflictProblem {
  return new ConflictProblem(
    'case_has_no_referrals',
    'Every referral of this case has been withdrawn; there is nothing to route.',
  );
}

/** "in_review" → "in review", for messages. */
export function spoken(status: string): string {
  return status.replace(/_/g, ' ');
}

/** A proposed marking weaker than the referrals' floor, and why. */
export interface TlpDowngrade {
  from: string;
  reason: string;
}

/**
 * The downgrade a proposal asks for: a marking weaker than `floor` (the
 * strictest of the referrals it routes) only with a reason, and a reason only
 * with such a marking. Null when the marking keeps the floor.
 */
export function proposedTlpDowngrade(
  tlp: string,
  reason: string | undefined,
  floor: TlpMarking | null,
): TlpDowngrade | null {
  const weaker = floor !== null && tlpWeakerThan(tlp, floor);
  if (weaker && reason === undefined) {
    throw ValidationProblem.field(
      'tlp',
      `must be at least ${floor}, the strictest marking of this case's referrals, unless tlpDowngradeReason says why a lead should approve ${tlp}`,
    );
  }
  if (!weaker && reason !== undefined) {
    throw ValidationProblem.field(
      'tlpDowngradeReason',
      `is only for a marking weaker than ${floor ?? "the referrals'"}; ${tlp} is not weaker`,
    );
  }
  return weaker ? { from: floor, reason: reason as string } : null;
}

/**
 * Approving a marking below what the referrals now carry: refused unless the
 * proposal's downgrade was from that very floor (a referral marked stricter
 * since the proposal was not seen by anyone).
 */
export function tlpBelowReferrals(
  plan: { tlp: string; tlpDowngrade?: TlpDowngrade | null },
  floor: TlpMarking | null,
): ConflictProblem | null {
  if (floor === null || !tlpWeakerThan(plan.tlp, floor)) return null;
  if (plan.tlpDowngrade && !tlpWeakerThan(plan.tlpDowngrade.from, floor)) return null;
  return new ConflictProblem(
    'tlp_below_referrals',
    `A referral of this case is marked ${floor}, stricter than the proposed ${plan.tlp} and not part of an approved downgrade; send the routing back to be proposed again.`,
  );
}
