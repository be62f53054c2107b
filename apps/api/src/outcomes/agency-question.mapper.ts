import { ANONYMOUS_FILER } from '@app/domain';
import type { AgencyQuestionRecord } from '@app/persistence';
import type {
  CoordinatorAgencyQuestionResponse,
  LiaisonAgencyQuestionResponse,
  MemberAgencyQuestionResponse,
} from './dto/agency-question.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** What every audience is shown; built field by field so nothing else can slip through. */
function base(q: AgencyQuestionRecord) {
  return {
    id: q.id,
    referralReference: q.referralReference,
    body: q.body,
    askedAt: q.askedAt.toISOString(),
    status: q.status,
    answer: q.answer,
    answeredAt: iso(q.answeredAt),
  };
}

/** The filing member: which agency asks; no dispatch, no liaison. */
export function toMemberQuestion(q: AgencyQuestionRecord): MemberAgencyQuestionResponse {
  return { ...base(q), referralId: q.referralId, agency: q.agency };
}

/**
 * The asking agency: never the filing organization's id, and its name only
 * if it opted in to be named in dispatches (as in the package itself).
 */
export function toLiaisonQuestion(q: AgencyQuestionRecord): LiaisonAgencyQuestionResponse {
  return {
    ...base(q),
    dispatchId: q.dispatchId,
    answeredBy:
      q.status === 'answered' ? (q.namedInDispatches ? q.organizationName : ANONYMOUS_FILER) : null,
  };
}

/** Coordinators broker the exchange and see both sides. */
export function toCoordinatorQuestion(q: AgencyQuestionRecord): CoordinatorAgencyQuestionResponse {
  return {
    ...base(q),
    dispatchId: q.dispatchId,
    dispatchReference: q.dispatchReference,
    agencyId: q.agencyId,
    agency: q.agency,
    referralId: q.referralId,
    organizationId: q.organizationId,
    organizationName: q.organizationName,
    namedInDispatches: q.namedInDispatches,
    askedBy: q.askedBy,
    answeredBy: q.answeredBy,
  };
}
