import {
  AuditChainRepository,
  txOverSqlClient,
  type SqlRows,
  type StoredCheckpoint,
  type Tx,
} from '@app/persistence';
import {
  ChainVerifier,
  GENESIS_ANCHOR,
  type ChainAnchor,
  type ChainReport,
  type SealedChainEvent,
} from './audit-chain';
import { checkpointSignatureValid, publicKeyFingerprint } from './audit-checkpoint';

export type { SqlRows };

/** The reads (and the one write, the verification state) verification makes of the chain. */
export type AuditChainReads = Pick<
  AuditChainRepository,
  | 'checkpointsInChainOrder'
  | 'sealedEvents'
  | 'unsealedCount'
  | 'hashAt'
  | 'lastVerification'
  | 'rememberVerification'
  | 'archivedAnchor'
>;

/**
 * `full` recomputes from the chain's start (the genesis, or `from`);
 * `incremental` from the last checkpoint a verification reached, once that
 * checkpoint's signature and the stored hash at its position still hold.
 */
export type VerifyMode = 'full' | 'incremental';
export const VERIFY_MODES: readonly VerifyMode[] = ['full', 'incremental'];

export interface CheckpointCheck {
  /** Checkpoints examined (those at or after the position this run started from). */
  checked: number;
  /** True when every checkpoint's signature holds over the recomputed hash at its position. */
  valid: boolean;
  /** The first failing checkpoint, in chain order. */
  firstInvalidId?: string;
  reason?: string;
}

/** Where a run started recomputing: the position trusted without recomputing it. */
export interface VerificationStart extends ChainAnchor {
  /** `genesis`; `anchor`: the caller's `from`; `checkpoint`: the last verified checkpoint. */
  kind: 'genesis' | 'anchor' | 'checkpoint';
  /** The verified checkpoint started from (kind `checkpoint`). */
  checkpointId?: string;
  /**
   * Why an incremental run could not start from the remembered checkpoint
   * (the run then recomputed from the chain's start, and is not valid).
   */
  rejected?: string;
}

export interface AuditVerification extends ChainReport {
  mode: VerifyMode;
  start: VerificationStart;
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
  /** `full` unless told. */
  mode?: VerifyMode;
  /**
   * A trusted start in place of the genesis: the hash at `seq`, e.g. the
   * anchor of an archive holding the events up to `seq`, which may no longer
   * be in the database. Events and checkpoints before it are not examined.
   */
  from?: ChainAnchor;
  /**
   * Record the newest checkpoint a valid run reached (audit_verifications), so
   * that the next incremental run starts there. Off unless told.
   */
  remember?: boolean;
}

const DEFAULT_BATCH = 5000;

/**
 * Recomputes the chain from the database in chain order, a batch at a
 * time, from its start (`full`) or from the last verified checkpoint
 * (`incremental`), and checks every checkpoint's signature from there on
 * against the hash recomputed at its position (not the stored one): a history
 * rewritten consistently before a checkpoint recomputes to a different hash
 * there, and fails.
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
  const mode = options.mode ?? 'full';
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const all = await chain.checkpointsInChainOrder(tx);
  const keys = new KeyCheck(options.trustedFingerprints);

  // After the retention purge the chain starts at the newest archive's last event.
  const from = options.from ?? (await chain.archivedAnchor(tx));
  const start = await startOf(chain, tx, mode, from, all, keys);
  const checkpoints = all.filter((c) => Number(c.seq) >= start.seq);
  const bySeq = new Set(checkpoints.map((c) => Number(c.seq)));
  const recomputedAt = new Map<number, string>([[start.seq, start.hash]]);

  const verifier = new ChainVerifier(start);
  let after = start.seq > 0 ? String(start.seq) : undefined;
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
  let reached: StoredCheckpoint | undefined;
  for (const c of checkpoints) {
    const seq = Number(c.seq);
    const recomputed = recomputedAt.get(seq);
    const reason =
      recomputed === undefined
        ? `position ${seq} is not in the chain any more`
        : keys.problem(c, recomputed);
    if (reason) {
      firstInvalid = { id: c.id, reason };
      break;
    }
    reached = c;
  }

  const pending = await chain.unsealedCount(tx);
  const checkpointCheck: CheckpointCheck = {
    checked: checkpoints.length,
    valid: firstInvalid === undefined,
    ...(firstInvalid ? { firstInvalidId: firstInvalid.id, reason: firstInvalid.reason } : {}),
  };
  const valid = report.valid && checkpointCheck.valid && start.rejected === undefined;
  if (
    valid &&
    options.remember &&
    reached &&
    reached.id !== start.checkpointId &&
    (await chain.lastVerification(tx))?.checkpointId !== reached.id
  ) {
    await chain.rememberVerification(tx, {
      mode,
      fromSeq: String(start.seq),
      checkpointId: reached.id,
      seq: reached.seq,
      hash: recomputedAt.get(Number(reached.seq)) as string,
    });
  }
  return {
    ...report,
    valid,
    ...(report.reason === undefined && start.rejected !== undefined
      ? { reason: start.rejected }
      : {}),
    mode,
    start,
    pending,
    checkpoints: checkpointCheck,
    publicKeyFingerprints: [
      ...new Set(all.map((c) => keys.fingerprintOf(c.publicKeyPem)).filter(Boolean)),
    ],
  };
}

/**
 * Where to start recomputing. Incremental: the remembered checkpoint, when it
 * lies after the chain's start, is still signed over the remembered hash, and
 * the event at its position still stores that hash; otherwise the chain's
 * start, with the reason the remembered one was refused.
 */
