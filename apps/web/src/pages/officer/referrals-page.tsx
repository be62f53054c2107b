import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, PageHeader } from '../../components/ui';
import { activeHolds, HoldsCell } from './holds';
import { categoryLabel, REFERRAL_STATUSES, statusLabel, type ReferralStatus } from './vocabulary';

type Referral = Schemas['ReferralResponse'];

const PAGE_SIZE = 50;

/** The organization's referrals: status, holds, what other members flagged, the decision. */
export function ReferralsPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? '';
  const status = (REFERRAL_STATUSES as string[]).includes(raw)
    ? (raw as ReferralStatus)
    : undefined;
  const list = usePagedList<Referral>(['referrals', { status: status ?? null }], (cursor) =>
    unwrap(
      api.GET('/api/v1/referrals', {
        params: { query: { status, cursor, limit: PAGE_SIZE } },
      }),
    ),
  );
  const mayFile = can(user, 'referrals.create');
  const newReferral = mayFile ? (
    <Link to="/referrals/new" className="button button-primary">
      New referral
    </Link>
  ) : null;

  return (
    <>
      <PageHeader
        title="Referrals"
        subtitle={
          user.role === 'member_admin'
            ? `Every referral of ${user.organization.legalName}`
            : 'The referrals you have filed'
        }
        actions={newReferral}
      />
      <div className="filters" role="search" aria-label="Filter referrals">
        <div className="field">
          <label htmlFor="referral-status-filter">Status</label>
          <select
            id="referral-status-filter"
            value={status ?? ''}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('status', e.target.value);
              else next.delete('status');
              setParams(next);
            }}
          >
            <option value="">All statuses</option>
            {REFERRAL_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <PagedView
        list={list}
        what="referrals"
        empty={
          <EmptyState
            title={
              status
                ? `No referrals are ${statusLabel(status).toLowerCase()}.`
                : 'No referrals yet.'
            }
            action={status ? <Link to="/referrals">Show all statuses</Link> : newReferral}
          >
            {status ? (
              <p>Choose another status, or show them all.</p>
            ) : mayFile ? (
              <p>
                File a referral about a merchant you suspect of selling abuse material: start a
                draft, save it as you go, and submit it when it is complete.
              </p>
            ) : null}
          </EmptyState>
        }
      >
        {(items) => <ReferralTable items={items} />}
      </PagedView>
    </>
  );
}

function ReferralTable({ items }: { items: Referral[] }) {
  return (
    <div className="table-wrap">
      <table className="data officer-referrals">
        <caption className="visually-hidden">Referrals, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Merchant</th>
            <th scope="col">Category</th>
            <th scope="col">Priority</th>
            <th scope="col">Status</th>
            <th scope="col">Other members</th>
            <th scope="col">Holds</th>
            <th scope="col">Decision</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} className={activeHolds(r.holds).length > 0 ? 'row-alert' : undefined}>
              <td>
                <Link to={`/referrals/${r.id}`} className="mono">
                  {r.reference}
                </Link>
              </td>
              <td>
                {r.merchant?.legalName ?? <span className="officer-none">Not given yet</span>}
              </td>
              <td>{categoryLabel(r.category)}</td>
              <td>
                <Badge value={r.priority} />
              </td>
              <td>
                <Badge value={r.status} text={statusLabel(r.status)} />
              </td>
              <td>{flaggedBy(r.otherMembersFlagging)}</td>
              <td>
                <HoldsCell holds={r.holds} />
              </td>
              <td>{decision(r)}</td>
              <td>{formatDateTime(r.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "Flagged by N other members": a count only, never who. */
export function flaggedBy(count: number | null): string {
  if (count === null) return '—';
  if (count === 0) return 'No other member';
  return `Flagged by ${count} other member${count === 1 ? '' : 's'}`;
}

/** The decision as the member sees it. */
export function decision(r: Referral): string {
  switch (r.status) {
    case 'accepted':
      return 'Accepted by the coalition';
    case 'declined':
      return 'Declined by the coalition';
    case 'withdrawn':
      return 'Withdrawn by your organization';
    case 'draft':
      return '—';
    case 'submitted':
    case 'in_review':
    case 'info_requested':
      return 'Pending';
  }
}
