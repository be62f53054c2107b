import type { FieldProblem } from '@app/common';

/**
 * Checks on a whole referral (a stored draft, or a draft merged with a PATCH)
 * that the request DTOs cannot make alone, because a draft may be incomplete
 * and a PATCH carries only the fields it changes. Pure functions: the service
 * runs them and, when they return problems, answers 400 with them
 * (`new ValidationProblem(problems)`). Field paths are those of the request
 * body (`merchant.legalName`).
 */

export const REPORTING_DUTY_MESSAGE =
  'must be true: a referral does not replace your own legal duty to report';

/** One missing or inconsistent field: the same shape as a validation error (FieldProblem). */
export type ReferralProblem = FieldProblem;

/** The parts of a referral these checks read; stored rows (nulls) and request bodies both fit. */
export interface ReferralCheckInput {
  category?: string | null;
  indicators?: readonly string[] | null;
  priority?: string | null;
  escalationReason?: string | null;
  narrative?: string | null;
  observedFrom?: string | null;
  observedTo?: string | null;
  merchant?: { legalName?: string | null; country?: string | null } | null;
  acknowledgeReportingDuty?: boolean | null;
}

const REQUIRED_TO_SUBMIT = 'is required before the referral can be submitted';

function blank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/**
 * What a referral still lacks before it can be submitted, in body order:
 * category, at least one indicator, escalationReason when priority is P1,
 * narrative, merchant with legalName and country, and
 * acknowledgeReportingDuty === true. Empty when it is complete. Checks
 * presence only: the values themselves were validated when they were sent.
 */
export function referralCompletenessProblems(body: ReferralCheckInput): ReferralProblem[] {
  const problems: ReferralProblem[] = [];
  const missing = (field: string, message = REQUIRED_TO_SUBMIT) =>
    problems.push({ field, messages: [message] });

  if (blank(body.category)) missing('category');
  if (!Array.isArray(body.indicators) || body.indicators.length === 0) {
    missing(
      'indicators',
      'must name at least one red-flag indicator before the referral can be submitted',
    );
  }
  if (body.priority === 'P1' && blank(body.escalationReason)) {
    missing('escalationReason', 'is required when priority is P1');
  }
  if (blank(body.narrative)) missing('narrative');
  const merchant = body.merchant;
  if (merchant === null || merchant === undefined || typeof merchant !== 'object') {
    missing('merchant');
  } else {
    if (blank(merchant.legalName)) missing('merchant.legalName');
    if (blank(merchant.country)) missing('merchant.country');
  }
  if (body.acknowledgeReportingDuty !== true) {
    missing('acknowledgeReportingDuty', REPORTING_DUTY_MESSAGE);
  }
  return problems;
}

/**
 * Rules between fields of a whole referral, for the service to run on a
 * draft merged with a PATCH (a PATCH may change one of the two fields only):
 * observedTo must not be before observedFrom. Empty when consistent.
 */
export function referralConsistencyProblems(body: ReferralCheckInput): ReferralProblem[] {
  const { observedFrom, observedTo } = body;
  if (
    typeof observedFrom === 'string' &&
    typeof observedTo === 'string' &&
    observedTo < observedFrom
  ) {
    return [{ field: 'observedTo', messages: ['observedTo must not be before observedFrom'] }];
  }
  return [];
}
