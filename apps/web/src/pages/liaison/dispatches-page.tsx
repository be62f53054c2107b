import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useUser } from '../../auth/session';
import { formatDateTime, label, relativeTime } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, PageHeader } from '../../components/ui';
import { SelectInput } from '../../components/controls';
import {
  DISPATCH_STATUSES,
  TlpBadge,
  type DispatchStatus,
  type DispatchSummary,
} from './vocabulary';
import { When } from '../../components/when';

function statusFrom(value: string | null): DispatchStatus | undefined {
  return DISPATCH_STATUSES.find((s) => s === value);
}

/** The agency's inbox: every case routed to it, oldest first, filtered by status. */
export function DispatchesPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const status = statusFrom(params.get('status'));
  const list = usePagedList(['dispatches', { status: status ?? null }], (cursor) =>
    unwrap(api.GET('/api/v1/dispatches', { params: { query: { status, cursor, limit: 50 } } })),
  );

  return (
    <>
      <PageHeader
        title="Dispatches"
        subtitle={`Cases the coalition routed to ${user.organization.legalName}, oldest first.`}
      />
      <div className="filters" role="search" aria-label="Filter dispatches">
        <SelectInput
          label="Status"
          value={status ?? ''}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (e.target.value) next.set('status', e.target.value);
            else next.delete('status');
            setParams(next);
          }}
          options={DISPATCH_STATUSES}
        >
          <option value="">Any status</option>
        </SelectInput>
      </div>
      <PagedView
        list={list}
        what="dispatches"
        empty={
          status ? (
            <EmptyState title={`No ${label(status).toLowerCase()} dispatches.`}>
              <p>
                <Link to="/dispatches">Show dispatches of any status</Link>
              </p>
            </EmptyState>
          ) : (
            <EmptyState title="No cases have been routed to your agency yet.">
              <p>
                When the coalition routes a case to your agency it appears here, and your agency’s
                contact is told. Nothing to do until then.
              </p>
            </EmptyState>
          )
        }
      >
        {(items) => <DispatchTable items={items} />}
      </PagedView>
    </>
  );
}

function DispatchTable({ items }: { items: DispatchSummary[] }) {
  // One clock per render of the list, so every row says "ago" from the same moment.
  const [now] = useState(() => Date.now());
  return (
    <div className="table-wrap">
      <table className="data liaison-inbox">
        <caption className="visually-hidden">
          Dispatches to your agency: case, merchant, priority, TLP, status and dates
        </caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Merchant</th>
            <th scope="col">Priority</th>
            <th scope="col">TLP</th>
            <th scope="col">Status</th>
            <th scope="col">Received</th>
            <th scope="col">Acknowledge by</th>
            <th scope="col">Your case number</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => {
            const received = d.deliveredAt ?? d.createdAt;
            const awaiting = d.status === 'delivered';
            return (
              <tr key={d.id} className={awaiting ? 'liaison-awaiting' : undefined}>
                <td>
                  <Link to={`/dispatches/${d.id}`} className="liaison-case-link">
                    {d.caseReference || d.reference}
                  </Link>
                  <div className="liaison-small mono liaison-ref">{d.reference}</div>
                </td>
                <td>{d.merchantName ?? <span className="liaison-small">Not named</span>}</td>
                <td>
                  <Badge value={d.priority} />
                </td>
                <td>
                  <TlpBadge tlp={d.tlp} />
                </td>
                <td>
                  <Badge value={d.status} />
                  {awaiting ? (
                    <div className="liaison-small">
                      <strong>Awaiting your acknowledgement</strong>
                    </div>
                  ) : null}
                  {d.outcome ? (
                    <div className="liaison-small">Outcome: {label(d.outcome)}</div>
                  ) : null}
                </td>
                <td>
                  {formatDateTime(received)}
                  <div className="liaison-small">{relativeTime(received, now)}</div>
                </td>
                <td>
                  {d.acknowledgedAt ? (
                    <>
                      <div className="liaison-small">Acknowledged</div>
                      <When at={d.acknowledgedAt} />
                    </>
                  ) : (
                    <AcknowledgeBy dueAt={d.acknowledgeBy} now={now} />
                  )}
                </td>
                <td className="mono">{d.leCaseNumber ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Within this long of the due time, the acknowledgement is "due soon". */
const DUE_SOON_MS = 24 * 3_600_000;

/**
 * When the agency is due to acknowledge: overdue in red and in words, due
 * soon in amber, otherwise the time; a dash when no clock runs.
 */
function AcknowledgeBy({ dueAt, now }: { dueAt: string | null; now: number }) {
  if (!dueAt) return <span className="liaison-small">—</span>;
  const left = new Date(dueAt).getTime() - now;
  if (left < 0) {
    return (
      <div className="liaison-overdue">
        <span className="badge badge-bad">Overdue</span>
        <div>
          <When at={dueAt} />
        </div>
        <div className="liaison-small">was due {relativeTime(dueAt, now)}</div>
      </div>
    );
  }
  return (
    <div>
      {left < DUE_SOON_MS ? <span className="badge badge-warn">Due soon</span> : null}
      <div>
        <When at={dueAt} />
      </div>
      <div className="liaison-small">{relativeTime(dueAt, now)}</div>
    </div>
  );
}
