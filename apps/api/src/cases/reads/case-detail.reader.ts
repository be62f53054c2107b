import { RecordNotFound } from '@app/common';
import type { RecordScope } from '@app/domain';
import type { CaseDetailRow, CaseReadsRepository, Tx } from '@app/persistence';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { dispatchViews, holdViews } from './case-dispatches.reader';
import { caseInfoRequestView } from './case-info-requests.reader';
import { matchViews, suggestionViews } from './case-matches.reader';
import { noteViews } from './case-notes.reader';
import { alertViews, clockViews } from './case-oversight.reader';
import { referralViews } from './case-referrals.reader';
import { routingView } from './case-routing.reader';
import { headerView } from './case-summary.reader';
import { timelineViews } from './case-timeline.reader';

/** The whole case as a coordinator works it, section by section, from its one row. */
export function caseDetailView(c: CaseDetailRow): CaseDetailView {
  const referenceOf = new Map(c.referrals.map((r) => [r.id, r.reference]));
  return {
    ...headerView(c),
    referrals: referralViews(c.referrals, c.member_actions),
    matches: matchViews(c.matches, referenceOf),
    suggestions: suggestionViews(c.suggestions),
    notes: noteViews(c.notes),
    infoRequests: c.info_requests.map(caseInfoRequestView),
    routing: routingView(c),
    dispatches: dispatchViews(c.dispatches),
    holds: holdViews(c.holds),
    clocks: clockViews(c.clocks),
    alerts: alertViews(c.alerts),
    timeline: timelineViews(c.timeline),
  };
}

/**
 * The whole case within `scope`, read in one statement (one snapshot, one
 * round trip); not found when it is missing or out of reach.
 */
export async function readCaseDetail(
  reads: Pick<CaseReadsRepository, 'detail'>,
  tx: Tx,
  scope: RecordScope,
  caseId: string,
): Promise<CaseDetailView> {
  const row = await reads.detail(tx, scope, caseId);
  if (!row) throw new RecordNotFound('case');
  return caseDetailView(row);
}
