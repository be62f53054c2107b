import { REFERRAL_TRANSITIONS, type CaseStatus, type ReferralStatus } from '@app/domain';
import { ConflictProblem } from '@app/common';

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
