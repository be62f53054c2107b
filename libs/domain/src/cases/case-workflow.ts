import type { DispatchStatus } from './dispatch-workflow';
import { FINISHED_DISPATCH_STATUSES } from './dispatch-workflow';
import {
  decideWorkflowTransition,
  reasonRefusal,
  workflowRefusal,
  type WorkflowActor,
  type WorkflowDecision,
  type WorkflowRefusal,
  type WorkflowTransition,
} from './transition-decision';

/** Case `status` wire values (api.md "Enumerations"). Changing one is a breaking API change. */
export const CASE_STATUSES = [
  'triage',
  'in_review',
  'pending_approval',
  'approved',
  'routed',
  'closed',
  'rejected',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Statuses in which a case is still being worked on; a merge target must be in one. */
export const OPEN_CASE_STATUSES = [
  'triage',
  'in_review',
  'pending_approval',
  'approved',
  'routed',
] as const satisfies readonly CaseStatus[];

export function isOpenCaseStatus(status: CaseStatus): boolean {
  return (OPEN_CASE_STATUSES as readonly CaseStatus[]).includes(status);
}

export type CaseAction =
  | 'assign'
  | 'propose'
  | 'approve'
  | 'send_back'
  | 'route'
  | 'reject'
  | 'merge'
  | 'close'
  | 'reopen';

/** Named conditions checked after role and status; see CASE_GUARD_CHECKS. */
export type CaseGuard =
  | 'has_agencies'
  | 'not_proposer'
  | 'reason_given'
  | 'different_open_target'
  | 'all_dispatches_finished';

export type CaseTransition = WorkflowTransition<CaseAction, CaseStatus, CaseGuard>;

const COORDINATORS = ['coordinator', 'lead_coordinator'] as const;
const LEAD_ONLY = ['lead_coordinator'] as const;

/**
 * The case's life as the coalition sees it (domain.md, "The workflow"). Where
 * the table says "coordinator", a lead coordinator may act too (a lead is a
 * coordinator with approval rights); where it says "lead coordinator", only a
 * lead may. Creation (new → triage) is the intake job's insert, not an action.
 */
export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  // triage → in_review assigns or claims; in_review → in_review re-assigns.
  {
    action: 'assign',
    from: ['triage', 'in_review'],
    to: 'in_review',
    by: COORDINATORS,
    code: 'case.assign',
  },
  {
    action: 'propose',
    from: ['in_review'],
    to: 'pending_approval',
    by: COORDINATORS,
    guard: 'has_agencies',
    code: 'case.propose',
  },
  {
    action: 'approve',
    from: ['pending_approval'],
    to: 'approved',
    by: LEAD_ONLY,
    guard: 'not_proposer',
    code: 'case.approve',
  },
  {
    action: 'send_back',
    from: ['pending_approval'],
    to: 'in_review',
    by: LEAD_ONLY,
    guard: 'reason_given',
    code: 'case.send_back',
  },
  { action: 'route', from: ['approved'], to: 'routed', by: 'system', code: 'case.route' },
  {
    action: 'reject',
    from: ['triage', 'in_review'],
    to: 'rejected',
    by: COORDINATORS,
    guard: 'reason_given',
    code: 'case.reject',
  },
  {
    action: 'merge',
    from: OPEN_CASE_STATUSES,
    to: 'merged',
    by: COORDINATORS,
    guard: 'different_open_target',
    code: 'case.merge',
  },
  {
    action: 'close',
    from: ['routed'],
    to: 'closed',
    by: COORDINATORS,
    guard: 'all_dispatches_finished',
    code: 'case.close',
  },
  {
    action: 'reopen',
    from: ['closed', 'rejected'],
    to: 'in_review',
    by: LEAD_ONLY,
    guard: 'reason_given',
    code: 'case.reopen',
  },
];

/** What the caller knows when asking; only the fields the action's guard reads matter. */
export interface CaseDecisionContext {
  status: CaseStatus;
  actor: WorkflowActor;
  /** User who proposed the routing now awaiting approval (approve). */
  proposerId?: string | null;
  /** Agencies in the proposed routing plan (propose). */
  agencyCount?: number;
  /** Written reason or comment (send_back, reject, reopen). */
  reason?: string | null;
  /** Status of the case to merge into, or null when it does not exist (merge). */
  mergeTargetStatus?: CaseStatus | null;
  mergeTargetId?: string;
  /** Id of the case being acted on (merge: must differ from the target). */
  caseId?: string;
  /** Statuses of all of the case's dispatches (close). */
  dispatchStatuses?: readonly DispatchStatus[];
}

export type CaseDecision = WorkflowDecision<CaseStatus>;

/** The guards, keyed by name: each returns the refusal, or null when the condition holds. */
export const CASE_GUARD_CHECKS: Readonly<
  Record<CaseGuard, (context: CaseDecisionContext) => WorkflowRefusal | null>
> = {
  has_agencies: ({ agencyCount }) =>
    typeof agencyCount === 'number' && Number.isInteger(agencyCount) && agencyCount >= 1
      ? null
      : workflowRefusal(
          'invalid',
          'agencies_required',
          'Choose at least one agency to route the case to.',
        ),

  // Four-eyes: whoever proposed the routing may not approve it. With no
  // recorded proposer the rule cannot be verified, so the approval is refused.
  not_proposer: ({ actor, proposerId }) => {
    if (actor === 'system' || !proposerId || actor.id === proposerId) {
      return workflowRefusal(
        'forbidden',
        'four_eyes_required',
        'Another lead coordinator must approve this routing: the proposer may not approve their own proposal.',
      );
    }
    return null;
  },

  reason_given: ({ reason }) => reasonRefusal(reason),

  // The target must be named, exist, be open, and be another case. Without the
  // acting case's id a self-merge cannot be ruled out, so the merge is refused.
  different_open_target: ({ mergeTargetId, mergeTargetStatus, caseId }) => {
    if (!mergeTargetId || !caseId || mergeTargetId === caseId) {
      return workflowRefusal(
        'invalid',
        'merge_target_invalid',
        'A case can only be merged into another case.',
      );
    }
    if (!mergeTargetStatus || !isOpenCaseStatus(mergeTargetStatus)) {
      return workflowRefusal(
        'invalid',
        'merge_target_invalid',
        'The case to merge into must exist and still be open.',
      );
    }
    return null;
  },

  all_dispatches_finished: ({ dispatchStatuses }) => {
    const statuses = dispatchStatuses ?? [];
    const finished = FINISHED_DISPATCH_STATUSES as readonly DispatchStatus[];
    if (statuses.length > 0 && statuses.every((s) => finished.includes(s))) return null;
    return workflowRefusal(
      'conflict',
      'dispatches_unfinished',
      statuses.length === 0
        ? 'The case has no dispatches yet, so it cannot be closed.'
        : 'Every dispatch must be accepted or declined by its agency before the case is closed.',
    );
  },
};

/**
 * Decides whether `action` may be taken on a case. Checks run in a fixed
 * order: the actor's role (403 `case_<action>_forbidden`), then the current
 * status (409 `case_<action>_not_allowed_from_<status>`), then the guard.
 */
export function decideCaseTransition(
  action: CaseAction,
  context: CaseDecisionContext,
): CaseDecision {
  return decideWorkflowTransition(
    'case',
    CASE_TRANSITIONS,
    CASE_GUARD_CHECKS,
    action,
    context.status,
    context.actor,
    context,
  );
}
