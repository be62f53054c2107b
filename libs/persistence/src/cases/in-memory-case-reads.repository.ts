import { withinScope, type RecordScope } from '@app/domain';
import type { CaseEntity } from '../entities';
import type { Tx } from '../unit-of-work';
import type {
  CaseAlertRow,
  CaseAssigneeRow,
  CaseClockRow,
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
import type { CaseWorkReadsRepository } from './case-work-reads.repository';

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
 * order the SQL would answer them. Only the filters and the scope are applied.
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

  summary(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseSummaryRow | null> {
    return done(reachesCases(scope) ? (this.summaries.get(caseId) ?? null) : null);
  }

  record(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseEntity | null> {
    return done(reachesCases(scope) ? (this.cases.get(caseId) ?? null) : null);
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

  referrals(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseReferralRow[]> {
    return done(of(this.referralRows, scope, caseId));
  }

  matches(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseMatchRow[]> {
    return done(of(this.matchRows, scope, caseId));
  }

  suggestions(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseSuggestionRow[]> {
    return done(of(this.suggestionRows, scope, caseId));
  }

  notes(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseNoteRow[]> {
    return done(of(this.noteRows, scope, caseId));
  }

  memberActions(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseMemberActionRow[]> {
    return done(of(this.memberActionRows, scope, caseId));
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

/** CaseWorkReadsRepository over maps a test fills, keyed by case id. */
export class InMemoryCaseWorkReadsRepository implements Pick<
  CaseWorkReadsRepository,
  keyof CaseWorkReadsRepository
> {
  readonly dispatchRows = new Map<string, CaseDispatchRow[]>();
  readonly holdRows = new Map<string, CaseHoldRow[]>();
  readonly clockRows = new Map<string, CaseClockRow[]>();
  readonly alertRows = new Map<string, CaseAlertRow[]>();
  /** Every audit event, oldest first. */
  readonly events: CaseTimelineRow[] = [];
  readonly userDisplayNames = new Map<string, string>();
  readonly agencyDisplayNames = new Map<string, string>();

  dispatches(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseDispatchRow[]> {
    return done(of(this.dispatchRows, scope, caseId));
  }

  holds(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseHoldRow[]> {
    return done(of(this.holdRows, scope, caseId));
  }

  clocks(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseClockRow[]> {
    return done(of(this.clockRows, scope, caseId));
  }

  alerts(_tx: Tx, scope: RecordScope, caseId: string): Promise<CaseAlertRow[]> {
    return done(of(this.alertRows, scope, caseId));
  }

  timeline(
    _tx: Tx,
    scope: RecordScope,
    caseId: string,
    relatedIds: string[],
  ): Promise<CaseTimelineRow[]> {
    if (!reachesCases(scope)) return done([]);
    const targets = new Set([caseId, ...relatedIds]);
    return done(
      this.events
        .filter((e) => e.target_id !== null && targets.has(e.target_id))
        .filter((e) => !e.action.endsWith('.read'))
        .slice(0, 1000),
    );
  }

  userNames(_tx: Tx, scope: RecordScope, ids: string[]): Promise<Map<string, string>> {
    if (!reachesCases(scope)) return done(new Map<string, string>());
    return done(named(this.userDisplayNames, ids));
  }

  agencyNames(_tx: Tx, ids: string[]): Promise<Map<string, string>> {
    return done(named(this.agencyDisplayNames, ids));
  }
}
