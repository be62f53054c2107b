import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { PagedView, usePagedList } from '../../components/paged';
import { EmptyState, PageHeader } from '../../components/ui';
import { ExportRange } from './events-export';
import { apiQuery, FilterForm, FILTERS, filtersOf } from './events-filters';
import { EventTable } from './events-table';

/** Search the audit trail, newest first, with the filters in the address. */
export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const list = usePagedList(['audit', 'events', filters], (cursor) =>
    unwrap(
      api.GET('/api/v1/audit/events', {
        params: { query: { ...apiQuery(filters), cursor, limit: 50 } },
      }),
    ),
  );
  const filtered = Object.keys(filters).length > 0;
  const error = list.query.error;

  return (
    <>
      <PageHeader
        title="Audit events"
        subtitle="Every change, sign-in, refusal and read of case material, newest first. Times in UTC."
      />
      <FilterForm
        key={params.toString()}
        filters={filters}
        errors={(field) => (error instanceof ApiError ? error.fieldMessages(field) : [])}
        onSearch={(next) => {
          const search = new URLSearchParams();
          for (const name of FILTERS) if (next[name]) search.set(name, next[name]);
          setParams(search);
        }}
      />
      <ExportRange filters={filters} />
      <PagedView
        list={list}
        what="events"
        empty={
          <EmptyState title={filtered ? 'No event matches these filters.' : 'No events yet.'}>
            {filtered ? (
              <p>
                Widen the time range or remove a filter. <Link to="/audit">Clear the filters</Link>
              </p>
            ) : (
              <p>Events appear as people sign in and work.</p>
            )}
          </EmptyState>
        }
      >
        {(items) => <EventTable items={items} />}
      </PagedView>
    </>
  );
}
