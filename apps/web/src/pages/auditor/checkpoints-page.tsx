import { useMutation } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { EmptyState, Notice, PageHeader, ProblemMessage } from '../../components/ui';
import { shortId } from './audit-format';
import { saveFile } from '../../components/save-file';

type Checkpoint = Schemas['AuditCheckpointResponse'];

/** How long to keep looking for the checkpoint the worker signs after a request. */
const WATCH_MS = 30_000;

/** Signed chain heads, newest first; ask for one now; how an agency checks one. */
export function CheckpointsPage() {
  const list = usePagedList(['audit', 'checkpoints'], (cursor) =>
    unwrap(api.GET('/api/v1/audit/checkpoints', { params: { query: { cursor, limit: 25 } } })),
  );
  const [requested, setRequested] = useState<{ at: string; until: number } | null>(null);
  const [gaveUp, setGaveUp] = useState(false);
  const request = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/audit/checkpoints')),
    onSuccess: (answer) => {
      setGaveUp(false);
      setRequested({ at: answer.requestedAt, until: Date.now() + WATCH_MS });
    },
  });

  const newest = list.items.at(0);
  // Both are ISO 8601 UTC with milliseconds, so text order is time order.
  const signed = requested !== null && newest !== undefined && newest.signedAt >= requested.at;
  const { refetch } = list.query;
  // The worker signs within seconds: look again every second until it shows.
  useEffect(() => {
    if (!requested || signed) return;
    const timer = setInterval(() => {
      if (Date.now() > requested.until) {
        clearInterval(timer);
        setGaveUp(true);
      } else {
        void refetch();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [requested, signed, refetch]);

  return (
    <>
      <PageHeader
        title="Checkpoints"
        subtitle="Signed statements of the chain’s head: “position N had hash H at time T”."
        actions={
          <button
            type="button"
            className="button button-primary"
            onClick={() => request.mutate()}
            disabled={request.isPending}
          >
            Create a checkpoint now
          </button>
        }
      />
      {request.error ? <ProblemMessage error={request.error} /> : null}
      {requested ? (
        signed && newest ? (
          <Notice>
            Checkpoint signed: position {newest.seq} at {formatDateTime(newest.signedAt)}. It is
            first in the list.
          </Notice>
        ) : gaveUp ? (
          <p className="warning" role="status">
            Requested {formatDateTime(requested.at)}, but no new checkpoint has appeared yet. The
            worker may be down; the request is kept and will be answered when it runs.
          </p>
        ) : (
          <Notice>
            Checkpoint requested {formatDateTime(requested.at)}. The worker seals every pending
            event and signs the head within seconds; this list refreshes on its own.
          </Notice>
        )
      ) : null}
      <PagedView
        list={list}
        what="checkpoints"
        empty={
          <EmptyState title="No checkpoint has been signed yet.">
            <p>
              The worker signs one every hour while the trail grows. Use “Create a checkpoint now”
              to sign the current head.
            </p>
          </EmptyState>
        }
      >
        {(items) => <CheckpointTable items={items} />}
      </PagedView>
      <HowToVerify />
    </>
  );
}

function CheckpointTable({ items }: { items: Checkpoint[] }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="table-wrap">
      <table className="data auditor-checkpoints">
        <caption className="visually-hidden">Signed checkpoints, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Position</th>
            <th scope="col">Hash</th>
            <th scope="col">Signed at</th>
            <th scope="col">Key fingerprint</th>
            <th scope="col">
              <span className="visually-hidden">Signed text and key</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const expanded = open === c.id;
            const panelId = `auditor-checkpoint-${c.id}`;
            return (
              <Fragment key={c.id}>
                <tr>
                  <td className="mono">{c.seq}</td>
                  <td className="mono auditor-hash">{c.hash}</td>
                  <td>{formatDateTime(c.signedAt)}</td>
                  <td className="mono" title={c.publicKeyFingerprint}>
                    {shortId(c.publicKeyFingerprint)}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-quiet auditor-disclosure"
                      aria-expanded={expanded}
                      aria-controls={expanded ? panelId : undefined}
                      onClick={() => setOpen(expanded ? null : c.id)}
                    >
                      {expanded ? 'Hide' : 'Signed text and key'}
                      <span className="visually-hidden"> of checkpoint at position {c.seq}</span>
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr className="auditor-details-row">
                    <td colSpan={5} id={panelId}>
                      <CheckpointMaterial checkpoint={c} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function CheckpointMaterial({ checkpoint: c }: { checkpoint: Checkpoint }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (what: string, text: string) => {
    navigator.clipboard.writeText(text).then(
      () => setCopied(`${what} copied.`),
      () => setCopied(`${what} could not be copied here; select the text and copy it instead.`),
    );
  };
  const save = () =>
    saveFile(
      new Blob([`${JSON.stringify(c, null, 2)}\n`], { type: 'application/json' }),
      `checkpoint-${c.seq}.json`,
    );
  const block = (what: string, copyLabel: string, text: string) => (
    <div className="auditor-material">
      <div className="auditor-material-head">
        <span className="auditor-material-title">{what}</span>
        <button type="button" className="button button-quiet" onClick={() => copy(what, text)}>
          {copyLabel}
        </button>
      </div>
      <pre className="auditor-json" tabIndex={0} aria-label={what}>
        {text}
      </pre>
    </div>
  );
  return (
    <div>
      {block('Signed text', 'Copy the signed text', c.signedMessage)}
      {block('Signature (base64, Ed25519)', 'Copy the signature', c.signature)}
      {block('Public key', 'Copy the public key', c.publicKeyPem)}
      <p className="auditor-hint">
        Key fingerprint (SHA-256 of the DER key):{' '}
        <span className="mono">{c.publicKeyFingerprint}</span>
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={save}>
          Save as checkpoint-{c.seq}.json
        </button>
        {copied ? (
          <span role="status" className="auditor-hint">
            {copied}
          </span>
        ) : null}
      </div>
    </div>
  );
}

function HowToVerify() {
  return (
    <section className="panel auditor-howto" aria-labelledby="howto-title">
      <h2 id="howto-title">How an agency checks a checkpoint</h2>
      <p>
        Save the checkpoint (“Save as checkpoint-N.json”) when you receive case material, and keep
        the key’s fingerprint. Later, anyone can check it with the public key alone, using OpenSSL
        3:
      </p>
      <pre className="auditor-json" tabIndex={0} aria-label="OpenSSL commands">
        {`jq -r .publicKeyPem checkpoint.json > coalition-audit.pub.pem
jq -j .signedMessage checkpoint.json > message.txt
jq -r .signature checkpoint.json | base64 -d > signature.bin
openssl pkeyutl -verify -pubin -inkey coalition-audit.pub.pem -rawin \\
  -in message.txt -sigfile signature.bin      # "Signature Verified Successfully"
openssl pkey -pubin -in coalition-audit.pub.pem -outform DER | sha256sum   # = the fingerprint`}
      </pre>
      <p>
        To show the history before it was not rewritten, export the events up to the checkpoint
        (Audit events → “Export this range”) and recompute the chain: the hash at its position must
        equal the checkpoint’s hash. The chain format and a short script are in the audit trail
        documentation (docs/audit.md).
      </p>
    </section>
  );
}
