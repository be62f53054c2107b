import { VOCABULARY } from '@crh/vocabulary';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';
import {
  formatDateTime,
  label,
  relativeTime,
  utcTitle,
  withLocalTimes,
} from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, Notice, PageHeader } from '../../components/ui';
import { SelectInput } from '../../components/controls';
import { CommandProblem, caseKeys } from './case-command';

type Alert = Schemas['AlertResponse'];

const KIND_WORDS: Record<Alert['kind'], string> = VOCABULARY.alertKind;

/**
 * What the hub raised for coordinators (SLA breaches, failed deliveries,
 * expired holds), newest first. Acknowledging records who saw an alert; the
 * condition itself is dealt with on the case.
 */
export function AlertsPage() {
  const user = useUser();
  const canAcknowledge = can(user, 'cases.write');
  const [params, setParams] = useSearchParams();
  const showAll = params.get('show') === 'all';
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);

  const list = usePagedList<Alert>([...caseKeys.alerts, showAll ? 'all' : 'open'], (cursor) =>
    unwrap(
      api.GET('/api/v1/alerts', {
        params: { query: { open: showAll ? 'false' : 'true', cursor } },
      }),
    ),
  );
  const acknowledge = useMutation({
    mutationFn: (alert: Alert) =>
      unwrap(api.POST('/api/v1/alerts/{id}/acknowledge', { params: { path: { id: alert.id } } })),
    onMutate: () => setNotice(null),
    onSuccess: async (_r, alert) => {
      setNotice(
        `${KIND_WORDS[alert.kind]} alert on ${alert.caseReference} acknowledged${showAll ? '' : ' and removed from the open alerts'}.`,
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKeys.alerts }),
        queryClient.invalidateQueries({ queryKey: caseKeys.detail(alert.caseId) }),
      ]);
    },
  });

  return (
    <div className="coordinator-page">
      <PageHeader
        title="Alerts"
        subtitle="SLA breaches, failed deliveries and expired holds, newest first. Deal with each on its case, then acknowledge it."
      />
      <form className="filters" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()}>
        <SelectInput
          label="Show"
          value={showAll ? 'all' : 'open'}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (e.target.value === 'all') next.set('show', 'all');
            else next.delete('show');
            setParams(next);
          }}
        >
          <option value="open">Open alerts (not acknowledged)</option>
          <option value="all">All alerts</option>
        </SelectInput>
      </form>
      {notice ? <Notice>{notice}</Notice> : null}
      {acknowledge.error ? <CommandProblem error={acknowledge.error} /> : null}
      <PagedView
        list={list}
        what="alerts"
        empty={
          showAll ? (
            <EmptyState title="No alerts yet.">
              The hub raises an alert when an SLA clock is breached, a delivery fails or a hold
              expires.
            </EmptyState>
          ) : (
            <EmptyState
              title="No open alerts."
              action={
                <Link className="button" to="/cases?overdue=true">
                  See overdue cases
                </Link>
              }
            >
              Everything raised so far has been acknowledged.
            </EmptyState>
          )
        }
      >
        {(alerts) => (
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">
                {showAll ? 'All alerts' : 'Open alerts'}, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Raised</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Case</th>
                  <th scope="col">What happened</th>
                  <th scope="col">Acknowledged</th>
                </tr>
              </thead>
              <tbody>
                {alerts.map((a) => (
                  <tr key={a.id} className={a.acknowledgedAt ? undefined : 'row-alert'}>
                    <td>
                      <time dateTime={a.createdAt} title={utcTitle(a.createdAt)}>
                        {relativeTime(a.createdAt)}
                        <span className="coordinator-small-text">
                          {' '}
                          {formatDateTime(a.createdAt)}
                        </span>
                      </time>
                    </td>
                    <td>
                      <Badge
                        value={a.acknowledgedAt ? 'closed' : 'failed'}
                        text={KIND_WORDS[a.kind] ?? label(a.kind)}
                      />
                    </td>
                    <td className="mono">
                      <Link to={`/cases/${a.caseId}`}>{a.caseReference}</Link>
                    </td>
                    <td>{withLocalTimes(a.message)}</td>
                    <td>
                      {a.acknowledgedAt ? (
                        <>
                          {a.acknowledgedBy?.displayName ?? 'Someone'}
                          <div className="coordinator-muted coordinator-small-text">
                            {formatDateTime(a.acknowledgedAt)}
                          </div>
                        </>
                      ) : canAcknowledge ? (
                        <button
                          type="button"
                          className="button coordinator-small"
                          aria-label={`Acknowledge ${KIND_WORDS[a.kind] ?? label(a.kind)} alert on ${a.caseReference}`}
                          disabled={acknowledge.isPending}
                          onClick={() => acknowledge.mutate(a)}
                        >
                          Acknowledge
                        </button>
                      ) : (
                        'Not yet'
                      )}
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
