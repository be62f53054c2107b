import type { CaseInfoRequestRow } from '@app/persistence';
import type { CaseInfoRequestView, InfoRequestView } from '../dto/case-responses.dto';
import { ISO, ISO_SET } from './case-read-dates';

/** An information request as coordinators read it: with the case and who asked and answered. */
export function caseInfoRequestView(i: CaseInfoRequestRow): CaseInfoRequestView {
  return {
    ...filerInfoRequestView(i),
    caseId: i.case_id,
    askedBy: { id: i.asked_by, displayName: i.asker },
    answeredBy: i.answered_by ? { id: i.answered_by, displayName: i.answerer ?? '' } : null,
  };
}

/** An information request as its filer reads it: the question and the answer only. */
function filerInfoRequestView(i: CaseInfoRequestRow): InfoRequestView {
  return {
    id: i.id,
    referralId: i.referral_id,
    referralReference: i.reference,
    question: i.question,
    status: i.status,
    answer: i.answer,
    askedAt: ISO_SET(i.created_at),
    answeredAt: ISO(i.answered_at),
  };
}

/**
 * An information request as its reader may see it. `forMember` leaves out the
 * case and who asked and answered: a filer sees the question and the answer only.
 */
export function infoRequestView(i: CaseInfoRequestRow, forMember: boolean): InfoRequestView {
  return forMember ? filerInfoRequestView(i) : caseInfoRequestView(i);
}
