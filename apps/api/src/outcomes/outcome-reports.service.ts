import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ValidationProblem, type RequestMeta } from '@app/common';
import { OutcomeCountsRepository, UnitOfWork, type OutcomeCountRow } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DISPATCH_OUTCOMES, type DispatchOutcome } from '../dispatches/dispatch-outcomes';
import type {
  OutcomeCountsResponse,
  OutcomeReportQueryDto,
  OutcomeReportResponse,
} from './dto/outcome-report.dto';

interface Group {
  id: string;
  name: string;
  counts: OutcomeCountsResponse;
  total: number;
}

/** Rows of (group, outcome, count) as one entry per group with every outcome counted. */
export function groupCounts(rows: readonly OutcomeCountRow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    let group = groups.get(row.id);
    if (!group) {
      const counts = Object.fromEntries(DISPATCH_OUTCOMES.map((o) => [o, 0])) as Record<
        DispatchOutcome,
        number
      >;
      group = { id: row.id, name: row.name, counts, total: 0 };
      groups.set(row.id, group);
    }
    if ((DISPATCH_OUTCOMES as readonly string[]).includes(row.outcome)) {
      group.counts[row.outcome as DispatchOutcome] += row.count;
      group.total += row.count;
    }
  }
  return [...groups.values()];
}

/** The coalition's outcome counts per member and per agency (coordinators). */
@Injectable()
export class OutcomeReportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly counts: OutcomeCountsRepository,
    private readonly audit: AuditWriter,
  ) {}

  async report(
    actor: AuthUser,
    query: OutcomeReportQueryDto,
    meta: RequestMeta,
  ): Promise<OutcomeReportResponse> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && from.getTime() >= to.getTime()) {
      throw ValidationProblem.field('to', 'must be later than from');
    }
    const scope = this.access.scopeFilter(actor, 'cases.read');
    return this.uow.run(async (tx) => {
      const rows = await this.counts.counts(tx, scope, { from, to });
      // Reports name members and agencies side by side: reading one is audited.
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'outcome_report.read',
        outcome: 'success',
        details: { from: from?.toISOString() ?? null, to: to?.toISOString() ?? null },
      });
      return {
        from: from?.toISOString() ?? null,
        to: to?.toISOString() ?? null,
        byMember: groupCounts(rows.byMember).map((g) => ({
          organizationId: g.id,
          name: g.name,
          counts: g.counts,
          total: g.total,
        })),
        byAgency: groupCounts(rows.byAgency).map((g) => ({
          agencyId: g.id,
          name: g.name,
          counts: g.counts,
          total: g.total,
        })),
      };
    });
  }
}
