import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { EmptyState, PageHeader, QueryView } from '../../components/ui';

type Group = Schemas['SearchGroupResponse'];

const MATCH_WORDS: Record<Schemas['SearchResultResponse']['match'], string> = {
  reference: 'Reference',
  identifier: 'Identifier',
  reference_prefix: 'Reference start',
  name: 'Similar name',
};

/**
 * What the top bar's search found, grouped by kind (the group holding the best
 * result first), each result linking to where the console opens it. The hub
 * searches only what the signed-in person may see: a record of another
 * organization is simply not found.
 */
export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const query = useQuery({
    queryKey: ['search', q],
    enabled: q.length > 0,
    queryFn: () => unwrap(api.GET('/api/v1/search', { params: { query: { q } } })),
  });

  return (
    <div className="search-page">
      <PageHeader
        title={q ? `Search results for “${q}”` : 'Search'}
        subtitle="References (FCR-, CASE-, DSP-), merchant names, domains, merchant ids, e-mail addresses, phone numbers and wallets, among what you may see."
      />
      {q.length === 0 ? (
        <EmptyState title="Type what you are looking for in the search box at the top." />
      ) : (
        <QueryView query={query} what="Searching">
          {(result) =>
            result.groups.length === 0 ? (
              <EmptyState title="Nothing found">
                Nothing you may see matches “{result.query}”. Records of other organizations are
                never shown.
              </EmptyState>
            ) : (
              result.groups.map((group) => <ResultGroup key={group.kind} group={group} />)
            )
          }
        </QueryView>
      )}
    </div>
  );
}

function ResultGroup({ group }: { group: Group }) {
  const headingId = `search-group-${group.kind}`;
  return (
    <section className="search-group" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {group.label} <span className="search-count">({group.items.length})</span>
      </h2>
      <ul className="search-results">
        {group.items.map((item) => (
          <li key={item.id}>
            <Link to={item.path}>{item.title}</Link>
            <span className="search-match">{MATCH_WORDS[item.match]}</span>
            <p>{item.summary}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
