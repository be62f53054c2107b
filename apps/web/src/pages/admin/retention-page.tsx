import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../../api/client';
import { label } from '../../components/format';
import { EmptyState, PageHeader, QueryView } from '../../components/ui';
import { When } from '../../components/when';

type RetentionReport = Schemas['RetentionReportResponse'];

const NUMBER = new Intl.NumberFormat('en-GB');

/** A count as people read it: "1,826". */
function countWords(n: number): string {
  return NUMBER.format(n);
}

/** A period in days, with the years it comes to when it is a year or more: "1,826 days (about 5 years)". */
function periodWords(days: number): string {
  const text = `${countWords(days)} ${days === 1 ? 'day' : 'days'}`;
  if (days < 365) return text;
  const years = Math.round(days / 365.25);
  return `${text} (about ${years} ${years === 1 ? 'year' : 'years'})`;
}

/**
 * The retention dry run for the platform administrator: per kind of record its
 * period and what the purge would remove now; the audit months it would archive,
 * and those archived so far. Reading it changes nothing; the API audits the read.
 */
export function RetentionPage() {
  const report = useQuery({
    queryKey: ['retention-report'],
    queryFn: () => unwrap(api.GET('/api/v1/retention/report')),
  });
  return (
    <>
      <PageHeader
        title="Retention"
        subtitle="What the retention purge would remove now, kind by kind. Every reading is recorded in the audit trail."
      />
      <p className="warning">
        This is a dry run: viewing it removes nothing. Records are removed only by the daily purge
        that the worker runs, or by an operator running it by hand.
      </p>
      <QueryView query={report} what="Loading the retention report">
        {(r) => <Report report={r} />}
      </QueryView>
    </>
  );
}

function Report({ report: r }: { report: RetentionReport }) {
  return (
    <>
      <p>
        Computed <When at={r.generatedAt} />. The figures are as of that moment; reload the page to
        compute them again.
      </p>
      <section className="panel" aria-labelledby="retention-kinds-title">
        <h2 id="retention-kinds-title">Records past their period</h2>
        <div className="table-wrap">
          <table className="data">
            <caption>
              Per kind of record: how long it is kept and how many records the purge would remove
              now
            </caption>
            <thead>
              <tr>
                <th scope="col">Kind of record</th>
                <th scope="col">Kept for</th>
                <th scope="col">Setting</th>
                <th scope="col" className="numeric">
                  Due for removal
                </th>
                <th scope="col">Oldest due since</th>
              </tr>
            </thead>
            <tbody>
              {r.kinds.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">{label(k.kind, 'retentionKind')}</th>
                  <td>{periodWords(k.days)}</td>
                  <td>
                    <code>{k.setting}</code>
                  </td>
                  <td className="numeric">{countWords(k.count)}</td>
                  <td>{k.oldest ? <When at={k.oldest} /> : 'None due'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="admin-muted">
          A period counts from when a record stopped being worked on (a case’s closure, a draft’s
          last change). Never counted here, and never removed, whatever their age: anything of an
          open case or of a case under an active hold, referrals still being worked on, mail not yet
          sent or given up, and audit months not yet sealed and signed.
        </p>
      </section>
      <AuditMonths report={r} />
    </>
  );
}

function AuditMonths({ report: r }: { report: RetentionReport }) {
  return (
    <>
      <section className="panel" aria-labelledby="retention-segments-title">
        <h2 id="retention-segments-title">Audit months due for archiving</h2>
        {r.auditSegments.length === 0 ? (
          <EmptyState title="No audit month is due for archiving." />
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>
                Audit months the purge would write to a signed archive file and then remove from the
                database, oldest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Month (UTC)</th>
                  <th scope="col">Chain positions</th>
                  <th scope="col" className="numeric">
                    Events
                  </th>
                  <th scope="col">First event</th>
                </tr>
              </thead>
              <tbody>
                {r.auditSegments.map((s) => (
                  <tr key={s.firstSeq}>
                    <th scope="row">{s.month}</th>
                    <td>
                      {s.firstSeq} to {s.lastSeq}
                    </td>
                    <td className="numeric">{countWords(s.count)}</td>
                    <td>
                      <When at={s.oldest} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="retention-archives-title">
        <h2 id="retention-archives-title">Audit months archived</h2>
        {r.archives.length === 0 ? (
          <EmptyState title="No audit month has been archived yet." />
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>Audit months archived so far, oldest first, with their files</caption>
              <thead>
                <tr>
                  <th scope="col">Month (UTC)</th>
                  <th scope="col">Chain positions</th>
                  <th scope="col" className="numeric">
                    Events
                  </th>
                  <th scope="col">File</th>
                  <th scope="col">Archived</th>
                  <th scope="col">Removed from the database</th>
                </tr>
              </thead>
              <tbody>
                {r.archives.map((a) => (
                  <tr key={a.firstSeq}>
                    <th scope="row">{a.month}</th>
                    <td>
                      {a.firstSeq} to {a.lastSeq}
                    </td>
                    <td className="numeric">{countWords(a.count)}</td>
                    <td>
                      <code>{a.fileName}</code>
                    </td>
                    <td>
                      <When at={a.archivedAt} />
                    </td>
                    <td>{a.purgedAt ? <When at={a.purgedAt} /> : 'Not yet'}</td>
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
