import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime, label } from '../../components/format';
import { Badge } from '../../components/ui';
import { CommandFeedback, useCaseCommand, type CaseDetail } from './case-command';

type Dispatch = CaseDetail['dispatches'][number];

/** The latest step a dispatch reached, and when. */
function lastStep(d: Dispatch): string {
  const steps: [string | null, string][] = [
    [d.declinedAt, 'Declined'],
    [d.acceptedAt, 'Accepted'],
    [d.acknowledgedAt, 'Acknowledged'],
    [d.deliveredAt, 'Delivered'],
    [d.failedAt, 'Failed'],
  ];
  const reached = steps.find(([at]) => at !== null);
  return reached
    ? `${reached[1]} ${formatDateTime(reached[0])}`
    : `Created ${formatDateTime(d.createdAt)}`;
}

/** One dispatch per agency; failed deliveries are highlighted, with the failure and a retry. */
export function DispatchesSection({ c }: { c: CaseDetail }) {
  const user = useUser();
  const canRetry = can(user, 'cases.write');
  const retry = useCaseCommand(
    c.id,
    (d: Dispatch) =>
      unwrap(api.POST('/api/v1/dispatches/{id}/retry', { params: { path: { id: d.id } } })),
    (_r, d) => `Delivery of ${d.reference} to ${d.agency.name} queued again.`,
  );
  const failed = c.dispatches.filter((d) => d.status === 'failed');
  if (c.dispatches.length === 0) {
    return (
      <section className="panel" aria-labelledby="dispatches-title">
        <h2 id="dispatches-title">Dispatches</h2>
        <p className="coordinator-muted">
          None yet. Dispatches are created, one per agency, when a lead approves the routing.
        </p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="dispatches-title">
      <h2 id="dispatches-title">Dispatches ({c.dispatches.length})</h2>
      {failed.length ? (
        <p className="warning">
          {failed.length === 1 ? 'One delivery failed.' : `${failed.length} deliveries failed.`}{' '}
          Check the agency’s channel, then retry.
        </p>
      ) : null}
      <CommandFeedback notice={retry.notice} error={retry.error} />
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">Dispatches of this case, by routing round</caption>
          <thead>
            <tr>
              <th scope="col">Dispatch</th>
              <th scope="col">Agency</th>
              <th scope="col">Status</th>
              <th scope="col">Last step</th>
              <th scope="col">Agency case</th>
            </tr>
          </thead>
          <tbody>
            {c.dispatches.map((d) => (
              <tr key={d.id} className={d.status === 'failed' ? 'row-alert' : undefined}>
                <td>
                  <Link className="mono" to={`/dispatches/${d.id}`}>
                    {d.reference}
                  </Link>
                  <div className="coordinator-muted coordinator-small-text">
                    Round {d.routingRound} · TLP {d.tlp}
                  </div>
                </td>
                <td>{d.agency.name}</td>
                <td>
                  <Badge value={d.status} />
                </td>
                <td>
                  {lastStep(d)}
                  {d.status === 'failed' ? (
                    <div className="coordinator-failure">
                      <p>
                        <strong>Delivery failed</strong> after {d.deliveryAttempts}{' '}
                        {d.deliveryAttempts === 1 ? 'attempt' : 'attempts'}
                        {d.lastError ? `: ${d.lastError}` : '.'}
                      </p>
                      {canRetry ? (
                        <button
                          type="button"
                          className="button coordinator-small"
                          aria-label={`Retry delivery of ${d.reference}`}
                          disabled={retry.isPending}
                          onClick={() => retry.mutate(d)}
                        >
                          Retry delivery
                        </button>
                      ) : null}
                    </div>
                  ) : d.status === 'declined' && d.declineReason ? (
                    <div className="coordinator-small-text">Reason: {d.declineReason}</div>
                  ) : null}
                  {d.outcome ? (
                    <div className="coordinator-small-text">
                      Outcome: {label(d.outcome, 'outcome')}
                    </div>
                  ) : null}
                </td>
                <td className="mono">{d.leCaseNumber ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Holds placed by agencies: members in scope are asked not to act yet. */
export function HoldsSection({ c }: { c: CaseDetail }) {
  if (c.holds.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="holds-title">
      <h2 id="holds-title">Holds ({c.holds.length})</h2>
      <table className="data">
        <caption className="visually-hidden">Holds placed on this case</caption>
        <thead>
          <tr>
            <th scope="col">Agency</th>
            <th scope="col">Scope</th>
            <th scope="col">Reason</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {c.holds.map((h) => (
            <tr key={h.id}>
              <td>{h.agency}</td>
              <td>{label(h.scope)}</td>
              <td>
                {h.reason}
                <div className="coordinator-muted coordinator-small-text">
                  Document {h.documentRef}
                </div>
              </td>
              <td>{formatDateTime(h.expiresAt)}</td>
              <td>
                <Badge
                  value={h.status === 'active' ? 'pending_approval' : 'closed'}
                  text={label(h.status)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
