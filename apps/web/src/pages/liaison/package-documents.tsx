import './evidence.css';
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { saveFile } from '../../components/save-file';
import { ProblemMessage } from '../../components/ui';
import type { CasePackageView, PackageDocument } from './case-package';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The members' documents the package lists, each with its SHA-256; on a
 * dispatch each can be downloaded (audited; the API checks the bytes against
 * the recorded hash first). A preview lists them only.
 */
export function DocumentsSection(props: {
  pkg: CasePackageView;
  dispatchId: string | null;
  id: string;
}) {
  const documents = props.pkg.referrals.flatMap((r) =>
    r.documents.map((d) => ({ ...d, referral: r.reference })),
  );
  const download = useMutation({
    mutationFn: async (d: PackageDocument) => {
      const blob = await unwrap(
        api.GET('/api/v1/dispatches/{id}/documents/{documentId}', {
          params: { path: { id: props.dispatchId ?? '', documentId: d.id } },
          parseAs: 'blob',
        }),
      );
      saveFile(blob, d.filename);
    },
  });
  return (
    <section className="panel liaison-section" aria-labelledby={props.id}>
      <h2 id={props.id}>Documents ({documents.length})</h2>
      {documents.length === 0 ? (
        <p>The members attached no documents to these referrals.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Documents the package lists</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Referral</th>
                <th scope="col">Size</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.id}>
                  <td>
                    {props.dispatchId ? (
                      <button
                        type="button"
                        className="button button-quiet"
                        aria-label={`Download ${d.filename}`}
                        disabled={download.isPending}
                        onClick={() => download.mutate(d)}
                      >
                        {d.filename}
                      </button>
                    ) : (
                      d.filename
                    )}
                  </td>
                  <td className="mono">{d.referral}</td>
                  <td>{size(d.sizeBytes)}</td>
                  <td className="mono liaison-hash">{d.sha256}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {download.error ? <ProblemMessage error={download.error} /> : null}
    </section>
  );
}

/** The coordinators' questions to the filers and the answers, as the package carries them. */
export function AnswersSection({ pkg, id }: { pkg: CasePackageView; id: string }) {
  if (pkg.informationRequests.length === 0) return null;
  return (
    <section className="panel liaison-section" aria-labelledby={id}>
      <h2 id={id}>Questions to the filers, answered</h2>
      <dl className="liaison-answers">
        {pkg.informationRequests.map((q) => (
          <div key={`${q.referralReference}-${q.askedAt ?? q.question}`}>
            <dt>
              {q.question}{' '}
              <span className="liaison-muted">
                (referral <span className="mono">{q.referralReference}</span>, asked{' '}
                {formatDateTime(q.askedAt)})
              </span>
            </dt>
            <dd>
              {q.answer}{' '}
              <span className="liaison-muted">— answered {formatDateTime(q.answeredAt)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
