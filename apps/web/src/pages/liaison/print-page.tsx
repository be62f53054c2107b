import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { formatDateTime, label } from '../../components/format';
import { NotFoundContent, PageHeader, QueryView } from '../../components/ui';
import { readCasePackage, tlpMeaning } from './case-package';
import { useDispatch } from './dispatch-page';
import { holdsKey } from './holds-panel';
import { PackageSections } from './package-view';
import type { Dispatch, Hold } from './vocabulary';

/**
 * The package as a document: no navigation, black on white, every section
 * open, and the TLP and PAP markings at the top of every printed page (a table
 * header group, which browsers repeat on each page), with "named recipients
 * only" on a dispatch sent to named liaisons.
 */
export function PrintPage() {
  const { id = '' } = useParams();
  const dispatch = useDispatch(id);
  const holds = useQuery({
    queryKey: holdsKey(id),
    queryFn: () => unwrap(api.GET('/api/v1/dispatches/{id}/holds', { params: { path: { id } } })),
    enabled: dispatch.isSuccess,
  });
  return (
    <div className="liaison-print">
      {dispatch.fetchStatus === 'idle' && dispatch.isPending ? (
        <NotFoundContent />
      ) : (
        <QueryView query={dispatch} what="Preparing the print view">
          {(d) => <PrintDocument dispatch={d} holds={holds.data ?? d.holds} />}
        </QueryView>
      )}
    </div>
  );
}

function PrintDocument({ dispatch, holds }: { dispatch: Dispatch; holds: Hold[] }) {
  const pkg = readCasePackage(dispatch.package, dispatch.tlp);
  const caseReference = dispatch.caseReference || pkg.caseReference;
  return (
    <table className="liaison-print-frame" role="presentation">
      <thead>
        <tr>
          <td>
            <div className="liaison-print-marking">
              <span>
                <strong>TLP:{pkg.tlp}</strong> · {tlpMeaning(pkg.tlp)}
                {pkg.pap ? <> · PAP:{pkg.pap}</> : null}
                {dispatch.namedLiaisonIds?.length ? <> · Named recipients only</> : null}
              </span>
              <span className="liaison-print-ref">
                Case {caseReference} · Dispatch {dispatch.reference}
              </span>
            </div>
          </td>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>
            <PageHeader
              title={`Case package ${caseReference}`}
              subtitle={
                <>
                  Dispatch {dispatch.reference} to {dispatch.agency.name} · {label(dispatch.status)}
                  {dispatch.leCaseNumber ? ` · your case number ${dispatch.leCaseNumber}` : ''}
                  {dispatch.outcome ? ` · outcome: ${label(dispatch.outcome)}` : ''} · printed{' '}
                  {formatDateTime(new Date().toISOString())}
                </>
              }
              actions={
                <>
                  <button
                    type="button"
                    className="button button-primary"
                    onClick={() => window.print()}
                  >
                    Print
                  </button>
                  <Link className="button" to={`/dispatches/${dispatch.id}`}>
                    Back to the dispatch
                  </Link>
                </>
              }
            />
            <PackageSections dispatch={dispatch} pkg={pkg} holds={holds} idPrefix="print" />
            <p className="liaison-small">
              Confidential case material of the coalition, marked TLP:{pkg.tlp}. Handle it according
              to the marking.
            </p>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
