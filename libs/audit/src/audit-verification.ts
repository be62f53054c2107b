import { AuditChainRepository, txOverSqlClient, type SqlRows, type Tx } from '@app/persistence';
import { ChainVerifier, type ChainReport, type SealedChainEvent } from './audit-chain';
import { checkpointSignatureValid, publicKeyFingerprint } from './audit-checkpoint';

export type { SqlRows };

/** The reads verification makes of the chain. */
export type AuditChainReads = Pick<
  AuditChainRepository,
  'checkpointsInChainOrder' | 'sealedEvents' | 'unsealedCount'
>;

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

const DEFAULT_BATCH = 5000;

/**
 * Recomputes the whole chain from the database in chain order, a batch at a
 * time, and checks every checkpoint's signature against the hash recomputed
 * at its position (not the stored one): a history rewritten consistently
 * before a checkpoint recomputes to a different hash there, and fails.
 */
export async function verifyAuditTrail(
  source: { chain: AuditChainReads; tx: Tx } | SqlRows,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  // A bare SQL client (the benchmarks' and drills' pg clients) reads through the same statements.
  const { chain, tx } =
    typeof source === 'function'
      ? { chain: new AuditChainRepository(), tx: txOverSqlClient(source) }
      : source;
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const checkpoints = await chain.checkpointsInChainOrder(tx);
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
  const bySeq = new Map<number, typeof checkpoints>();
  for (const c of checkpoints) {
    const list = bySeq.get(Number(c.seq)) ?? [];
    list.push(c);
    bySeq.set(Number(c.seq), list);
  }
  const recomputedAt = new Map<number, string>();

  const verifier = new ChainVerifier();
  let after: string | undefined;
  for (;;) {
    const rows = await chain.sealedEvents(tx, batchSize, after);
    for (const row of rows) {
      const seq = Number(row.seq);
      const recomputed = verifier.feed({ ...(row as unknown as SealedChainEvent), seq });
      if (bySeq.has(seq)) recomputedAt.set(seq, recomputed);
    }
    if (rows.length < batchSize) break;
    after = String(rows[rows.length - 1].seq);
  }
  const report = verifier.report();

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

  const pending = await chain.unsealedCount(tx);
  const checkpointCheck: CheckpointCheck = {
    checked: checkpoints.length,
    valid: firstInvalid === undefined,
    ...(firstInvalid ? { firstInvalidId: firstInvalid.id, reason: firstInvalid.reason } : {}),
  };
  return {
    ...report,
    valid: report.valid && checkpointCheck.valid,
    pending,
    checkpoints: checkpointCheck,
    publicKeyFingerprints: [
      ...new Set(checkpoints.map((c) => fingerprintOf(c.publicKeyPem)).filter(Boolean)),
    ],
  };
}
