import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { formatDateTime, label } from '../../components/format';
import { Badge, Details, Loading, ProblemMessage } from '../../components/ui';
import { caseKeys, type CaseDetail } from './case-command';

/** What the routing section shows: the suggestion, the jurisdictions considered, the plan. */

type Suggestion = Schemas['RoutingSuggestionResponse'];
type Jurisdiction = Suggestion['jurisdictions'][number];

const SOURCE_WORDS: Record<string, string> = {
  merchant_country: 'merchant country',
  acquirer_country: 'acquirer country',
  hosting_country: 'hosting country',
  principal_residence: 'principal residence',
  fallback: 'fallback channel',
  coordinator_choice: 'coordinator’s choice',
};

export function useRoutingSuggestion(caseId: string) {
  return useQuery({
    queryKey: caseKeys.routing(caseId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/cases/{id}/routing-suggestion', { params: { path: { id: caseId } } }),
      ),
  });
}

/** The suggestion, read-only (before the case is claimed, or for a reader). */
export function SuggestionPreview({ caseId }: { caseId: string }) {
  const suggestion = useRoutingSuggestion(caseId);
  if (suggestion.isPending) return <Loading what="Loading the routing suggestion" />;
  if (suggestion.isError) return <ProblemMessage error={suggestion.error} />;
  const { candidates, jurisdictions } = suggestion.data;
  return (
    <>
      {candidates.length === 0 ? (
        <p>No agency is suggested: no jurisdiction of this merchant is covered.</p>
      ) : (
        <ul className="coordinator-checklist">
          {candidates.map((a) => (
            <li key={a.agencyId}>
              <strong>{a.agencyName}</strong>{' '}
              {a.fallback ? <Badge value="pending" text="Fallback" /> : null}
              <BasisLine basis={a.basis} />
              <p className="coordinator-explanation">{a.explanation}</p>
            </li>
          ))}
        </ul>
      )}
      <JurisdictionsTable jurisdictions={jurisdictions} />
    </>
  );
}

export function BasisLine({
  basis,
}: {
  basis: { jurisdiction: string | null; sources: string[] }[];
}) {
  if (basis.length === 0) return null;
  return (
    <p className="coordinator-basis">
      {basis.map((b, i) => (
        <span key={`${b.jurisdiction ?? '-'}-${i}`}>
          {b.jurisdiction ? <strong className="mono">{b.jurisdiction}</strong> : null}{' '}
          {b.sources.map((s) => SOURCE_WORDS[s] ?? label(s)).join(', ')}
        </span>
      ))}
    </p>
  );
}

const CRITERIA: [keyof NonNullable<Jurisdiction['criteria']>, string][] = [
  ['csamSpecificLaw', 'CSAM-specific law'],
  ['csamDefined', 'CSAM defined'],
  ['technologyFacilitatedOffences', 'Technology-facilitated offences'],
  ['simplePossessionCriminalised', 'Simple possession criminalised'],
  ['ispReportingRequired', 'ISP reporting required'],
];

/** The jurisdictions the engine considered, with their recorded criteria (shown, never used to exclude). */
export function JurisdictionsTable({ jurisdictions }: { jurisdictions: Jurisdiction[] }) {
  if (jurisdictions.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="data coordinator-jurisdictions">
        <caption>Jurisdictions considered</caption>
        <thead>
          <tr>
            <th scope="col">Jurisdiction</th>
            <th scope="col">Reached through</th>
            <th scope="col">Recorded criteria</th>
            <th scope="col">Explanation</th>
          </tr>
        </thead>
        <tbody>
          {jurisdictions.map((j) => (
            <tr key={j.code}>
              <td>
                <strong className="mono">{j.code}</strong> {j.name ?? ''}
                {j.recorded ? null : <div className="coordinator-muted">Not recorded</div>}
              </td>
              <td>{j.sources.map((s) => SOURCE_WORDS[s] ?? label(s)).join(', ')}</td>
              <td className="coordinator-small-text">
                {j.criteria ? (
                  <ul className="coordinator-inline-list">
                    {CRITERIA.map(([key, words]) => (
                      <li key={key}>
                        {words}: {label(j.criteria?.[key])}
                      </li>
                    ))}
                    <li>
                      National hotline: {j.hotline === null ? 'Unknown' : j.hotline ? 'Yes' : 'No'}
                    </li>
                  </ul>
                ) : (
                  'None recorded'
                )}
              </td>
              <td>{j.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The routing as proposed (and, once approved, as approved). */
export function PlanView({ c }: { c: CaseDetail }) {
  const { plan, proposedBy, proposedAt, approvedBy, approvedAt } = c.routing;
  if (!plan) return <p className="coordinator-muted">No routing has been proposed.</p>;
  return (
    <>
      <Details
        items={[
          ['TLP', <span className="mono">{plan.tlp}</span>],
          ['PAP', <span className="mono">{plan.pap}</span>],
          [
            'Proposed by',
            proposedBy ? `${proposedBy.displayName}, ${formatDateTime(proposedAt)}` : null,
          ],
          [
            'Approved by',
            approvedBy ? `${approvedBy.displayName}, ${formatDateTime(approvedAt)}` : 'Not yet',
          ],
        ]}
      />
      {plan.tlpDowngrade ? (
        <p className="warning">
          <strong>
            Weaker marking: {plan.tlp} instead of {plan.tlpDowngrade.from}.
          </strong>{' '}
          A referral of this case is marked {plan.tlpDowngrade.from}; approving the routing approves
          sending it as {plan.tlp}. Reason given: {plan.tlpDowngrade.reason}
        </p>
      ) : null}
      <h3>Rationale</h3>
      <p className="coordinator-text">{plan.rationale}</p>
      <table className="data">
        <caption className="visually-hidden">Agencies in the proposed routing</caption>
        <thead>
          <tr>
            <th scope="col">Agency</th>
            <th scope="col">Basis</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {plan.agencies.map((a) => (
            <tr key={a.agencyId}>
              <td>
                {a.agencyName}
                {a.liaisonIds.length > 0 ? (
                  <NamedLiaisonNames agencyId={a.agencyId} ids={a.liaisonIds} />
                ) : null}
              </td>
              <td>
                <BasisLine basis={a.basis} />
              </td>
              <td>{a.basis.map((b) => b.explanation).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Who a RED or AMBER+STRICT plan names at an agency, by name (an id no longer active says so). */
function NamedLiaisonNames({ agencyId, ids }: { agencyId: string; ids: readonly string[] }) {
  const liaisons = useQuery({
    queryKey: ['agency', agencyId, 'liaisons'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/agencies/{id}/liaisons', { params: { path: { id: agencyId } } })),
    staleTime: 60_000,
  });
  const names = ids.map(
    (id) =>
      liaisons.data?.items.find((l) => l.id === id)?.displayName ?? 'a liaison no longer active',
  );
  return (
    <p className="coordinator-explanation">
      Only for: {liaisons.isPending ? `${ids.length} named liaison(s)` : names.join(', ')}
    </p>
  );
}
