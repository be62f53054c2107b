import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { TextInput } from '../../components/controls';
import { label } from '../../components/format';
import { EmptyState, PageHeader, QueryView } from '../../components/ui';
import { TransparencyExport } from './transparency-export';

type Statistics = Schemas['StatisticsResponse'];
const MONTH = /^\d{4}-\d{2}$/;

function monthOrUndefined(value: string | null): string | undefined {
  return value && MONTH.test(value) ? value : undefined;
}

/** Referrals per month and member, times per step, outcomes by agency; and the yearly export. */
export function StatisticsPage() {
  const [params, setParams] = useSearchParams();
  const query = {
    from: monthOrUndefined(params.get('from')),
    to: monthOrUndefined(params.get('to')),
  };
  const statistics = useQuery({
    queryKey: ['statistics', query],
    queryFn: () => unwrap(api.GET('/api/v1/statistics', { params: { query } })),
  });
  const setMonth = (name: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  return (
    <>
      <PageHeader
        title="Statistics"
        subtitle="Referrals, times and outcomes by month (UTC). Every reading is recorded in the audit trail."
      />
      <form className="filters" aria-label="Months" onSubmit={(e) => e.preventDefault()}>
        <TextInput
          label="From month"
          type="month"
          value={params.get('from') ?? ''}
          onChange={(e) => setMonth('from', e.target.value)}
        />
        <TextInput
          label="To month (included)"
          type="month"
          value={params.get('to') ?? ''}
          onChange={(e) => setMonth('to', e.target.value)}
        />
      </form>
      <QueryView query={statistics} what="Loading statistics">
        {(s) => <Figures statistics={s} />}
      </QueryView>
      <TransparencyExport />
    </>
  );
}

function Figures({ statistics: s }: { statistics: Statistics }) {
  const range = s.from === s.to ? s.from : `${s.from} to ${s.to}`;
  return (
    <>
      {s.truncated ? (
        <p className="warning" role="status">
          Some lists were cut at their limit; choose fewer months.
        </p>
      ) : null}
      <section className="panel" aria-labelledby="stats-referrals-title">
        <h2 id="stats-referrals-title">Referrals per month and member</h2>
        {s.referrals.length === 0 ? (
          <EmptyState title={`No referral was submitted in ${range}.`} />
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>Submitted referrals per month and member organization, {range}</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Member</th>
                  <th scope="col">Type</th>
                  <th scope="col">Country</th>
                  <th scope="col" className="numeric">
                    Referrals
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.referrals.map((r) => (
                  <tr key={`${r.month}-${r.organizationId}`}>
                    <td>{r.month}</td>
                    <th scope="row">{r.organizationName}</th>
                    <td>{label(r.memberType, 'memberType')}</td>
                    <td>{r.country}</td>
                    <td className="numeric">{r.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="stats-times-title">
        <h2 id="stats-times-title">Times</h2>
        {s.times.length === 0 ? (
          <EmptyState title={`No step was measured in ${range}.`} />
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>
                Median and 90th-percentile hours per step, by the month the step started, {range}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Step</th>
                  <th scope="col" className="numeric">
                    Measured
                  </th>
                  <th scope="col" className="numeric">
                    Median (hours)
                  </th>
                  <th scope="col" className="numeric">
                    90th percentile (hours)
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.times.map((t) => (
                  <tr key={`${t.month}-${t.measure}`}>
                    <td>{t.month}</td>
                    <th scope="row">{label(t.measure, 'statisticsMeasure')}</th>
                    <td className="numeric">{t.count}</td>
                    <td className="numeric">{t.medianHours.toFixed(1)}</td>
                    <td className="numeric">{t.p90Hours.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="stats-outcomes-title">
        <h2 id="stats-outcomes-title">Outcomes by agency</h2>
        {s.outcomes.length === 0 ? (
          <EmptyState title={`No case was sent to an agency in ${range}.`} />
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>
                Dispatches created in {range}, by agency, status and the outcome it reported
              </caption>
              <thead>
                <tr>
                  <th scope="col">Agency</th>
                  <th scope="col">Country</th>
                  <th scope="col">Status</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className="numeric">
                    Dispatches
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.outcomes.map((o) => (
                  <tr key={`${o.agencyId}-${o.status}-${o.outcome ?? ''}`}>
                    <th scope="row">{o.agencyName}</th>
                    <td>{o.country}</td>
                    <td>{label(o.status, 'dispatchStatus')}</td>
                    <td>{o.outcome ? label(o.outcome, 'outcome') : 'None reported'}</td>
                    <td className="numeric">{o.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
