/**
 * RFC 9457 problem details, as every API error is answered
 * (application/problem+json). `errors` names each bad field.
 */
export interface FieldProblem {
  field: string;
  messages: string[];
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
  requestId?: string;
}

/** An API answer other than 2xx, carrying its problem document. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string | undefined {
    return this.problem.code;
  }

  /** Messages for one field, by its path (`merchant.legalName`, `observables.0.value`). */
  fieldMessages(field: string): string[] {
    return this.problem.errors?.find((e) => e.field === field)?.messages ?? [];
  }
}

/** Turn whatever a failed request produced into a problem a person can read. */
export function toProblem(error: unknown, response?: Response): Problem {
  if (error instanceof ApiError) return error.problem;
  if (isProblem(error)) return error;
  if (response) {
    return {
      title: response.statusText || 'The request failed',
      status: response.status,
      detail: `The server answered ${response.status}.`,
    };
  }
  return {
    title: 'The hub could not be reached',
    status: 0,
    detail: 'Check your connection and try again.',
  };
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).title === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}
