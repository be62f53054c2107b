import { withinScope, type RecordScope } from '@app/domain';
import type { CaseEntity } from '../entities';
import type { Tx } from '../unit-of-work';
import type {
  CaseAlertRow,
  CaseAssigneeRow,
  CaseClockRow,
  CaseDetailRow,
  CaseDispatchRow,
  CaseHoldRow,
  CaseInboxQuery,
  CaseInfoRequestRow,
  CaseMatchRow,
  CaseMemberActionRow,
  CaseNoteRow,
  CaseReferralRow,
  CaseSuggestionRow,
  CaseSummaryRow,
  CaseTimelineRow,
} from './case-read-rows';
import type { CaseReadsRepository } from './case-reads.repository';

/** Cases are the coalition's: the same rule as the SQL, on no organization. */
const reachesCases = (scope: RecordScope): boolean => withinScope(scope, { organizationId: null });

const of = <R>(rows: Map<string, R[]>, scope: RecordScope, caseId: string): R[] =>
  reachesCases(scope) ? [...(rows.get(caseId) ?? [])] : [];

/** The names of those of `ids` that `names` knows. */
const named = (names: Map<string, string>, ids: string[]): Map<string, string> =>
  new Map(ids.flatMap((id) => (names.has(id) ? [[id, names.get(id)!] as const] : [])));

const done = <T>(value: T): Promise<T> => Promise.resolve(value);

/** An information request as stored, with who holds the referral asked about. */
export type StoredInfoRequest = CaseInfoRequestRow & {
  organization_id: string;
  created_by: string;
};

/**
 * CaseReadsRepository over maps a test fills: rows keyed by case id, in the
 * order the SQL would answer them, and every audit event. Only the filters
 * and the scope are applied.
 */
export class InMemoryCaseReadsRepository implements Pick<
  CaseReadsRepository,
  keyof CaseReadsRepository
> {
  readonly cases = new Map<string, CaseEntity>();
  readonly summaries = new Map<string, CaseSummaryRow>();
  /** Active coalition users, each with a role. */
  readonly users: CaseAssigneeRow[] = [];
  readonly referralRows = new Map<string, CaseReferralRow[]>();
  readonly matchRows = new Map<string, CaseMatchRow[]>();
  readonly suggestionRows = new Map<string, CaseSuggestionRow[]>();
  readonly noteRows = new Map<string, CaseNoteRow[]>();
  readonly memberActionRows = new Map<string, CaseMemberActionRow[]>();
  readonly infoRequestRows: StoredInfoRequest[] = [];
  readonly dispatchRows = new Map<string, CaseDispatchRow[]>();
  readonly holdRows = new Map<string, CaseHoldRow[]>();
  readonly clockRows = new Map<string, CaseClockRow[]>();
  readonly alertRows = new Map<string, CaseAlertRow[]>();
  /** Every audit event, oldest first. */
  readonly events: CaseTimelineRow[] = [];
  readonly userDisplayNames = new Map<string, string>();
  readonly agencyDisplayNames = new Map<string, string>();

  inbox(_tx: Tx, scope: RecordScope, query: CaseInboxQuery): Promise<CaseSummaryRow[]> {
    if (!reachesCases(scope)) return done([]);
    const key = (r: { priority: string; created_key: string; id: string }): string =>
      `${r.priority}|${r.created_key}|${r.id}`;
    const after = query.after;
    const afterKey = after ? `${after.priority}|${after.createdAt}|${after.id}` : undefined;
    return done(
      [...this.summaries.values()]
        .filter((r) => !query.statuses?.length || query.statuses.includes(r.status))
        .filter((r) =>
          query.assigneeId === undefined
            ? true
            : query.assigneeId === null
              ? r.assignee_id === null
              : r.assignee_id === query.assigneeId,
        )
        .filter((r) => !query.priority || r.priority === query.priority)
        .filter((r) => query.overdue === undefined || r.overdue === query.overdue)
        .filter((r) => afterKey === undefined || key(r) > afterKey)
        .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
        .slice(0, query.limit + 1),
    );
  }

  async detail(tx: Tx, scope: RecordScope, caseId: string): Promise<CaseDetailRow | null> {
    const c = this.cases.get(caseId);
    const summary = this.summaries.get(caseId);
    if (!reachesCases(scope) || !c || !summary) return null;
    const referrals = of(this.referralRows, scope, caseId);
    const dispatches = of(this.dispatchRows, scope, caseId);
    const holds = of(this.holdRows, scope, caseId);
    const infoRequests = await this.infoRequests(tx, scope, { caseId });
    const related = new Set([
      caseId,
      ...[...referrals, ...dispatches, ...holds, ...infoRequests].map((r) => r.id),
    ]);
    const userName = (id: string | null) => (id ? (this.userDisplayNames.get(id) ?? null) : null);
    const planned = c.routingPlan?.agencies.map((a) => a.agencyId) ?? [];
    const agencyNames = named(this.agencyDisplayNames, planned);
    return {
      ...summary,
      status_reason: c.statusReason,
      outcome: c.outcome,
      merged_into_id: c.mergedIntoId,
      closed_at: c.closedAt,
      routing_plan: c.routingPlan,
      proposed_by: c.proposedBy,
      proposer_name: userName(c.proposedBy),
      proposed_at: c.proposedAt,
      approved_by: c.approvedBy,
      approver_name: userName(c.approvedBy),
      approved_at: c.approvedAt,
      agency_names: agencyNames.size > 0 ? Object.fromEntries(agencyNames) : null,
      referrals,
      member_actions: of(this.memberActionRows, scope, caseId),
      matches: of(this.matchRows, scope, caseId),
      suggestions: of(this.suggestionRows, scope, caseId),
      notes: of(this.noteRows, scope, caseId),
      info_requests: infoRequests,
      dispatches,
      holds,
      clocks: of(this.clockRows, scope, caseId),
      alerts: of(this.alertRows, scope, caseId),
      timeline: this.events
        .filter((e) => e.target_id !== null && related.has(e.target_id))
        .filter((e) => !e.action.endsWith('.read'))
        .slice(0, 1000),
    };
  }

  assignees(_tx: Tx, scope: RecordScope, roles: readonly string[]): Promise<CaseAssigneeRow[]> {
    if (!reachesCases(scope)) return done([]);
    return done(
      this.users
        .filter((u) => roles.includes(u.role))
        .sort(
          (a, b) =>
            a.display_name.toLowerCase().localeCompare(b.display_name.toLowerCase()) ||
            a.id.localeCompare(b.id),
        ),
    );
  }

  infoRequests(
    _tx: Tx,
    scope: RecordScope,
    where: { caseId?: string; referralId?: string; id?: string },
  ): Promise<CaseInfoRequestRow[]> {
    return done(
      this.infoRequestRows
        .filter((i) =>
          withinScope(scope, { organizationId: i.organization_id, ownerId: i.created_by }),
        )
        .filter((i) => where.caseId === undefined || i.case_id === where.caseId)
        .filter((i) => where.referralId === undefined || i.referral_id === where.referralId)
        .filter((i) => where.id === undefined || i.id === where.id)
        .map(({ organization_id: _org, created_by: _by, ...row }) => row),
    );
  }
}
