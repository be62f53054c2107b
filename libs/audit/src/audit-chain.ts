import { canonicalJson } from '@app/domain';
import { createHash } from 'node:crypto';

/** The `prevHash` of the first event in the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Transaction-level advisory lock held by whoever appends to the chain (the
 * sealer; an operator repairing by hand must take it too). One appender at a
 * time, however many worker replicas run.
 */
export const AUDIT_SEAL_LOCK_KEY = 7_311_052_420;

/** Held while a checkpoint is signed, so replicas never sign the same head twice. */
export const AUDIT_CHECKPOINT_LOCK_KEY = 7_311_052_421;

/**
 * The fields of an event that its chain hash covers, as read from the
 * database (CHAIN_EVENT_COLUMNS, in libs/persistence). The details are bound through their
 * digest; the verifier recomputes that digest from the stored details, so an
 * edit of the details alone is found too.
 */
export interface ChainEventFields {
  occurredAt: string;
  actorUserId: string | null;
  actorOrganizationId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  requestId: string | null;
  ip: string | null;
  detailsDigest: string;
  /**
   * How the event is chained (column `chain_format`; not in the projection):
   * 1 hashes the projection itself, 2 its digest. Absent means 1.
   */
  chainFormat?: ChainFormat;
}

/**
 * 1: `SHA-256(prevHash ‖ projection)`, the events written before packages were
 * digested. 2: `SHA-256(prevHash ‖ SHA-256(projection))`, every event since, so
 * a proof can step over an unrelated event by its projection digest alone.
 */
export type ChainFormat = 1 | 2;

/** A sealed event as the verifier reads it (VERIFY_EVENT_COLUMNS), ordered by `seq`. */
export interface SealedChainEvent extends ChainEventFields {
  seq: number;
  prevHash: string | null;
  hash: string | null;
  /** The stored details, from which `detailsDigest` is recomputed. */
  details: unknown;
}

/** `SHA-256(canonicalJson(details))`, lowercase hex: what `detailsDigest` holds. */
export function digestOfDetails(details: unknown): string {
  return createHash('sha256').update(canonicalJson(details), 'utf8').digest('hex');
}

/**
 * The canonical (RFC 8785 style) JSON of the projection an event's hash
 * covers. Changing this is changing the chain format: it is documented in
 * docs/audit.md and must stay byte-for-byte stable.
 */
export function chainProjection(seq: number, event: ChainEventFields): string {
  return canonicalJson({
    seq,
    occurredAt: event.occurredAt,
    actorUserId: event.actorUserId,
    actorOrganizationId: event.actorOrganizationId,
    actorRole: event.actorRole,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    outcome: event.outcome,
    requestId: event.requestId,
    ip: event.ip,
    detailsDigest: event.detailsDigest,
  });
}

/** `SHA-256(canonicalJson(projection))`, lowercase hex: what a format 2 link hashes. */
export function projectionDigest(seq: number, event: ChainEventFields): string {
  return sha256Hex(chainProjection(seq, event));
}

/**
 * Format 1: `SHA-256(prevHash ‖ canonicalJson(projection))`; format 2:
 * `SHA-256(prevHash ‖ projectionDigest)`. Lowercase hex; every part as UTF-8 text.
 */
export function chainHash(prevHash: string, seq: number, event: ChainEventFields): string {
  return (event.chainFormat ?? 1) === 2
    ? linkDigest(prevHash, projectionDigest(seq, event))
    : sha256Hex(prevHash + chainProjection(seq, event));
}

/** A format 2 link: `SHA-256(prevHash ‖ projectionDigest)`, both 64 lowercase hex characters. */
export function linkDigest(prevHash: string, digest: string): string {
  return sha256Hex(prevHash + digest);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ChainReport {
  /** True when every sealed event recomputes and links to the one before it. */
  valid: boolean;
  /** Sealed events examined. */
  checked: number;
  /** Last position read (0 for an empty chain) and its stored hash. */
  headSeq: number;
  headHash: string;
  /** First position where the stored chain disagrees with the recomputation. */
  firstBrokenSeq?: number;
  reason?: string;
}

/**
 * Recomputes the chain from sealed events fed in `seq` order (in batches, so a
 * million events never sit in memory at once). Every event's details digest is
 * recomputed from its stored details and its hash from the running recomputed
 * hash, never from the stored `prevHash` or `detailsDigest`; so an edited,
 * deleted, inserted or reordered event shows as the first position where
 * stored and recomputed disagree, and every later recomputed hash differs from
 * what a checkpoint signed before the change.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private running: string;
  private checked = 0;
  private headSeq: number;
  private headHash: string;
  private broken?: { seq: number; reason: string };

  /**
   * `from`: verify a run of the chain that continues after position `seq`
   * whose hash is `hash` (an archived segment, or the rest of the chain after
   * one). Without it the chain is read from its first position.
   */
  constructor(from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
    this.expectedSeq = from.seq + 1;
    this.running = from.hash;
    this.headSeq = from.seq;
    this.headHash = from.hash;
  }

  /** Feed the next sealed event; returns the recomputed hash at its position. */
  feed(event: SealedChainEvent): string {
    this.checked += 1;
    this.headSeq = event.seq;
    this.headHash = event.hash ?? '';
    if (!this.broken) {
      if (event.seq !== this.expectedSeq) {
        this.fail(
          this.expectedSeq,
          event.seq > this.expectedSeq
            ? `position ${this.expectedSeq} is missing (next stored position is ${event.seq})`
            : `position ${event.seq} appears out of order`,
        );
      } else if (event.prevHash !== this.running) {
        this.fail(event.seq, `the stored previous hash at ${event.seq} does not link to the chain`);
      }
    }
    const digest = recomputedDigest(event.details);
    if (!this.broken && digest !== event.detailsDigest) {
      this.fail(event.seq, `the details at ${event.seq} do not match their digest`);
    }
    const recomputed = chainHash(this.running, event.seq, { ...event, detailsDigest: digest });
    if (!this.broken && recomputed !== event.hash) {
      this.fail(event.seq, `the event at ${event.seq} does not match its stored hash`);
    }
    this.running = recomputed;
    this.expectedSeq = event.seq + 1;
    return recomputed;
  }

  report(): ChainReport {
    return {
      valid: this.broken === undefined,
      checked: this.checked,
      headSeq: this.headSeq,
      headHash: this.headHash,
      ...(this.broken ? { firstBrokenSeq: this.broken.seq, reason: this.broken.reason } : {}),
    };
  }

  private fail(seq: number, reason: string): void {
    this.broken = { seq, reason };
  }
}

/** Details that canonical JSON cannot hold were not written by the writer: they match nothing. */
function recomputedDigest(details: unknown): string {
  try {
    return digestOfDetails(details);
  } catch {
    return '';
  }
}
