import type { CaseTimelineRow } from '@app/persistence';
import type { TimelineEntryView } from '../dto/case-responses.dto';
import { ISO_SET } from './case-read-dates';

/**
 * What happened to the case and to its records (referrals, dispatches, holds,
 * information requests), oldest first; reads left out.
 */
export function timelineViews(rows: CaseTimelineRow[]): TimelineEntryView[] {
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
