import { useRef } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime, label, relativeTime, utcTitle } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, PageHeader } from '../../components/ui';
import { SelectInput } from '../../components/controls';
import {
  CommandFeedback,
  caseKeys,
  OPEN_CASE_STATUSES,
  STATUS_LIST_QUERY,
  useAssignees,
  useCaseCommand,
  useNow,
  type CaseSummary,
} from './case-command';
import { InboxShortcutsHelp, useInboxShortcuts } from './inbox-shortcuts';
import { SavedViews } from './saved-views';

type CaseStatus = CaseSummary['status'];

const OPEN_STATUSES = OPEN_CASE_STATUSES;
const ALL_STATUSES: CaseStatus[] = [...OPEN_STATUSES, 'closed', 'rejected', 'merged'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
type Priority = (typeof PRIORITIES)[number];

const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Statuses in which a case can be claimed. */
const CLAIMABLE = ['triage', 'in_review'];

interface InboxFilters {
  /** '' = every open status, 'all' = any status, or one status. */
  status: string;
  /** '' = anyone, 'me', 'none', or a colleague's user id. */
  assignee: string;
  priority: Priority | '';
  overdue: boolean;
}

function readFilters(params: URLSearchParams): InboxFilters {
  const status = params.get('status') ?? '';
  const assignee = params.get('assignee') ?? '';
  const priority = params.get('priority') ?? '';
  return {
    status: status === 'all' || isCaseStatus(status) ? status : '',
    assignee: ['me', 'none'].includes(assignee) || USER_ID.test(assignee) ? assignee : '',
    priority: (PRIORITIES as readonly string[]).includes(priority) ? (priority as Priority) : '',
    overdue: params.get('overdue') === 'true',
  };
}

function isCaseStatus(value: string): value is CaseStatus {
  return (ALL_STATUSES as string[]).includes(value);
}

function statusQuery(filters: InboxFilters, fixedStatus?: CaseStatus): CaseStatus[] | undefined {
  if (fixedStatus) return [fixedStatus];
  if (filters.status === 'all') return undefined;
  return isCaseStatus(filters.status) ? [filters.status] : OPEN_STATUSES;
}

/**
 * The coordinators' inbox (and, with `fixedStatus`, the lead's "Awaiting
 * approval" list). Filters live in the address, so a filtered inbox can be
 * bookmarked and Back returns to the previous filter. Rows come in the API's
 * order: most urgent first, then oldest.
 */
export function CaseInboxPage(props: { fixedStatus?: 'pending_approval' }) {
  const user = useUser();
  const canWrite = can(user, 'cases.write');
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const approvals = props.fixedStatus === 'pending_approval';
  const people = useAssignees(canWrite);
  const colleagues = (people.data ?? []).filter((p) => p.id !== user.id);
  const pickedUnknown =
    USER_ID.test(filters.assignee) && !colleagues.some((p) => p.id === filters.assignee);
  const filtered =
    (!approvals && filters.status !== '') ||
    filters.assignee !== '' ||
    filters.priority !== '' ||
    filters.overdue;

  const list = usePagedList<CaseSummary>(
    [...caseKeys.inbox, props.fixedStatus ?? 'inbox', filters],
    (cursor) =>
      unwrap(
        api.GET('/api/v1/cases', {
          params: {
            query: {
              status: statusQuery(filters, props.fixedStatus),
              assignee: filters.assignee || undefined,
              priority: filters.priority || undefined,
              overdue: filters.overdue ? 'true' : undefined,
              cursor,
            },
          },
          querySerializer: STATUS_LIST_QUERY,
        }),
      ),
  );

  const claim = useCaseCommand(
    (c: CaseSummary) => c.id,
    (c: CaseSummary) =>
      unwrap(api.POST('/api/v1/cases/{id}/assign', { params: { path: { id: c.id } }, body: {} })),
    (_result, c) => `${c.reference} claimed: it is now in review and assigned to you.`,
  );

  function setFilter(name: keyof InboxFilters, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  }

  const here = approvals ? '/approvals' : '/cases';
  const table = useRef<HTMLDivElement>(null);
  useInboxShortcuts(table);

  return (
    <div className="coordinator-page">
      <PageHeader
        title={approvals ? 'Awaiting approval' : 'Case inbox'}
        subtitle={
          approvals
            ? 'Routing proposals waiting for a lead’s decision, most urgent first. A proposal you made needs another lead.'
            : 'Most urgent first, then oldest. Open a case to work it, or claim it from here.'
        }
      />
      <form
        className="filters"
        aria-label={approvals ? 'Filter proposals' : 'Filter cases'}
        onSubmit={(e) => e.preventDefault()}
      >
        {approvals ? null : (
          <SelectInput
            label="Status"
            value={filters.status}
            onChange={(e) => setFilter('status', e.target.value)}
          >
            <option value="">Open (any open status)</option>
            {ALL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
            <option value="all">All statuses</option>
          </SelectInput>
        )}
        <SelectInput
          label="Assignee"
          value={filters.assignee}
          onChange={(e) => setFilter('assignee', e.target.value)}
        >
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Unassigned</option>
          {colleagues.length > 0 || pickedUnknown ? (
            <optgroup label="Colleagues">
              {pickedUnknown ? (
                <option value={filters.assignee}>
                  {people.isPending ? 'Loading…' : 'Someone no longer listed'}
                </option>
              ) : null}
              {colleagues.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                </option>
              ))}
            </optgroup>
          ) : null}
        </SelectInput>
        <SelectInput
          label="Priority"
          value={filters.priority}
          onChange={(e) => setFilter('priority', e.target.value)}
        >
          <option value="">Any priority</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </SelectInput>
        <div className="field coordinator-check">
          <label>
            <input
              type="checkbox"
              checked={filters.overdue}
              onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : '')}
            />{' '}
            Overdue only
          </label>
        </div>
        {filtered ? (
          <Link className="button button-quiet" to={here}>
            Clear filters
          </Link>
        ) : null}
      </form>
      {approvals ? null : <SavedViews params={params} onApply={setParams} />}

      <CommandFeedback notice={claim.notice} error={claim.error} />
      <InboxShortcutsHelp />

      <PagedView
        list={list}
        what="cases"
        empty={
          filtered ? (
            <EmptyState
              title="No cases match these filters."
              action={
                <Link className="button" to={here}>
                  Clear filters
                </Link>
              }
            >
              Widen the filters, or clear them to see every{' '}
              {approvals ? 'proposal awaiting approval' : 'open case'}.
            </EmptyState>
          ) : approvals ? (
            <EmptyState title="Nothing is awaiting approval.">
              Proposals appear here when a coordinator proposes a case’s routing.
            </EmptyState>
          ) : (
            <EmptyState title="No open cases.">
              Cases open here as soon as a member’s referral is taken in. Check the{' '}
              <Link to="/alerts">alerts</Link> for anything overdue or undelivered.
            </EmptyState>
          )
        }
      >
        {(cases) => (
          <div className="table-wrap" ref={table}>
            <table className="data coordinator-inbox">
              <caption className="visually-hidden">
                {approvals ? 'Cases awaiting approval' : 'Cases'}, most urgent first, then oldest
              </caption>
              <thead>
                <tr>
                  <th scope="col">Case</th>
                  <th scope="col">Merchant</th>
                  <th scope="col">Priority</th>
                  <th scope="col">Status</th>
                  <th scope="col">SLA</th>
                  <th scope="col" className="coordinator-num">
                    Referrals
                  </th>
                  <th scope="col" className="coordinator-num">
                    Members flagging
                  </th>
                  <th scope="col">Assignee</th>
                  <th scope="col">Age</th>
                </tr>
              </thead>
              <tbody>
                {cases.map((c) => (
                  <tr key={c.id} data-shortcut-row>
                    <td className="mono">
                      <Link to={`/cases/${c.id}`}>{c.reference}</Link>
                    </td>
                    <td>{c.merchantNames.length ? c.merchantNames.join('; ') : '—'}</td>
                    <td>
                      <Badge value={c.priority} />
                    </td>
                    <td>
                      <Badge value={c.status} />
                    </td>
                    <td>
                      <SlaBadge overdue={c.overdue} dueAt={c.slaDueAt} />
                    </td>
                    <td className="coordinator-num">{c.referralCount}</td>
                    <td className="coordinator-num">
                      {c.filingMembers > 1 ? <strong>{c.filingMembers}</strong> : c.filingMembers}
                    </td>
                    <td>
                      {c.assignee ? (
                        c.assignee.id === user.id ? (
                          <strong>You</strong>
                        ) : (
                          c.assignee.displayName
                        )
                      ) : canWrite && CLAIMABLE.includes(c.status) ? (
                        <button
                          type="button"
                          className="button coordinator-small"
                          aria-label={`Claim ${c.reference}`}
                          data-shortcut-claim
                          disabled={claim.isPending}
                          onClick={() => claim.mutate(c)}
                        >
                          Claim
                        </button>
                      ) : (
                        <span className="coordinator-muted">Unassigned</span>
                      )}
                    </td>
                    <td>
                      <time
                        dateTime={c.createdAt}
                        title={`${formatDateTime(c.createdAt)} (${utcTitle(c.createdAt)})`}
                      >
                        {relativeTime(c.createdAt)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </div>
  );
}

/** The case's service-level state: overdue (a clock breached) or when the next clock falls due. */
export function SlaBadge(props: { overdue: boolean; dueAt: string | null }) {
  const now = useNow();
  if (props.overdue) return <Badge value="overdue" text="Overdue" />;
  if (!props.dueAt) return <span className="coordinator-muted">—</span>;
  const soon = new Date(props.dueAt).getTime() - now < 4 * 3_600_000;
  return (
    <span
      className={soon ? 'badge badge-warn' : 'coordinator-due'}
      title={formatDateTime(props.dueAt)}
    >
      Due {relativeTime(props.dueAt, now)}
    </span>
  );
}
