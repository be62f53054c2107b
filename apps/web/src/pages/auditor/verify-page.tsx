import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { PageHeader, ProblemMessage } from '../../components/ui';

type Report = Schemas['AuditVerificationResponse'];
type Mode = Report['mode'];

const MODES: { value: Mode; label: string; hint: string }[] = [
  {
    value: 'incremental',
    label: 'Since the last verified checkpoint',
    hint:
      'Quick. Checks that checkpoint’s signature and the stored hash at its position, then ' +
      'recomputes only the events after it. Events before it are trusted as an earlier full run ' +
      'found them.',
  },
  {
    value: 'full',
    label: 'The whole chain, from the first event',
    hint:
      'Recomputes every hash from the first event and checks every checkpoint. It takes about a ' +
      'second per 50,000 events; run it before relying on the trail as evidence.',
  },
];

/** Recompute the hash chain, since the last verified checkpoint or in full, on demand. */
export function VerifyPage() {
  const [mode, setMode] = useState<Mode>('incremental');
  const [result, setResult] = useState<{ report: Report; at: string } | null>(null);
  const name = useId();
  const verify = useMutation({
    mutationFn: (asked: Mode) =>
      unwrap(api.GET('/api/v1/audit/verify', { params: { query: { mode: asked } } })),
    onSuccess: (report) => setResult({ report, at: new Date().toISOString() }),
  });
  return (
    <>
      <PageHeader
        title="Verify the trail"
        subtitle="Recompute the events’ hashes, never trusting what is stored, and check the signatures of the checkpoints."
      />
      <section className="panel" aria-labelledby="verify-run-title">
        <h2 id="verify-run-title">Run a verification</h2>
        <fieldset className="auditor-modes">
          <legend>What to recompute</legend>
          {MODES.map((m) => (
            <div key={m.value} className="auditor-mode">
              <input
                type="radio"
                id={`${name}-${m.value}`}
                name={name}
                value={m.value}
                checked={mode === m.value}
                onChange={() => setMode(m.value)}
                aria-describedby={`${name}-${m.value}-hint`}
              />
              <div>
                <label htmlFor={`${name}-${m.value}`}>{m.label}</label>
                <p id={`${name}-${m.value}-hint`} className="auditor-hint">
                  {m.hint}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
        <p className="auditor-hint">The run itself is recorded in the trail.</p>
        <button
          type="button"
          className="button button-primary"
          onClick={() => verify.mutate(mode)}
          disabled={verify.isPending}
        >
          {verify.isPending ? 'Verifying…' : 'Run verification'}
        </button>
        {verify.isPending ? (
          <p className="auditor-hint" role="status">
            Verifying the chain…
          </p>
        ) : null}
      </section>
      {verify.error ? <ProblemMessage error={verify.error} /> : null}
      {result ? <VerificationResult report={result.report} at={result.at} /> : null}
    </>
  );
}

/** Where the run started recomputing, in words. */
function startedFrom(report: Report): string {
  const { start } = report;
  if (start.rejected) {
    return `The last verified checkpoint could not be trusted (${start.rejected}), so the whole chain was recomputed from the first event.`;
  }
  switch (start.kind) {
    case 'checkpoint':
      return `Recomputed from position ${start.seq + 1}, after the last verified checkpoint; the events up to position ${start.seq} were verified by an earlier run.`;
    case 'anchor':
      return `Recomputed from position ${start.seq + 1}, after the last event held in a signed retention archive; earlier events were archived and removed.`;
    default:
      return 'Recomputed from the first event.';
  }
}

function VerificationResult({ report, at }: { report: Report; at: string }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [at]);
  const chainBroken = report.firstBrokenSeq !== undefined && report.firstBrokenSeq !== null;
  const checkpointsBroken = !report.checkpoints.valid;
  return (
    <section
      ref={ref}
      tabIndex={-1}
      className={`panel auditor-result ${report.valid ? 'auditor-valid' : 'auditor-broken'}`}
      aria-labelledby="verify-result-title"
    >
      <h2 id="verify-result-title">
        {report.valid
          ? 'The trail is intact'
          : chainBroken
            ? `The trail is broken at position ${report.firstBrokenSeq}`
            : 'The chain holds, but a checkpoint fails'}
      </h2>
      <p className="auditor-hint">Run {formatDateTime(at)}.</p>
      <p className="auditor-started">{startedFrom(report)}</p>
      {report.valid ? (
        <p className="auditor-verdict" role="status">
          <span aria-hidden="true">✓ </span>
          Valid: {report.checked.toLocaleString('en-GB')} events checked, every hash recomputed and
          matching; {report.checkpoints.checked} signed checkpoint
          {report.checkpoints.checked === 1 ? '' : 's'} checked.
        </p>
      ) : (
        <div className="auditor-verdict-broken" role="alert">
          <p>
            <strong>
              <span aria-hidden="true">✗ </span>
              Broken.
            </strong>{' '}
            {chainBroken ? (
              <>
                The first broken position is <strong>{report.firstBrokenSeq}</strong>
                {report.reason ? `: ${report.reason}` : ''}. Events from there on can no longer be
                trusted as recorded.
              </>
            ) : (
              'The hash chain is consistent, but it does not match a signed checkpoint: history may have been rewritten.'
            )}
          </p>
          {checkpointsBroken ? (
            <p>
              Checkpoint check failed
              {report.checkpoints.firstInvalidId ? (
                <>
                  {' '}
                  at checkpoint <span className="mono">{report.checkpoints.firstInvalidId}</span>
                </>
              ) : null}
              {report.checkpoints.reason ? `: ${report.checkpoints.reason}` : ''}.
            </p>
          ) : null}
          <p>
            A broken trail is reported, never repaired. Export the events around that position and
            compare them with the copies agencies hold. <Link to={`/audit`}>Search the events</Link>
          </p>
        </div>
      )}
      <dl className="details auditor-report">
        <div>
          <dt>Events checked</dt>
          <dd>{report.checked.toLocaleString('en-GB')}</dd>
        </div>
        <div>
          <dt>Head position</dt>
          <dd className="mono">{report.headSeq}</dd>
        </div>
        <div className="auditor-wide">
          <dt>Head hash</dt>
          <dd className="mono auditor-hash">{report.headHash || '—'}</dd>
        </div>
        <div>
          <dt>Checkpoints checked</dt>
          <dd>
            {report.checkpoints.checked} ({report.checkpoints.valid ? 'all valid' : 'one fails'})
          </dd>
        </div>
        <div>
          <dt>Pending (not sealed yet)</dt>
          <dd>
            {report.pending.toLocaleString('en-GB')}
            {report.pending > 0 ? (
              <span className="auditor-hint"> — chained within seconds; not a fault</span>
            ) : null}
          </dd>
        </div>
        <div className="auditor-wide">
          <dt>Signing key fingerprints</dt>
          <dd className="mono auditor-hash">
            {report.publicKeyFingerprints.length ? report.publicKeyFingerprints.join(', ') : '—'}
          </dd>
        </div>
      </dl>
    </section>
  );
}
