import {
  ChainVerifier,
  VERIFY_EVENT_COLUMNS,
  type ChainReport,
  type SealedChainEvent,
} from './audit-chain';
import { checkpointSignatureValid, publicKeyFingerprint } from './audit-checkpoint';

/** Runs one SQL statement and answers its rows (a DataSource's or a pg client's query). */
export type SqlRows = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface CheckpointCheck {
  /** Checkpoints examined. */
  checked: number;
  /** True when every checkpoint's signature holds over the recomputed hash at its position. */
  valid: boolean;
  /** The first failing checkpoint, in chain order. */
  firstInvalidId?: string;
  reason?: string;
}

export interface AuditVerification extends ChainReport {
  /** Events written but not chained yet (the sealer has not reached them). */
  pending: number;
  checkpoints: CheckpointCheck;
  /** Fingerprints of the public keys that signed the checkpoints. */
  publicKeyFingerprints: string[];
}

export interface VerifyOptions {
  /** Events read per query (keyset on chain_seq). */
  batchSize?: number;
  /**
   * Public key fingerprints the caller trusts; a checkpoint signed by any other
   * key is invalid. Without it, each checkpoint is checked against the public
   * key stored with it (compare `publicKeyFingerprints` with the one you saved).
   */
  trustedFingerprints?: string[];
}

interface CheckpointRow {
  id: string;
  seq: string;
  hash: string;
  signedAt: string;
  signature: string;
  publicKeyPem: string;
}

const DEFAULT_BATCH = 5000;

/**
 * Recomputes the whole chain from the database in chain order, a batch at a
 * time, and checks every checkpoint's signature against the hash recomputed
 * at its position (not the stored one): a history rewritten consistently
 * before a checkpoint recomputes to a different hash there, and fails.
 */
export async function verifyAuditTrail(
  query: SqlRows,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const checkpoints = (await query(
    `SELECT c.id::text AS id, c.chain_seq::text AS seq, c.hash,
            to_char(c.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "signedAt",
            c.signature, c.public_key_pem AS "publicKeyPem"
       FROM audit_checkpoints c ORDER BY c.chain_seq, c.signed_at, c.id`,
  )) as unknown as CheckpointRow[];
  const trusted = options.trustedFingerprints
    ? new Set(options.trustedFingerprints.map((f) => f.toLowerCase()))
    : undefined;
  const fingerprints = new Map<string, string>();
  const fingerprintOf = (pem: string): string => {
    let f = fingerprints.get(pem);
    if (f === undefined) {
      try {
        f = publicKeyFingerprint(pem);
      } catch {
        f = '';
      }
      fingerprints.set(pem, f);
    }
    return f;
  };
  const bySeq = new Map<number, CheckpointRow[]>();
  for (const c of checkpoints) {
    const list = bySeq.get(Number(c.seq)) ?? [];
    list.push(c);
    bySeq.set(Number(c.seq), list);
  }
  const recomputedAt = new Map<number, string>();

  const verifier = new ChainVerifier();
  let after: string | undefined;
  for (;;) {
    const rows = await query(
      `SELECT ${VERIFY_EVENT_COLUMNS}
         FROM audit_events e
        WHERE e.chain_seq IS NOT NULL ${after === undefined ? '' : 'AND e.chain_seq > $2::bigint'}
        ORDER BY e.chain_seq
        LIMIT $1`,
      after === undefined ? [batchSize] : [batchSize, after],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const recomputed = verifier.feed({ ...(row as unknown as SealedChainEvent), seq });
      if (bySeq.has(seq)) recomputedAt.set(seq, recomputed);
    }
    if (rows.length < batchSize) break;
    after = String(rows[rows.length - 1].seq);
  }
  const chain = verifier.report();

  let firstInvalid: { id: string; reason: string } | undefined;
  for (const c of checkpoints) {
    const seq = Number(c.seq);
    const recomputed = recomputedAt.get(seq);
    let reason: string | undefined;
    if (recomputed === undefined) {
      reason = `position ${seq} is not in the chain any more`;
    } else if (trusted && !trusted.has(fingerprintOf(c.publicKeyPem))) {
      reason = 'signed by a key that is not trusted';
    } else if (
      !checkpointSignatureValid(
        { seq, hash: recomputed, signedAt: c.signedAt },
        c.signature,
        c.publicKeyPem,
      )
    ) {
      reason =
        recomputed === c.hash
          ? 'the signature does not hold'
          : `the history up to position ${seq} differs from what was signed`;
    }
    if (reason) {
      firstInvalid = { id: c.id, reason };
      break;
    }
  }

  const [pendingRow] = await query(
    `SELECT count(*)::text AS n FROM audit_events WHERE chain_seq IS NULL`,
  );
  const checkpointCheck: CheckpointCheck = {
    checked: checkpoints.length,
    valid: firstInvalid === undefined,
    ...(firstInvalid ? { firstInvalidId: firstInvalid.id, reason: firstInvalid.reason } : {}),
  };
  return {
    ...chain,
    valid: chain.valid && checkpointCheck.valid,
    pending: Number(pendingRow?.n ?? 0),
    checkpoints: checkpointCheck,
    publicKeyFingerprints: [
      ...new Set(checkpoints.map((c) => fingerprintOf(c.publicKeyPem)).filter(Boolean)),
    ],
  };
}
