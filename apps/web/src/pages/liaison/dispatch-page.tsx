import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime, label } from '../../components/format';
import { NotFoundContent, PageHeader, QueryView } from '../../components/ui';
import { readCasePackage, tlpMeaning } from './case-package';
import { AgencyQuestionsPanel } from './agency-questions-panel';
import { DecisionPanel } from './dispatch-decision';
import { EvidencePanel } from './evidence-panel';
import { HoldsPanel } from './holds-panel';
import { PackageSections } from './package-view';
import { TlpBadge, type Dispatch } from './vocabulary';

/** Sections only the agency's liaison works in: a coordinator opening the package reads it. */
const AGENCY_SECTIONS = ['decision-title', 'holds-title', 'agency-questions-title'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One dispatch (reading it is audited), shared by the dispatch page and its print view. */
export function useDispatch(id: string) {
  return useQuery({
    queryKey: ['dispatch', id],
    queryFn: () => unwrap(api.GET('/api/v1/dispatches/{id}', { params: { path: { id } } })),
    enabled: UUID.test(id),
    // The package never changes; commands put their answer in the cache.
    staleTime: 5 * 60_000,
  });
}

/** The case package with the agency's decision and holds. */
export function DispatchPage() {
  const { id = '' } = useParams();
  const dispatch = useDispatch(id);
  if (!UUID.test(id)) return <NotFoundContent />;
  return (
    <QueryView query={dispatch} what="Opening the case package">
      {(d) => <DispatchView dispatch={d} />}
    </QueryView>
  );
}

/** The marking across the top: the colour helps, the words carry it. */
export function TlpBanner({ tlp }: { tlp: string }) {
  return (
    <p className={`liaison-tlp-banner liaison-tlp-banner-${tlp === 'RED' ? 'red' : 'amber'}`}>
      <TlpBadge tlp={tlp} /> <span>{tlpMeaning(tlp)}</span>
    </p>
  );
}

/**
 * A RED or AMBER+STRICT dispatch names its readers: the liaison is told it
 * came to them by name and that the rest of their agency cannot see it.
 */
export function NamedRecipients({ dispatch }: { dispatch: Dispatch }) {
  const named = dispatch.namedLiaisonIds;
  if (!named || named.length === 0) return null;
  return (
    <p className="liaison-named" role="note" aria-label="Named recipients">
      <strong>Restricted to named recipients.</strong>{' '}
      {named.length === 1
        ? 'You are the only liaison of your agency this dispatch was sent to.'
        : `This dispatch was sent by name to ${named.length} liaisons of your agency, you among them.`}{' '}
      Other colleagues cannot see it; do not pass it on.
    </p>
  );
}

function DispatchView({ dispatch }: { dispatch: Dispatch }) {
  const pkg = readCasePackage(dispatch.package, dispatch.tlp);
  // Coordinators open a delivered package to read it; the decision and holds are the agency's.
  const agencyActs = can(useUser(), 'dispatches.act');
  const [now] = useState(() => Date.now());
  return (
    <>
      <PageHeader
        title={`Case ${dispatch.caseReference || pkg.caseReference}`}
        subtitle={
          <>
            Dispatch <span className="mono">{dispatch.reference}</span> to {dispatch.agency.name} ·{' '}
            {label(dispatch.status)} · {dispatch.priority}
            {dispatch.acknowledgeBy ? (
              new Date(dispatch.acknowledgeBy).getTime() < now ? (
                <strong className="liaison-overdue">
                  {' '}
                  · Acknowledgement overdue since {formatDateTime(dispatch.acknowledgeBy)}
                </strong>
              ) : (
                <> · Acknowledge by {formatDateTime(dispatch.acknowledgeBy)}</>
              )
            ) : null}
          </>
        }
        actions={
          <>
            <Link className="button" to={`/dispatches/${dispatch.id}/print`}>
              Print view
            </Link>
            {agencyActs ? (
              <Link className="button button-quiet" to="/dispatches">
                All dispatches
              </Link>
            ) : null}
          </>
        }
      />
      <p className="liaison-audited">
        Opening this package is recorded in the audit trail, with your name and the time.
      </p>
      <TlpBanner tlp={pkg.tlp} />
      <NamedRecipients dispatch={dispatch} />
      <nav className="liaison-jump" aria-label="Sections of this page">
        <ul>
          {[
            ['decision-title', 'Decision'],
            ['package-summary', 'Summary'],
            ['package-merchant', 'Merchant'],
            ['package-observables', 'Observables'],
            ['package-transactions', 'Transactions'],
            ['package-referrals', 'Referrals and narratives'],
            ['package-documents', 'Documents'],
            ['evidence-title', 'Evidence'],
            ['holds-title', 'Holds'],
            ['agency-questions-title', 'Questions to the filers'],
          ]
            .filter(([target]) => agencyActs || !AGENCY_SECTIONS.includes(target))
            .map(([target, text]) => (
              <li key={target}>
                <a href={`#${target}`}>{text}</a>
              </li>
            ))}
        </ul>
      </nav>
      {agencyActs ? <DecisionPanel dispatch={dispatch} /> : null}
      <PackageSections dispatch={dispatch} pkg={pkg} idPrefix="package" />
      <EvidencePanel dispatch={dispatch} />
      {agencyActs ? <HoldsPanel dispatch={dispatch} /> : null}
      {agencyActs ? <AgencyQuestionsPanel dispatch={dispatch} pkg={pkg} /> : null}
    </>
  );
}
