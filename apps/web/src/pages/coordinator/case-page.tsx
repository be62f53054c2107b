import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime, label, relativeTime, utcTitle } from '../../components/format';
import { Badge, Notice, PageHeader, QueryView } from '../../components/ui';
import { CaseActions, AssignControl } from './case-actions';
import { caseKeys, type CaseDetail } from './case-command';
import { DispatchesSection, HoldsSection } from './case-dispatches';
import { InfoRequestsSection, NotesSection } from './case-notes';
import { MatchesSection, ReferralsSection, SuggestionsSection } from './case-referrals';
import { RoutingSection } from './case-routing';
import { TimelineSection } from './case-timeline';
import { SlaBadge } from './inbox-page';

/** The coordinator's workbench: one case, everything known about it, and what can be done next. */
export function CasePage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryView query={query} what="Loading the case">
      {(c) => <CaseWorkbench key={c.id} c={c} />}
    </QueryView>
  );
}

function CaseWorkbench({ c }: { c: CaseDetail }) {
  const user = useUser();
  const canWrite = can(user, 'cases.write');
  const openAlerts = c.alerts.filter((a) => a.acknowledgedAt === null);
  // Awaiting approval, the decision comes first; otherwise the evidence does. One keyed
  // list, so moving the routing section keeps its state (the notice of what was done).
  const routing = <RoutingSection key="routing" c={c} />;
  const evidence = [
    <ReferralsSection key="referrals" c={c} />,
    <div key="gathering" className="grid-2">
      <div>
        <MatchesSection c={c} />
        <SuggestionsSection c={c} />
      </div>
      <div>
        <NotesSection c={c} />
        <InfoRequestsSection c={c} />
      </div>
    </div>,
  ];
  const after = (
    <div key="after" className="grid-2">
      <div>
        <DispatchesSection c={c} />
        <HoldsSection c={c} />
      </div>
      <div>
        <TimelineSection c={c} />
      </div>
    </div>
  );
  const sections =
    c.status === 'pending_approval' ? [routing, ...evidence, after] : [...evidence, routing, after];
  // A merge lands here, on the case merged into, with what was done.
  const mergedIntoId = c.mergedIntoId;
  const arrival = (useLocation().state as { notice?: string } | null)?.notice;
  return (
    <div className="coordinator-page">
      <PageHeader
        title={`Case ${c.reference}`}
        subtitle={c.merchantNames.length ? c.merchantNames.join('; ') : 'No merchant name reported'}
      />
      {arrival ? <Notice>{arrival}</Notice> : null}
      {c.status === 'merged' && mergedIntoId ? (
        <p className="warning" role="status">
          This case was merged: its referrals, notes and suggestions moved to{' '}
          <Link to={`/cases/${mergedIntoId}`}>the case it was merged into</Link>.
        </p>
      ) : null}
      {openAlerts.length > 0 ? (
        <div className="warning coordinator-alerts">
          <p>
            <strong>
              {openAlerts.length === 1 ? 'One open alert' : `${openAlerts.length} open alerts`}
            </strong>{' '}
            on this case (<Link to="/alerts">see all alerts</Link>):
          </p>
          <ul>
            {openAlerts.map((a) => (
              <li key={a.id}>
                {label(a.kind)}: {a.message}{' '}
                <span className="coordinator-muted">({formatDateTime(a.createdAt)})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="panel coordinator-summary" aria-labelledby="case-summary-title">
        <h2 id="case-summary-title" className="visually-hidden">
          Summary
        </h2>
        <div className="coordinator-summary-grid">
          <div>
            <dl className="details">
              <div>
                <dt>Status</dt>
                <dd>
                  <Badge value={c.status} />
                </dd>
              </div>
              <div>
                <dt>Priority</dt>
                <dd>
                  <Badge value={c.priority} />
                </dd>
              </div>
              <div>
                <dt>SLA</dt>
                <dd>
                  <SlaBadge overdue={c.overdue} dueAt={c.slaDueAt} />
                </dd>
              </div>
              <div>
                <dt>Assignee</dt>
                <dd>
                  <span>
                    {c.assignee
                      ? c.assignee.id === user.id
                        ? 'You'
                        : c.assignee.displayName
                      : 'Unassigned'}
                  </span>
                </dd>
              </div>
              <div>
                <dt>Referrals</dt>
                <dd>
                  {c.referralCount} from {membersFlagging(c)}
                </dd>
              </div>
              <div>
                <dt>TLP</dt>
                <dd>{c.tlp ?? 'Not set yet'}</dd>
              </div>
              <div>
                <dt>Opened</dt>
                <dd>
                  <time
                    dateTime={c.createdAt}
                    title={`${formatDateTime(c.createdAt)} (${utcTitle(c.createdAt)})`}
                  >
                    {relativeTime(c.createdAt)}
                  </time>
                </dd>
              </div>
              {c.closedAt ? (
                <div>
                  <dt>Closed</dt>
                  <dd>{formatDateTime(c.closedAt)}</dd>
                </div>
              ) : null}
            </dl>
            {canWrite ? <AssignControl c={c} /> : null}
            {c.statusReason ? (
              <p className="coordinator-reason">
                <strong>{reasonLabel(c)}:</strong> {c.statusReason}
              </p>
            ) : null}
            {c.outcome ? (
              <p className="coordinator-reason">
                <strong>Outcome:</strong> {c.outcome}
              </p>
            ) : null}
            <Clocks c={c} />
          </div>
          {canWrite ? <CaseActions c={c} /> : null}
        </div>
      </section>

      {sections}
    </div>
  );
}

function membersFlagging(c: CaseDetail): string {
  return c.filingMembers === 1 ? '1 member' : `${c.filingMembers} members`;
}

function reasonLabel(c: CaseDetail): string {
  switch (c.status) {
    case 'rejected':
      return 'Rejected because';
    case 'in_review':
      return 'Last comment (sent back or reopened)';
    default:
      return 'Last reason given';
  }
}

const CLOCK_WORDS: Record<string, string> = {
  triage: 'Triage',
  le_acknowledgement: 'LE acknowledgement',
  info_request: 'Information request answer',
  hold_expiry: 'Hold expiry',
};

/** The case's service-level clocks: breached and running ones first, then what was met. */
function Clocks({ c }: { c: CaseDetail }) {
  if (c.clocks.length === 0) return null;
  const order = ['breached', 'running', 'met_late', 'met', 'cancelled'];
  const clocks = [...c.clocks].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  return (
    <div className="coordinator-clocks">
      <h3 id="clocks-title">SLA clocks</h3>
      <ul aria-labelledby="clocks-title">
        {clocks.map((k) => (
          <li key={k.id}>
            <span className="coordinator-clock-name">{CLOCK_WORDS[k.clock] ?? label(k.clock)}</span>{' '}
            {k.status === 'breached' ? (
              <Badge value="overdue" text="Breached" />
            ) : k.status === 'running' ? (
              <span className="badge badge-info">Running</span>
            ) : k.status === 'met_late' ? (
              <Badge value="pending_approval" text="Met late" />
            ) : (
              <Badge value={k.status === 'met' ? 'accepted' : 'closed'} text={label(k.status)} />
            )}{' '}
            <span className="coordinator-muted">
              {k.status === 'running' || k.status === 'breached'
                ? `due ${formatDateTime(k.dueAt)} (${relativeTime(k.dueAt)})`
                : `stopped ${formatDateTime(k.stoppedAt)}, due ${formatDateTime(k.dueAt)}`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
