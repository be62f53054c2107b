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

/**
 * How much of a refusal is reported, so an answer stays small whatever was
 * sent (a body can name thousands of unknown fields). The OpenAPI Problem
 * schema states the same numbers.
 */
export const PROBLEM_LIMITS = {
  /** Field entries in `errors`; past it, `errors` ends with the first ones. */
  fields: 100,
  /** Characters of a field path (a client's unknown field name can be long). */
  fieldPath: 200,
  messagesPerField: 20,
  message: 500,
  detail: 2000,
  /** Characters of `instance`, the request path. */
  instance: 2048,
} as const;

export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `errors` within PROBLEM_LIMITS. */
export function boundedFieldProblems(errors: FieldProblem[]): FieldProblem[] {
  return errors.slice(0, PROBLEM_LIMITS.fields).map((e) => ({
    field: clipText(e.field, PROBLEM_LIMITS.fieldPath),
    messages: e.messages
      .slice(0, PROBLEM_LIMITS.messagesPerField)
      .map((m) => clipText(m, PROBLEM_LIMITS.message)),
  }));
}

/** Problem type URIs are stable identifiers; docs/api-conventions.md#errors lists the common codes. */
export function problemType(code: string | undefined): string {
  return code ? `urn:crh:problem:${code}` : 'about:blank';
}
