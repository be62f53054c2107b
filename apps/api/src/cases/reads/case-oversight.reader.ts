import type { CaseAlertRow, CaseClockRow } from '@app/persistence';
import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO, ISO_SET } from './case-read-dates';

/** The case's service-level clocks, in the order they started. */
export function clockViews(rows: CaseClockRow[]): CaseDetailView['clocks'] {
  return rows.map((k) => ({
    id: k.id,
    clock: k.clock,
    status: k.status,
    startedAt: ISO_SET(k.started_at),
    dueAt: ISO_SET(k.due_at),
    breachedAt: ISO(k.breached_at),
    stoppedAt: ISO(k.stopped_at),
  }));
}

/** Alerts raised about the case, newest first. */
export function alertViews(rows: CaseAlertRow[]): CaseDetailView['alerts'] {
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    message: a.message,
    dispatchId: a.dispatch_id,
    createdAt: ISO_SET(a.created_at),
    acknowledgedAt: ISO(a.acknowledged_at),
  }));
}
