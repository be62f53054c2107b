import type { TimelineEntryView } from '../dto/case-responses.dto';
import { ISO_SET, type CaseReadContext } from './case-read-context';

/**
 * What happened to the case and to its records (`relatedIds`: referrals,
 * dispatches, holds, information requests), oldest first; reads left out.
 */
export async function readTimeline(
  ctx: CaseReadContext,
  relatedIds: string[],
): Promise<TimelineEntryView[]> {
  const rows = await ctx.work.timeline(ctx.tx, ctx.scope, ctx.caseId, relatedIds);
  return rows.map((e) => ({
    at: ISO_SET(e.occurred_at),
    action: e.action,
    outcome: e.outcome,
    actor: e.actor_user_id
      ? { id: e.actor_user_id, role: e.actor_role, displayName: e.display_name ?? '' }
      : null,
    targetType: e.target_type,
    targetId: e.target_id,
    details: e.details,
  }));
}
