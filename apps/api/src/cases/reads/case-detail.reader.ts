import type { CaseEntity } from '@app/persistence';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { readDispatches, readHolds } from './case-dispatches.reader';
import { caseInfoRequestView } from './case-info-requests.reader';
import { readMatches, readSuggestions } from './case-matches.reader';
import { readNotes } from './case-notes.reader';
import { readAlerts, readClocks } from './case-oversight.reader';
import type { CaseReadContext } from './case-read-context';
import { readReferrals } from './case-referrals.reader';
import { readRouting } from './case-routing.reader';
import { readHeader } from './case-summary.reader';
import { readTimeline } from './case-timeline.reader';

/**
 * The whole case as a coordinator works it, section by section. The sections
 * are read one after another: on a transaction every query shares one
 * connection, which must not be given a second query while it answers the first.
 */
export async function readCaseDetail(ctx: CaseReadContext, c: CaseEntity): Promise<CaseDetailView> {
  const header = await readHeader(ctx, c);
  const referrals = await readReferrals(ctx);
  const referenceOf = new Map(referrals.rows.map((r) => [r.id, r.reference]));
  const matches = await readMatches(ctx, referenceOf);
  const suggestions = await readSuggestions(ctx);
  const notes = await readNotes(ctx);
  const infoRequests = (
    await ctx.reads.infoRequests(ctx.tx, ctx.scope, { caseId: ctx.caseId })
  ).map(caseInfoRequestView);
  const dispatches = await readDispatches(ctx);
  const holds = await readHolds(ctx);
  const clocks = await readClocks(ctx);
  const alerts = await readAlerts(ctx);
  const routing = await readRouting(ctx, c);
  const timeline = await readTimeline(ctx, [
    ...referrals.rows.map((r) => r.id),
    ...dispatches.rows.map((d) => d.id),
    ...holds.rows.map((h) => h.id),
    ...infoRequests.map((i) => i.id),
  ]);
  return {
    ...header,
    referrals: referrals.views,
    matches,
    suggestions,
    notes,
    infoRequests,
    routing,
    dispatches: dispatches.views,
    holds: holds.views,
    clocks,
    alerts,
    timeline,
  };
}
