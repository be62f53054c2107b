import type { Schemas } from '../../api/client';
import { formatDate, formatDateTime, label } from '../../components/format';

export type Hold = Schemas['ReferralHoldResponse'];

/** A hold still asking members not to act (not lapsed, even if the sweep has not run yet). */
export function isActive(hold: Hold, now = Date.now()): boolean {
  return hold.status === 'active' && new Date(hold.expiresAt).getTime() > now;
}

export function activeHolds(holds: Hold[]): Hold[] {
  return holds.filter((h) => isActive(h));
}

/** What a hold asks of the member, in words. */
export function holdAsk(scope: string): string {
  switch (scope) {
    case 'do_not_terminate':
      return 'Keep the merchant’s account open: do not terminate it.';
    case 'do_not_contact':
      return 'Do not contact or alert the merchant.';
    case 'do_not_share':
      return 'Do not pass the case on.';
    default:
      return label(scope);
  }
}

/** A compact line for a table cell: active holds stand out, lapsed ones are plain. */
export function HoldsCell({ holds }: { holds: Hold[] }) {
  if (holds.length === 0) return <>—</>;
  return (
    <ul className="officer-hold-list">
      {holds.map((hold) =>
        isActive(hold) ? (
          <li key={hold.id} className="officer-hold-active">
            <strong>
              <span aria-hidden="true">⚠ </span>Hold: {label(hold.scope)}
            </strong>{' '}
            until {formatDate(hold.expiresAt)}
          </li>
        ) : (
          <li key={hold.id} className="officer-hold-lapsed">
            {label(hold.scope)} lapsed {formatDate(hold.expiresAt)}
          </li>
        ),
      )}
    </ul>
  );
}

/** The holds of a referral page: scope, what it asks, the agency's reason, expiry. */
export function HoldsList({ holds }: { holds: Hold[] }) {
  if (holds.length === 0) {
    return <p className="officer-none">No law-enforcement holds on this merchant.</p>;
  }
  return (
    <ul className="officer-holds">
      {holds.map((hold) => {
        const active = isActive(hold);
        return (
          <li key={hold.id} className={active ? 'officer-hold-card-active' : 'officer-hold-card'}>
            <p>
              <strong>
                {active ? <span aria-hidden="true">⚠ </span> : null}
                {label(hold.scope)}
              </strong>{' '}
              — {active ? 'active' : 'lapsed'} · {hold.agency}
            </p>
            <p>{holdAsk(hold.scope)}</p>
            {hold.reason ? <p className="officer-hold-reason">Reason: {hold.reason}</p> : null}
            <p className="field-hint">
              {active ? 'Until' : 'Lapsed'} {formatDateTime(hold.expiresAt)} · placed{' '}
              {formatDateTime(hold.createdAt)}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