async function startOf(
  chain: AuditChainReads,
  tx: Tx,
  mode: VerifyMode,
  from: ChainAnchor | undefined,
  checkpoints: StoredCheckpoint[],
  keys: KeyCheck,
): Promise<VerificationStart> {
  const base: VerificationStart = from
    ? { kind: 'anchor', seq: from.seq, hash: from.hash.toLowerCase() }
    : { kind: 'genesis', ...GENESIS_ANCHOR };
  if (mode !== 'incremental') return base;
  const state = await chain.lastVerification(tx);
  if (!state || Number(state.seq) <= base.seq) return base;
  const seq = Number(state.seq);
  const signed = checkpoints.find((c) => c.id === state.checkpointId);
  let rejected: string | undefined;
  if (!signed || Number(signed.seq) !== seq) {
    rejected = `the last verified checkpoint (at ${seq}) is not among the signed checkpoints`;
  } else {
    const problem = keys.problem(signed, state.hash);
    if (problem) {
      rejected = `the last verified checkpoint (at ${seq}) does not hold: ${problem}`;
    } else if ((await chain.hashAt(tx, state.seq)) !== state.hash) {
      rejected = `the stored hash at ${seq} differs from the one verified there`;
    }
  }
  return rejected
    ? { ...base, rejected }
    : { kind: 'checkpoint', seq, hash: state.hash, checkpointId: state.checkpointId };
}

/** Checkpoint signatures, and the keys trusted to make them. */
class KeyCheck {
  private readonly trusted?: Set<string>;
  private readonly fingerprints = new Map<string, string>();

  constructor(trustedFingerprints?: string[]) {
    this.trusted = trustedFingerprints
      ? new Set(trustedFingerprints.map((f) => f.toLowerCase()))
      : undefined;
  }

  fingerprintOf(pem: string): string {
    let f = this.fingerprints.get(pem);
    if (f === undefined) {
      try {
        f = publicKeyFingerprint(pem);
      } catch {
        f = '';
      }
      this.fingerprints.set(pem, f);
    }
    return f;
  }

  /** Why the checkpoint does not sign `hash` at its position, or undefined when it does. */
  problem(c: StoredCheckpoint, hash: string): string | undefined {
    const seq = Number(c.seq);
    if (this.trusted && !this.trusted.has(this.fingerprintOf(c.publicKeyPem))) {
      return 'signed by a key that is not trusted';
    }
    if (
      checkpointSignatureValid({ seq, hash, signedAt: c.signedAt }, c.signature, c.publicKeyPem)
    ) {
      return undefined;
    }
    return hash === c.hash
      ? 'the signature does not hold'
      : `the history up to position ${seq} differs from what was signed`;
  }
}
