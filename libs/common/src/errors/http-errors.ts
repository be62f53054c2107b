import { HttpException, HttpStatus } from '@nestjs/common';
import { boundedFieldProblems, type FieldProblem } from './problem';
import { labelledProblems } from './field-labels';

interface ProblemInit {
  code: string;
  detail: string;
  errors?: FieldProblem[];
  headers?: Record<string, string>;
}

/**
 * An HttpException that carries what a problem+json answer needs: a
 * stable code, a human detail, optional field errors and response headers.
 */
export class ProblemException extends HttpException {
  readonly code: string;
  readonly fieldErrors?: FieldProblem[];
  readonly headers: Record<string, string>;
  /**
   * Set when the refusal is already in the audit trail (the service recorded
   * it with its own action), so it is not recorded a second time on the way out.
   */
  auditRecorded = false;
  /** An existing record the caller may not reach (answered as 404): recorded as a denial. */
  deniedTarget?: { type: string; id: string };

  constructor(status: HttpStatus, init: ProblemInit) {
    super(init.detail, status);
    this.code = init.code;
    this.fieldErrors = init.errors && boundedFieldProblems(init.errors);
    this.headers = init.headers ?? {};
  }
}

/**
 * A refusal of bad fields. Each message names its field by the field's label
 * (field-labels.ts: "Website 1 must be…"); `field` keeps the machine pointer.
 */
export class ValidationProblem extends ProblemException {
  constructor(errors: FieldProblem[], detail = 'The request has invalid fields; see errors.') {
    super(HttpStatus.BAD_REQUEST, {
      code: 'validation_failed',
      detail,
      errors: labelledProblems(errors),
    });
  }

  static field(field: string, message: string): ValidationProblem {
    return new ValidationProblem([{ field, messages: [message] }]);
  }
}

/** "Missing" and "not yours" are the same answer, so existence never leaks. */
export class RecordNotFound extends ProblemException {
  constructor(what = 'record') {
    super(HttpStatus.NOT_FOUND, {
      code: 'not_found',
      detail: `The ${what} does not exist or you may not see it.`,
    });
  }

  /**
   * The same 404, for a record that exists but is out of the caller's reach.
   * The answer does not change; the audit trail records the attempt.
   */
  static outOfReach(what: string, id: string): RecordNotFound {
    const error = new RecordNotFound(what);
    error.deniedTarget = { type: what.replace(/ /g, '_'), id };
    return error;
  }
}

/** Mark a problem as already recorded in the audit trail by the code that threw it. */
export function markAudited<E>(error: E): E {
  if (error instanceof ProblemException) error.auditRecorded = true;
  return error;
}

export class ConflictProblem extends ProblemException {
  constructor(code: string, detail: string) {
    super(HttpStatus.CONFLICT, { code, detail });
  }
}

export class TooManyRequests extends ProblemException {
  constructor(retryAfterSeconds: number, detail: string, code = 'rate_limited') {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(HttpStatus.TOO_MANY_REQUESTS, {
      code,
      detail,
      headers: { 'Retry-After': String(seconds) },
    });
  }
}

export class Unauthenticated extends ProblemException {
  constructor(detail = 'Authentication is required.', code = 'unauthenticated') {
    super(HttpStatus.UNAUTHORIZED, { code, detail });
  }
}

export class Forbidden extends ProblemException {
  constructor(detail = 'Your role may not do this.', code = 'forbidden') {
    super(HttpStatus.FORBIDDEN, { code, detail });
  }
}
