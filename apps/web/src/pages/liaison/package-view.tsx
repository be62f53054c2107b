import type { ReactNode } from 'react';
import { formatAmount, formatDate, formatDateTime, label } from '../../components/format';
import { Badge, Details } from '../../components/ui';
import {
  merchantOverview,
  observablesByType,
  tlpMeaning,
  transactionsWithTotals,
  type CasePackageView,
  type PackageReferral,
} from './case-package';
import { AnswersSection, DocumentsSection } from './package-documents';
import { HOLD_SCOPES, TlpBadge, yesNo, type Dispatch, type Hold } from './vocabulary';

/** A list of values, or a dash when there are none. */
function Values({ values, mono = false }: { values: string[]; mono?: boolean }) {
  if (values.length === 0) return <>—</>;
  if (values.length === 1) return <span className={mono ? 'mono' : undefined}>{values[0]}</span>;
  return (
    <ul className={`liaison-values${mono ? ' mono' : ''}`}>
      {values.map((v) => (
        <li key={v}>{v}</li>
      ))}
    </ul>
  );
}

function Section(props: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel liaison-section" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/**
 * Every section of the package, in reading order: summary, merchant,
 * observables, transactions, the referrals' narratives (with their filers),
 * and the agency's holds. `idPrefix` keeps heading ids unique.
 */
export function PackageSections(props: {
  /** The dispatch, or what a preview knows of it (nothing delivered yet). */
  dispatch: PackageDispatch;
  pkg: CasePackageView;
  holds?: Hold[];
  idPrefix: string;
}) {
  const { dispatch, pkg, idPrefix } = props;
  return (
    <>
      <SummarySection dispatch={dispatch} pkg={pkg} id={`${idPrefix}-summary`} />
      <MerchantSection pkg={pkg} id={`${idPrefix}-merchant`} />
      <ObservablesSection pkg={pkg} id={`${idPrefix}-observables`} />
      <TransactionsSection pkg={pkg} id={`${idPrefix}-transactions`} />
      <ReferralsSection pkg={pkg} id={`${idPrefix}-referrals`} />
      <DocumentsSection pkg={pkg} dispatchId={dispatch.id ?? null} id={`${idPrefix}-documents`} />
      <AnswersSection pkg={pkg} id={`${idPrefix}-answers`} />
      {props.holds ? <HoldsSummary holds={props.holds} id={`${idPrefix}-holds`} /> : null}
    </>
  );
}

/** What the package view reads of a dispatch. */
export type PackageDispatch = Pick<Dispatch, 'deliveredAt' | 'basis'> & { id?: string };

function SummarySection({
  dispatch,
  pkg,
  id,
}: {
  dispatch: PackageDispatch;
  pkg: CasePackageView;
  id: string;
}) {
  const categories = [...new Set(pkg.referrals.map((r) => r.category).filter(Boolean))];
  return (
    <Section id={id} title="Summary">
      <Details
        items={[
          ['Priority', pkg.casePriority ? <Badge value={pkg.casePriority} /> : '—'],
          ['TLP', <TlpBadge key="tlp" tlp={pkg.tlp} />],
          ['PAP', pkg.pap ? `${pkg.pap} — ${papMeaning(pkg.pap)}` : 'Not recorded'],
          ['Categories', <Values key="c" values={categories.map((c) => label(c))} />],
          ['Merchant', <Values key="m" values={pkg.merchantNames} />],
          ['Merchant countries', <Values key="mc" values={pkg.countries} />],
          ['Referrals', String(pkg.referrals.length)],
          [
            'Approved',
            pkg.approval
              ? `${formatDateTime(pkg.approvedAt)} by ${pkg.approval.approvedBy} (proposed by ${pkg.approval.proposedBy})`
              : formatDateTime(pkg.approvedAt),
          ],
          ['Received', formatDateTime(dispatch.deliveredAt)],
        ]}
      />
      <p className="liaison-tlp-line">
        <strong>TLP:{pkg.tlp}</strong> — {tlpMeaning(pkg.tlp)}
      </p>
      <h3>Why your agency</h3>
      {dispatch.basis.length === 0 ? (
        <p>—</p>
      ) : (
        <ul className="liaison-basis">
          {dispatch.basis.map((b) => (
            <li key={`${b.jurisdiction ?? 'fallback'}-${b.sources.join(',')}`}>
              <strong>{b.jurisdiction ?? 'International channel'}</strong>
              {b.sources.length ? ` (${b.sources.map((s) => label(s)).join(', ')})` : ''}:{' '}
              {b.explanation}
            </li>
          ))}
        </ul>
      )}
      {pkg.rationale ? (
        <>
          <h3>The coalition’s rationale</h3>
          <p className="liaison-prose">{pkg.rationale}</p>
        </>
      ) : null}
    </Section>
  );
}

function MerchantSection({ pkg, id }: { pkg: CasePackageView; id: string }) {
  const m = merchantOverview(pkg.referrals);
  return (
    <Section id={id} title="Merchant">
      <p className="liaison-small">As the filing members reported it; each value once.</p>
      <Details
        items={[
          ['Legal names', <Values key="ln" values={m.legalNames} />],
          ['Trading names', <Values key="tn" values={m.tradingNames} />],
          ['Billing descriptors', <Values key="d" values={m.descriptors} mono />],
          ['Country', <Values key="c" values={m.countries} />],
          ['MCC', <Values key="mcc" values={m.mccs} mono />],
          ['Websites', <Values key="w" values={m.websites} mono />],
          ['Hosting countries (reported)', <Values key="h" values={m.hostingCountries} />],
          ['Acquirers', <Values key="a" values={m.acquirers} />],
          ['Merchant ids', <Values key="mid" values={m.merchantIds} mono />],
          ['E-mail addresses', <Values key="e" values={m.emails} mono />],
          ['Phones', <Values key="p" values={m.phones} mono />],
          ['Registration number', <Values key="r" values={m.registrationNumbers} mono />],
          ['Tax id (masked)', <Values key="t" values={m.taxIds} mono />],
          ['Principals', <Values key="pr" values={m.principals} />],
        ]}
      />
    </Section>
  );
}

function ObservablesSection({ pkg, id }: { pkg: CasePackageView; id: string }) {
  const groups = observablesByType(pkg.referrals);
  return (
    <Section id={id} title="Observables">
      {groups.length === 0 ? (
        <p>No observables were reported.</p>
      ) : (
        <>
          <p className="liaison-small">
            “Viewed by the member” says whether anyone at the filing member viewed the content.
            Where it is “No”, your jurisdiction may require a warrant before anyone opens it.
          </p>
          {groups.map(([type, items]) => (
            <div key={type} className="table-wrap liaison-group">
              <table className="data">
                <caption className="liaison-caption">
                  {label(type)} ({items.length})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Value</th>
                    <th scope="col">Detail</th>
                    <th scope="col">Seen</th>
                    <th scope="col">Viewed by the member</th>
                    <th scope="col">Publicly available</th>
                    <th scope="col">Referral</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((o, i) => (
                    <tr key={`${o.referral}-${o.value}-${i}`}>
                      <td className="mono liaison-break">{o.value}</td>
                      <td>
                        {o.algorithm ? label(o.algorithm).toUpperCase() : null}
                        {o.event ? label(o.event) : null}
                        {!o.algorithm && !o.event ? '—' : null}
                      </td>
                      <td>{o.seenAt ? formatDateTime(o.seenAt) : '—'}</td>
                      <td>{yesNo(o.viewedByReporter)}</td>
                      <td>{yesNo(o.publiclyAvailable)}</td>
                      <td className="mono">{o.referral}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </>
      )}
    </Section>
  );
}

function TransactionsSection({ pkg, id }: { pkg: CasePackageView; id: string }) {
  const { rows, totals } = transactionsWithTotals(pkg.referrals);
  return (
    <Section id={id} title="Transactions">
      {rows.length === 0 ? (
        <p>No transactions were reported.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Transactions reported, with totals</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col" className="liaison-number">
                  Amount
                </th>
                <th scope="col">Rail</th>
                <th scope="col">Direction</th>
                <th scope="col">Counterparty</th>
                <th scope="col">Referral</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t, i) => (
                <tr key={`${t.referral}-${i}`}>
                  <td>{t.date ? formatDate(t.date) : '—'}</td>
                  <td className="liaison-number">
                    {formatAmount({ value: t.amount, currency: t.currency })}
                  </td>
                  <td>{label(t.rail)}</td>
                  <td>{label(t.direction)}</td>
                  <td>{t.counterparty ?? '—'}</td>
                  <td className="mono">{t.referral}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              {totals.map((t) => (
                <tr key={`${t.currency}-${t.direction}`} className="liaison-total">
                  <th scope="row">
                    Total {t.direction === 'unknown' ? '' : label(t.direction).toLowerCase()} (
                    {t.count})
                  </th>
                  <td className="liaison-number">
                    {formatAmount({ value: t.sum.toFixed(2), currency: t.currency })}
                  </td>
                  <td colSpan={4} />
                </tr>
              ))}
            </tfoot>
          </table>
        </div>
      )}
    </Section>
  );
}

function ReferralsSection({ pkg, id }: { pkg: CasePackageView; id: string }) {
  return (
    <Section id={id} title="Referrals and narratives">
      {pkg.referrals.length === 0 ? <p>The package holds no referral.</p> : null}
      {pkg.referrals.map((r) => (
        <ReferralBlock key={r.reference} referral={r} />
      ))}
    </Section>
  );
}

function ReferralBlock({ referral: r }: { referral: PackageReferral }) {
  return (
    <article className="liaison-referral">
      <h3>
        <span className="mono">{r.reference}</span> · filed by {r.filer}
      </h3>
      <Details
        items={[
          ['Filer', r.filer],
          ['Category', label(r.category)],
          ['Priority', r.priority ? <Badge value={r.priority} /> : '—'],
          [
            'Observed',
            r.observedFrom || r.observedTo
              ? `${formatDate(r.observedFrom)} to ${formatDate(r.observedTo)}`
              : '—',
          ],
          ['Total amount', r.totalAmount ? formatAmount(r.totalAmount) : 'Unknown'],
          ['Submitted', formatDateTime(r.submittedAt)],
        ]}
      />
      {r.indicators.length ? (
        <>
          <h4>Red flags</h4>
          <ul className="liaison-values">
            {r.indicators.map((i) => (
              <li key={i}>{label(i)}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>Narrative</h4>
      <p className="liaison-prose">{r.narrative ?? '—'}</p>
    </article>
  );
}

/** The holds as a read-only table (the print view; the dispatch page has the holds panel). */
function HoldsSummary({ holds, id }: { holds: Hold[]; id: string }) {
  return (
    <Section id={id} title="Holds">
      {holds.length === 0 ? (
        <p>Your agency has placed no hold on this case.</p>
      ) : (
        <HoldTable holds={holds} />
      )}
    </Section>
  );
}

export function HoldTable({
  holds,
  actions,
}: {
  holds: Hold[];
  actions?: (hold: Hold) => ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption className="visually-hidden">Holds your agency placed, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Scope</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
            <th scope="col">Reason</th>
            <th scope="col">Document</th>
            <th scope="col">Placed</th>
            {actions ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {holds.map((h) => (
            <tr key={h.id}>
              <td>
                <strong>{HOLD_SCOPES[h.scope].label}</strong>
                <div className="liaison-small">{HOLD_SCOPES[h.scope].meaning}</div>
              </td>
              <td>
                <Badge
                  value={
                    h.status === 'active'
                      ? 'accepted'
                      : h.status === 'expired'
                        ? 'overdue'
                        : 'closed'
                  }
                  text={label(h.status)}
                />
              </td>
              <td>
                {formatDateTime(h.expiresAt)}
                {h.renewals > 0 ? (
                  <div className="liaison-small">
                    renewed {h.renewals} time{h.renewals === 1 ? '' : 's'}
                  </div>
                ) : null}
              </td>
              <td className="liaison-prose">{h.reason}</td>
              <td className="mono">{h.documentRef}</td>
              <td>
                {formatDateTime(h.createdAt)}
                {h.releasedAt ? (
                  <div className="liaison-small">released {formatDateTime(h.releasedAt)}</div>
                ) : null}
              </td>
              {actions ? <td>{actions(h)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the Permissible Actions Protocol marking lets the agency do. */
function papMeaning(pap: string): string {
  switch (pap) {
    case 'RED':
      return 'take no action the merchant could notice';
    case 'AMBER':
      return 'passive checks only';
    case 'GREEN':
      return 'active actions, such as blocking, are allowed';
    case 'CLEAR':
      return 'any action';
    default:
      return '';
  }
}
