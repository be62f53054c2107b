import {
  decideWorkflowTransition,
  reasonRefusal,
  type WorkflowActor,
  type WorkflowDecision,
  type WorkflowRefusal,
  type WorkflowTransition,
} from './transition-decision';

/** Dispatch `status` wire values (api.md "Enumerations"). Changing one is a breaking API change. */
export const DISPATCH_STATUSES = [
  'pending',
  'delivered',
  'acknowledged',
  'accepted',
  'declined',
  'failed',
] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

/** The agency has decided; a case may close only when all its dispatches are here. */
export const FINISHED_DISPATCH_STATUSES = [
  'accepted',
  'declined',
] as const satisfies readonly DispatchStatus[];

/** An outcome may be recorded once the agency has accepted the dispatch. */
export const OUTCOME_DISPATCH_STATUSES = ['accepted'] as const satisfies readonly DispatchStatus[];

/**
 * The agency may place or renew a hold while it has the package and has not
 * declined it.
 */
export const HOLD_DISPATCH_STATUSES = [
  'delivered',
  'acknowledged',
  'accepted',
] as const satisfies readonly DispatchStatus[];

/** The longest delivery error kept on a dispatch or a delivery attempt (and shown to coordinators). */
export const DELIVERY_ERROR_MAX_LENGTH = 300;

/** Whether `status` is one of `statuses` (a status read from storage is a plain string). */
export function dispatchStatusIn(
  statuses: readonly DispatchStatus[],
  status: string,
): status is DispatchStatus {
  return (statuses as readonly string[]).includes(status);
}

export type DispatchAction = 'deliver' | 'fail' | 'retry' | 'acknowledge' | 'accept' | 'decline';

export type DispatchGuard = 'reason_given';

export type DispatchTransition = WorkflowTransition<DispatchAction, DispatchStatus, DispatchGuard>;

/**
 * One case sent to one agency (domain.md, "The workflow"). Whether a liaison
 * belongs to the dispatch's agency is a need-to-know check made by the caller
 * before asking; this table only knows roles.
 */
export const DISPATCH_TRANSITIONS: readonly DispatchTransition[] = [
  {
    action: 'deliver',
    from: ['pending'],
    to: 'delivered',
    by: 'system',
    code: 'dispatch.deliver',
  },
  // After the delivery job has exhausted its retries; coordinators are alerted.
  { action: 'fail', from: ['pending'], to: 'failed', by: 'system', code: 'dispatch.fail' },
  {
    action: 'retry',
    from: ['failed'],
    to: 'pending',
    by: ['coordinator', 'lead_coordinator'],
    code: 'dispatch.retry',
  },
  {
    action: 'acknowledge',
    from: ['delivered'],
    to: 'acknowledged',
    by: ['le_liaison'],
    code: 'dispatch.acknowledge',
  },
  // An agency may accept or decline without a separate acknowledgement.
  {
    action: 'accept',
    from: ['delivered', 'acknowledged'],
    to: 'accepted',
    by: ['le_liaison'],
    code: 'dispatch.accept',
  },
  {
    action: 'decline',
    from: ['delivered', 'acknowledged'],
    to: 'declined',
    by: ['le_liaison'],
    guard: 'reason_given',
    code: 'dispatch.decline',
  },
];

export interface DispatchDecisionContext {
  status: DispatchStatus;
  actor: WorkflowActor;
  /** The agency's reason (decline). */
  reason?: string | null;
}

export type DispatchDecision = WorkflowDecision<DispatchStatus>;

export const DISPATCH_GUARD_CHECKS: Readonly<
  Record<DispatchGuard, (context: DispatchDecisionContext) => WorkflowRefusal | null>
> = {
  reason_given: ({ reason }) => reasonRefusal(reason),
};

/**
 * Decides whether `action` may be taken on a dispatch: role (403
 * `dispatch_<action>_forbidden`), then status (409
 * `dispatch_<action>_not_allowed_from_<status>`), then the guard.
 */
export function decideDispatchTransition(
  action: DispatchAction,
  context: DispatchDecisionContext,
): DispatchDecision {
  return decideWorkflowTransition(
    'dispatch',
    DISPATCH_TRANSITIONS,
    DISPATCH_GUARD_CHECKS,
    action,
    context.status,
    context.actor,
    context,
  );
}
