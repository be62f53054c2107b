import type { Role } from '../roles';

/**
 * Shared shape of the case and dispatch workflow decisions. A decision is pure:
 * the caller loads what the guards need (the proposer, the dispatches, the merge
 * target…) into a context, asks, and then either applies `to` or turns the
 * refusal into a problem response (`forbidden` → 403, `conflict` → 409,
 * `invalid` → 400).
 */

/** Who asks: a signed-in person with their role, or a background job. */
export type WorkflowActor = { id: string; role: Role } | 'system';

export type WorkflowRefusalKind = 'forbidden' | 'conflict' | 'invalid';

export interface WorkflowRefusal {
  allowed: false;
  kind: WorkflowRefusalKind;
  /** Stable machine-readable code for the problem response. */
  code: string;
  /** Plain English, fit to show to the person who asked. */
  message: string;
}

export type WorkflowDecision<S extends string> = { allowed: true; to: S } | WorkflowRefusal;

/** One row of a workflow table: what an action does, from where, and who may take it. */
export interface WorkflowTransition<A extends string, S extends string, G extends string> {
  action: A;
  from: readonly S[];
  to: S;
  /** The roles that may take the action, or `'system'` when only a job may. */
  by: readonly Role[] | 'system';
  /** A named condition checked after role and status (see the guard checks). */
  guard?: G;
  /** Stable name of the transition, used for the audit trail and events (e.g. `case.approve`). */
  code: string;
}

/** Shortest written reason accepted (after trimming) where a reason is required. */
export const MIN_REASON_LENGTH = 3;

export function workflowRefusal(
  kind: WorkflowRefusalKind,
  code: string,
  message: string,
): WorkflowRefusal {
  return { allowed: false, kind, code, message };
}

/** The `reason_given` guard shared by cases and dispatches: non-blank, at least 3 characters. */
export function reasonRefusal(reason: string | null | undefined): WorkflowRefusal | null {
  const trimmed = typeof reason === 'string' ? reason.trim() : '';
  if (trimmed.length >= MIN_REASON_LENGTH) return null;
  return workflowRefusal(
    'invalid',
    'reason_required',
    `A reason of at least ${MIN_REASON_LENGTH} characters is required.`,
  );
}

function describeActor(actor: WorkflowActor): string {
  return actor === 'system' ? 'the system' : `a ${actor.role.replace(/_/g, ' ')}`;
}

function mayAct(by: readonly Role[] | 'system', actor: WorkflowActor): boolean {
  if (by === 'system') return actor === 'system';
  return actor !== 'system' && by.includes(actor.role);
}

/**
 * Runs the checks in their fixed order: the actor's role, then the current
 * status, then the transition's guard. `noun` prefixes the codes
 * (`<noun>_<action>_forbidden`, `<noun>_<action>_not_allowed_from_<status>`).
 */
export function decideWorkflowTransition<A extends string, S extends string, G extends string, C>(
  noun: 'case' | 'dispatch',
  table: readonly WorkflowTransition<A, S, G>[],
  guardChecks: Readonly<Record<G, (context: C) => WorkflowRefusal | null>>,
  action: A,
  status: S,
  actor: WorkflowActor,
  context: C,
): WorkflowDecision<S> {
  const rule = table.find((t) => t.action === action);
  const verb = String(action).replace(/_/g, ' ');
  if (!rule) {
    return workflowRefusal(
      'invalid',
      `${noun}_action_unknown`,
      `There is no ${noun} action called "${verb}".`,
    );
  }
  if (!mayAct(rule.by, actor)) {
    const who =
      rule.by === 'system'
        ? 'it is done automatically by the system'
        : 'your role does not allow it';
    return workflowRefusal(
      'forbidden',
      `${noun}_${action}_forbidden`,
      `You may not ${verb} this ${noun}: ${who} (asked by ${describeActor(actor)}).`,
    );
  }
  if (!rule.from.includes(status)) {
    return workflowRefusal(
      'conflict',
      `${noun}_${action}_not_allowed_from_${status}`,
      `This ${noun} is ${String(status).replace(/_/g, ' ')}; "${verb}" is not possible from that status.`,
    );
  }
  if (rule.guard !== undefined) {
    const problem = guardChecks[rule.guard](context);
    if (problem) return problem;
  }
  return { allowed: true, to: rule.to };
}
