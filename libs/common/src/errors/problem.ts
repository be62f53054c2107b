/** RFC 9457 problem details, the body of every error response. */
export interface FieldProblem {
  /** Path of the offending field in the request, e.g. `merchant.websites[2]`. */
  field: string;
  /** What is wrong with it, in words a person can act on. */
  messages: string[];
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable machine-readable reason, e.g. `validation_failed`, `mfa_required`. */
  code?: string;
  requestId?: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem type URIs are stable identifiers; docs/api-conventions.md#errors lists the common codes. */
export function problemType(code: string | undefined): string {
  return code ? `urn:crh:problem:${code}` : 'about:blank';
}
