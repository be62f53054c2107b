import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { saveFile } from '../../components/save-file';
import { Notice, ProblemMessage } from '../../components/ui';
import type { Dispatch } from './vocabulary';

type Piece = 'package' | 'pdf' | 'proof';

/** The checkpoint a downloaded proof relies on, shown so the liaison can compare the key. */
interface ProofSummary {
  seq: number;
  signedAt: string;
  fingerprint: string;
  digest: string;
}

async function fetchPiece(
  id: string,
  reference: string,
  piece: Piece,
): Promise<ProofSummary | null> {
  const path = { params: { path: { id } } };
  if (piece === 'proof') {
    const proof = await unwrap(api.GET('/api/v1/dispatches/{id}/proof', path));
    saveFile(
      new Blob([`${JSON.stringify(proof, null, 2)}\n`], { type: 'application/json' }),
      `${proof.dispatch.reference}.proof.json`,
    );
    return {
      seq: proof.checkpoint.seq,
      signedAt: proof.checkpoint.signedAt,
      fingerprint: proof.checkpoint.publicKeyFingerprint,
      digest: proof.packageDigest,
    };
  }
  const blob = await unwrap(
    piece === 'package'
      ? api.GET('/api/v1/dispatches/{id}/package', { ...path, parseAs: 'blob' })
      : api.GET('/api/v1/dispatches/{id}/package.pdf', { ...path, parseAs: 'blob' }),
  );
  saveFile(blob, piece === 'package' ? `${reference}.package.json` : `${reference}.package.pdf`);
  return null;
}

/**
 * The package as evidence: the file as recorded (its SHA-256 is the digest
 * in the audit trail), the printed PDF and the proof, each download audited,
 * and how the agency checks them on its own.
 */
export function EvidencePanel({ dispatch }: { dispatch: Dispatch }) {
  const [saved, setSaved] = useState<string | null>(null);
  const [proof, setProof] = useState<ProofSummary | null>(null);
  const download = useMutation({
    mutationFn: (piece: Piece) => fetchPiece(dispatch.id, dispatch.reference, piece),
    onSuccess: (summary, piece) => {
      if (summary) setProof(summary);
      setSaved(
        piece === 'proof'
          ? 'Proof saved. Keep it with the package.'
          : piece === 'pdf'
            ? 'PDF saved. Every page carries the marking, the digest and the checkpoint.'
            : 'Package saved. Its SHA-256 is the digest recorded when the routing was approved.',
      );
    },
  });
  const button = (piece: Piece, text: string) => (
    <button
      type="button"
      className="button"
      disabled={download.isPending}
      onClick={() => {
        setSaved(null);
        download.mutate(piece);
      }}
    >
      {text}
    </button>
  );
  return (
    <section className="panel liaison-evidence" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence</h2>
      <p>
        Keep the package, its documents and the proof together. Each download is recorded in the
        audit trail, and each copy carries the marking TLP:{dispatch.tlp}.
      </p>
      <div className="liaison-evidence-actions">
        {button('package', 'Download package (.json)')}
        {button('pdf', 'Download printable PDF')}
        {button('proof', 'Download proof')}
      </div>
      {download.error ? <ProblemMessage error={download.error} /> : null}
      {saved ? <Notice>{saved}</Notice> : null}
      {proof ? (
        <p>
          The proof relies on checkpoint {proof.seq}, signed {formatDateTime(proof.signedAt)} by the
          key with fingerprint <span className="mono liaison-hash">{proof.fingerprint}</span>.
          Package digest: <span className="mono liaison-hash">{proof.digest}</span>.
        </p>
      ) : null}
      <details>
        <summary>How to verify the package on your own</summary>
        <ol>
          <li>
            Once, from a channel you trust, save the coalition’s audit public key (or its
            fingerprint). Compare it with the fingerprint shown above.
          </li>
          <li>
            Run the coalition’s verifier, or your own implementation of the published algorithm
            (docs/webhooks.md, “Verifying a package”):
            <pre className="mono">
              npm run package:verify -- package.json proof.json --public-key coalition.pem
            </pre>
          </li>
          <li>
            “valid” means: this is the package recorded when the routing was approved, and that
            record is covered by a checkpoint signed with the coalition’s key. Otherwise the
            verifier names each check that failed; do not rely on the package, and tell the
            coalition.
          </li>
        </ol>
      </details>
    </section>
  );
}
