import type { CaseDetailView } from '../dto/case-responses.dto';
import { ISO, ISO_SET, type CaseReadContext } from './case-read-context';

/** The case's service-level clocks, in the order they started. */
export async function readClocks(ctx: CaseReadContext): Promise<CaseDetailView['clocks']> {
  const rows = await ctx.work.clocks(ctx.tx, ctx.scope, ctx.caseId);
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
export async function readAlerts(ctx: CaseReadContext): Promise<CaseDetailView['alerts']> {
  const rows = await ctx.work.alerts(ctx.tx, ctx.scope, ctx.caseId);
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    message: a.message,
    dispatchId: a.dispatch_id,
    createdAt: ISO_SET(a.created_at),
    acknowledgedAt: ISO(a.acknowledged_at),
  }));
}
