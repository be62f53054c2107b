import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { formatDateTime, label } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, PageHeader, QueryView } from '../../components/ui';
import { TextInput } from '../../components/controls';

type Counts = Schemas['OutcomeCountsResponse'];
type Question = Schemas['CoordinatorAgencyQuestionResponse'];

const OUTCOMES: (keyof Counts)[] = [
  'investigation_opened',
  'arrest',
  'charges_filed',
  'conviction',
  'merchant_disrupted',
  'referred_onward',
  'no_further_action',
  'other',
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day typed in UTC as the API's instant: its start, or (for `to`) the start of the next day. */
function dayToInstant(day: string | null, end: boolean): string | undefined {
  if (!day || !DAY.test(day)) return undefined;
  const at = new Date(`${day}T00:00:00Z`);
  if (end) at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString();
}

/**
 * What came of the coalition's dispatches: outcome counts per filing member
 * and per agency (by the latest outcome each agency reported), and every
 * question an agency asked a filer through the coalition, both sides named.
 */
export function OutcomesPage() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const query = { from: dayToInstant(from, false), to: dayToInstant(to, true) };
  const report = useQuery({
    queryKey: ['reports', 'outcomes', query],
    queryFn: () => unwrap(api.GET('/api/v1/reports/outcomes', { params: { query } })),
  });
  const questions = usePagedList<Question>(['agency-questions'], (cursor) =>
    unwrap(api.GET('/api/v1/agency-questions', { params: { query: { cursor } } })),
  );
  const setDay = (name: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  return (
    <div className="coordinator-page">
      <PageHeader
        title="Outcomes"
        subtitle="What the agencies reported on the dispatches, counted per filing member and per agency, and the questions they asked filers through the coalition."
      />
      <form className="filters" aria-label="Reported between" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          label="Reported from (UTC day)"
          type="date"
          value={from ?? ''}
          onChange={(e) => setDay('from', e.target.value)}
        />
        <TextInput
          label="Reported to (UTC day, included)"
          type="date"
          value={to ?? ''}
          onChange={(e) => setDay('to', e.target.value)}
        />
      </form>
      <QueryView query={report} what="Loading outcome counts">
        {(r) => (
          <>
            <CountsTable
              title="Per filing member"
              caption="Dispatches of the cases each member filed on, by their latest outcome"
              rows={r.byMember.map((m) => ({ id: m.organizationId, ...m }))}
            />
            <CountsTable
              title="Per agency"
              caption="Each agency's dispatches by their latest outcome"
              rows={r.byAgency.map((a) => ({ id: a.agencyId, ...a }))}
            />
          </>
        )}
      </QueryView>
      <section className="panel" aria-labelledby="brokered-title">
        <h2 id="brokered-title">Questions from agencies to filers</h2>
        <PagedView
          list={questions}
          what="questions from agencies"
          empty={<EmptyState title="No agency has asked a filer anything yet." />}
        >
          {(items) => (
            <div className="table-wrap">
              <table className="data">
                <caption className="visually-hidden">Brokered questions, oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Asked</th>
                    <th scope="col">Agency</th>
                    <th scope="col">Filer</th>
                    <th scope="col">Question</th>
                    <th scope="col">Answer</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((q) => (
                    <tr key={q.id}>
                      <td>{formatDateTime(q.askedAt)}</td>
                      <td>
                        {q.agency}
                        <div className="coordinator-muted coordinator-small-text mono">
                          {q.dispatchReference}
                        </div>
                      </td>
                      <td>
                        {q.organizationName}
                        <div className="coordinator-muted coordinator-small-text">
                          <span className="mono">{q.referralReference}</span>
                          {q.namedInDispatches
                            ? ' · named to agencies'
                            : ' · anonymous to agencies'}
                        </div>
                      </td>
                      <td>{q.body}</td>
                      <td>{q.answer ?? <Badge value="info_requested" text="Open" />}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </PagedView>
      </section>
      <p className="coordinator-muted">
        <Link to="/cases">Back to the case inbox</Link>
      </p>
    </div>
  );
}

function CountsTable(props: {
  title: string;
  caption: string;
  rows: { id: string; name: string; counts: Counts; total: number }[];
}) {
  return (
    <section className="panel" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.rows.length === 0 ? (
        <p>No outcome reported in this period.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{props.caption}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                {OUTCOMES.map((o) => (
                  <th key={o} scope="col">
                    {label(o)}
                  </th>
                ))}
                <th scope="col">Total</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">{row.name}</th>
                  {OUTCOMES.map((o) => (
                    <td key={o}>{row.counts[o]}</td>
                  ))}
                  <td>
                    <strong>{row.total}</strong>
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
