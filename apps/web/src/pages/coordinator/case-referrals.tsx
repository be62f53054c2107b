import { matchValueWords } from '@crh/vocabulary';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime, label } from '../../components/format';
import { Badge, EmptyState } from '../../components/ui';
import { CommandFeedback, useCaseCommand, type CaseDetail } from './case-command';

const GATHERING = ['triage', 'in_review'];

/** The referrals of the case, each with who filed it (coordinators may see filers). */
export function ReferralsSection({ c }: { c: CaseDetail }) {
  return (
    <section className="panel" aria-labelledby="referrals-title">
      <h2 id="referrals-title">Referrals ({c.referrals.length})</h2>
      {c.referrals.length === 0 ? (
        <p>No referral is on this case any more.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Referrals of this case</caption>
            <thead>
              <tr>
                <th scope="col">Referral</th>
                <th scope="col">Filer</th>
                <th scope="col">Merchant</th>
                <th scope="col">Category · priority · TLP</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {c.referrals.map((r) => (
                <tr key={r.id}>
                  <td>
                    {/* The whole referral (narrative, observables, transactions) is on its own page. */}
                    <Link className="mono" to={`/referrals/${r.id}`}>
                      {r.reference}
                    </Link>
                    <div className="coordinator-muted coordinator-small-text">
                      {r.submittedAt
                        ? `Submitted ${formatDateTime(r.submittedAt)}`
                        : 'Not submitted'}
                    </div>
                  </td>
                  <td>{r.filer.legalName}</td>
                  <td>
                    {r.merchant.legalName ?? '—'}
                    {r.merchant.country ? ` (${r.merchant.country})` : ''}
                    {r.merchant.websites.length ? (
                      <ul className="coordinator-plain-list mono coordinator-small-text">
                        {r.merchant.websites.map((w) => (
                          <li key={w}>{w}</li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td>
                    {label(r.category)}
                    <div>
                      <Badge value={r.priority} /> <span className="mono">{r.tlp}</span>
                    </div>
                  </td>
                  <td>
                    <Badge value={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Why the referrals are on one case: the identifiers they share, and why sharing one links them. */
export function MatchesSection({ c }: { c: CaseDetail }) {
  return (
    <section className="panel" aria-labelledby="matches-title">
      <h2 id="matches-title">Why they matched</h2>
      {c.matches.length === 0 ? (
        <p className="coordinator-muted">
          {c.referrals.length < 2
            ? 'One referral so far: nothing to match yet. Referrals sharing one of its identifiers join this case.'
            : 'No shared identifier: these referrals were brought together by a coordinator.'}
        </p>
      ) : (
        <table className="data">
          <caption className="visually-hidden">Identifiers the referrals share</caption>
          <thead>
            <tr>
              <th scope="col">Shared identifier</th>
              <th scope="col">Value</th>
              <th scope="col">Why it links them</th>
              <th scope="col">Referrals</th>
            </tr>
          </thead>
          <tbody>
            {c.matches.map((m) => (
              <tr key={`${m.kind}:${m.value}`}>
                <td>{label(m.kind, 'matchKind')}</td>
                <td className="coordinator-wrap" title={m.value}>
                  {matchValueWords(m.kind, m.value)}
                </td>
                <td>{m.why}</td>
                <td className="mono">{m.referrals.map((r) => r.reference).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type Suggestion = CaseDetail['suggestions'][number];

/** Referrals on other cases that may be about the same merchant: link one here, or dismiss it. */
export function SuggestionsSection({ c }: { c: CaseDetail }) {
  const user = useUser();
  const canAct = can(user, 'cases.write') && GATHERING.includes(c.status);
  const link = useCaseCommand(
    c.id,
    (s: Suggestion) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/link', {
          params: { path: { id: c.id } },
          body: { referralId: s.referralId },
        }),
      ),
    (_r, s) => `${s.referralReference} linked to this case.`,
  );
  const dismiss = useCaseCommand(
    c.id,
    (s: Suggestion) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/suggestions/{referralId}/dismiss', {
          params: { path: { id: c.id, referralId: s.referralId } },
        }),
      ),
    (_r, s) => `Suggestion of ${s.referralReference} dismissed.`,
  );
  const busy = link.isPending || dismiss.isPending;
  const open = c.suggestions.filter((s) => s.status === 'open');
  return (
    <section className="panel" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">Suggestions {open.length ? `(${open.length} to decide)` : ''}</h2>
      <CommandFeedback notice={link.notice} error={link.error} />
      <CommandFeedback notice={dismiss.notice} error={dismiss.error} />
      {c.suggestions.length === 0 ? (
        <EmptyState title="No suggested links.">
          Referrals on other cases with a similar merchant name in the same country appear here.
        </EmptyState>
      ) : (
        <table className="data">
          <caption className="visually-hidden">Referrals suggested for this case</caption>
          <thead>
            <tr>
              <th scope="col">Referral</th>
              <th scope="col">Now on</th>
              <th scope="col">Similarity</th>
              <th scope="col">Reason</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {c.suggestions.map((s) => {
              const currentCaseId = s.currentCaseId;
              return (
                <tr key={s.referralId}>
                  <td className="mono">{s.referralReference}</td>
                  <td className="mono">
                    {currentCaseId && currentCaseId !== c.id ? (
                      <Link to={`/cases/${currentCaseId}`}>{s.currentCaseReference}</Link>
                    ) : (
                      (s.currentCaseReference ?? '—')
                    )}
                  </td>
                  <td>{Math.round(s.similarity * 100)}%</td>
                  <td>{s.reason}</td>
                  <td>
                    {s.status === 'open' && canAct ? (
                      <div className="coordinator-row-actions">
                        <button
                          type="button"
                          className="button coordinator-small"
                          aria-label={`Link ${s.referralReference} to this case`}
                          disabled={busy}
                          onClick={() => link.mutate(s)}
                        >
                          Link
                        </button>
                        <button
                          type="button"
                          className="button button-quiet coordinator-small"
                          aria-label={`Dismiss suggestion ${s.referralReference}`}
                          disabled={busy}
                          onClick={() => dismiss.mutate(s)}
                        >
                          Dismiss
                        </button>
                      </div>
                    ) : s.status === 'open' ? (
                      <Badge value="pending" text="Open" />
                    ) : (
                      <Badge
                        value={s.status === 'linked' ? 'accepted' : 'withdrawn'}
                        text={label(s.status)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
