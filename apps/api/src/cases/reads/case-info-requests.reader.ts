import type { CaseInfoRequestRow } from '@app/persistence';
import type { InfoRequestView } from '../dto/case-responses.dto';
import { ISO, ISO_SET } from './case-read-context';

/**
 * An information request as its reader may see it. `forMember` leaves out the
 * case and who asked and answered: a filer sees the question and the answer only.
 */
export function infoRequestView(i: CaseInfoRequestRow, forMember: boolean): InfoRequestView {
  return {
    id: i.id,
    referralId: i.referral_id,
    referralReference: i.reference,
    question: i.question,
    status: i.status,
    answer: i.answer,
    askedAt: ISO_SET(i.created_at),
    answeredAt: ISO(i.answered_at),
    ...(forMember
      ? {}
      : {
          caseId: i.case_id,
          askedBy: { id: i.asked_by, displayName: i.asker },
          answeredBy: i.answered_by ? { id: i.answered_by, displayName: i.answerer ?? '' } : null,
        }),
  };
}
