import { ConflictProblem, Forbidden, ProblemException } from '@app/common';
import type { WorkflowDecision, WorkflowRefusal } from '@app/domain';
import { HttpStatus } from '@nestjs/common';

/**
 * The problem response for a refused case or dispatch transition: `forbidden`
 * → 403, `conflict` → 409, `invalid` → 400 naming `field` (the request field
 * the guard read, e.g. `reason` or `agencyIds`). The refusal's code is kept.
 */
export function refusalProblem(refusal: WorkflowRefusal, field?: string): ProblemException {
  switch (refusal.kind) {
    case 'forbidden':
      return new Forbidden(refusal.message, refusal.code);
    case 'conflict':
      return new ConflictProblem(refusal.code, refusal.message);
    case 'invalid':
      return new ProblemException(HttpStatus.BAD_REQUEST, {
        code: refusal.code,
        detail: refusal.message,
        errors: field ? [{ field, messages: [refusal.message] }] : undefined,
      });
  }
}

/** The status a decision allows, or throws its problem. */
export function allowedOrThrow<S extends string>(decision: WorkflowDecision<S>, field?: string): S {
  if (!decision.allowed) throw refusalProblem(decision, field);
  return decision.to;
}
