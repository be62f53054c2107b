// The read-only "What was filed" panel of a referral.
import { type Schemas } from '../../api/client';
import { formatAmount, formatDate, formatDateTime } from '../../components/format';
import { Badge, Details } from '../../components/ui';
import {
  algorithmLabel,
  categoryLabel,
  directionLabel,
  indicatorLabel,
  ipEventLabel,
  observableLabel,
  railLabel,
} from './vocabulary';

type Referral = Schemas['ReferralResponse'];

/** What was filed, as the API returns it (tax and national ids masked). */
export function Filed({ referral: r }: { referral: Referral }) {
  const m = r.merchant;
  const list = (values: string[] | undefined) =>
    values && values.length > 0 ? values.join(', ') : null;
  return (
    <section className="panel" aria-labelledby="filed-title">
      <h2 id="filed-title">What was filed</h2>
      <Details
        items={[
          ['Category', categoryLabel(r.category)],
          ['Priority', <Badge key="p" value={r.priority} />],
          ['TLP', `TLP:${r.tlp}`],
          [
            'Observed',
            r.observedFrom || r.observedTo
              ? `${formatDate(r.observedFrom)} – ${formatDate(r.observedTo)}`
              : null,
          ],
          ['Total amount', r.totalAmount ? formatAmount(r.totalAmount) : 'Unknown'],
          ['Escalation reason', r.escalationReason],
        ]}
      />
      <h3>Red-flag indicators</h3>
      {r.indicators.length ? (
        <ul className="officer-tags">
          {r.indicators.map((code) => (
            <li key={code}>{indicatorLabel(code)}</li>
          ))}
        </ul>
      ) : (
        <p className="officer-none">None ticked.</p>
      )}
      <h3>Merchant</h3>
      {m ? (
        <Details
          items={[
            ['Legal name', m.legalName],
            ['Country', m.country],
            ['Trading names', list(m.tradingNames)],
            ['Billing descriptors', list(m.descriptors)],
            ['MCC', m.mcc],
            [
              'Acquirer',
              m.acquirer
                ? [
                    m.acquirer.name,
                    m.acquirer.country,
                    m.acquirer.bin && `BIN ${m.acquirer.bin}`,
                    m.acquirer.ica && `ICA ${m.acquirer.ica}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')
                : null,
            ],
            ['Merchant ids', list(m.merchantIds.map((x) => `${x.acquirerId} / ${x.mid}`))],
            ['Websites', list(m.websites)],
            ['Hosting countries', list(m.hostingCountries)],
            ['E-mail addresses', list(m.emails)],
            ['Phone numbers', list(m.phones)],
            ['Registration number', m.registrationNumber],
            ['Tax id (masked)', m.taxId],
            [
              'Principals',
              list(
                m.principals.map((p) =>
                  [
                    p.name,
                    p.countryOfResidence,
                    p.dateOfBirth && `born ${p.dateOfBirth}`,
                    p.nationalId && `id ${p.nationalId}`,
                  ]
                    .filter(Boolean)
                    .join(', '),
                ),
              ),
            ],
          ]}
        />
      ) : (
        <p className="officer-none">Not given yet.</p>
      )}
      <h3>Observables</h3>
      {r.observables.length ? (
        <div className="table-wrap">
          <table className="data officer-compact">
            <caption className="visually-hidden">Observables filed</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Value</th>
                <th scope="col">Details</th>
                <th scope="col">Seen at</th>
              </tr>
            </thead>
            <tbody>
              {r.observables.map((o, i) => (
                <tr key={i}>
                  <td>{observableLabel(o.type)}</td>
                  <td className="mono officer-break">{o.value}</td>
                  <td>
                    {[
                      o.algorithm && algorithmLabel(o.algorithm),
                      o.event && ipEventLabel(o.event),
                      o.viewedByReporter === null
                        ? null
                        : o.viewedByReporter
                          ? 'viewed by you'
                          : 'not viewed by you',
                      o.publiclyAvailable === null
                        ? null
                        : o.publiclyAvailable
                          ? 'public'
                          : 'not public',
                    ]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </td>
                  <td>{formatDateTime(o.seenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="officer-none">None.</p>
      )}
      <h3>Transactions</h3>
      {r.transactions.length ? (
        <div className="table-wrap">
          <table className="data officer-compact">
            <caption className="visually-hidden">Transactions filed</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Amount</th>
                <th scope="col">Rail</th>
                <th scope="col">Direction</th>
                <th scope="col">Counterparty</th>
              </tr>
            </thead>
            <tbody>
              {r.transactions.map((t, i) => (
                <tr key={i}>
                  <td>{formatDate(t.date)}</td>
                  <td>{formatAmount({ value: t.amount, currency: t.currency })}</td>
                  <td>{railLabel(t.rail)}</td>
                  <td>{directionLabel(t.direction)}</td>
                  <td>{t.counterparty ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="officer-none">None.</p>
      )}
      <h3>Narrative</h3>
      {r.narrative ? (
        <p className="officer-narrative">{r.narrative}</p>
      ) : (
        <p className="officer-none">Not written yet.</p>
      )}
    </section>
  );
}
