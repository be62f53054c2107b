import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { CHAIN_EVENT_COLUMNS, VERIFY_EVENT_COLUMNS, type ChainEventRow } from './chain-columns';

/** The last chained event's position and hash. */
export interface ChainHead {
  seq: string;
  hash: string;
}

/** A checkpoint as the verifier reads it, in chain order. */
export interface StoredCheckpoint {
  id: string;
  seq: string;
  hash: string;
  signedAt: string;
  signature: string;
  publicKeyPem: string;
}

/** What a verification established: the chain recomputed up to a signed checkpoint. */
export interface VerifiedCheckpoint {
  /** The checkpoint reached (audit_checkpoints.id). */
  checkpointId: string;
  seq: string;
  /** The hash recomputed at `seq`, which the checkpoint signs. */
  hash: string;
}

/** A remembered verification, as audit_verifications holds it. */
export interface VerificationState extends VerifiedCheckpoint {
  verifiedAt: string;
  mode: 'full' | 'incremental';
  /** Where that run started (0: the genesis). */
  fromSeq: string;
}

/** A checkpoint as a package proof carries it. */
export interface CoveringCheckpoint extends StoredCheckpoint {
  algorithm: string;
  publicKeyFingerprint: string;
}

/**
 * The hash chain over the audit events: the sealer's appends and the
 * verifier's reads. The chain is the whole trail, not any organization's
 * records, so nothing here takes a RecordScope.
 */
@Injectable()
export class AuditChainRepository {
  /**
   * Try the transaction-level advisory lock `key` (held until the transaction
   * ends): false when another transaction holds it.
   */
  async tryLock(tx: Tx, key: number): Promise<boolean> {
    const [lock] = await managerOf(tx).query<{ locked: boolean }[]>(
      `SELECT pg_try_advisory_xact_lock($1) AS locked`,
      [key],
    );
    return lock?.locked === true;
  }

  /** The chain's head, or undefined while nothing is chained. */
  async head(tx: Tx): Promise<ChainHead | undefined> {
    const [head] = await managerOf(tx).query<ChainHead[]>(
      `SELECT chain_seq::text AS seq, hash FROM audit_events
        WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
    );
    return head;
  }

  /** Committed events not chained yet, in id order. */
  unsealed(tx: Tx, take: number): Promise<(ChainEventRow & { id: string })[]> {
    return managerOf(tx).query(
      `SELECT e.id::text AS id, ${CHAIN_EVENT_COLUMNS}
         FROM audit_events e WHERE e.chain_seq IS NULL ORDER BY e.id LIMIT $1`,
      [take],
    );
  }

  /**
   * Fill the chain columns of events (parallel arrays). The append-only
   * trigger allows this once per event; an event already chained is left alone.
   */
  async seal(
    tx: Tx,
    links: { ids: string[]; seqs: number[]; prevs: string[]; hashes: string[] },
  ): Promise<void> {
    await managerOf(tx).query(
      `UPDATE audit_events a SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(id, seq, prev, hash)
        WHERE a.id = v.id AND a.chain_seq IS NULL`,
      [links.ids, links.seqs, links.prevs, links.hashes],
    );
  }

  /** Every checkpoint, in chain order. */
  checkpointsInChainOrder(tx: Tx): Promise<StoredCheckpoint[]> {
    return managerOf(tx).query(
      `SELECT c.id::text AS id, c.chain_seq::text AS seq, c.hash,
              to_char(c.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "signedAt",
              c.signature, c.public_key_pem AS "publicKeyPem"
         FROM audit_checkpoints c ORDER BY c.chain_seq, c.signed_at, c.id`,
    );
  }

  /**
   * Sealed events in chain order after position `afterSeq` (from the start
   * when undefined), at most `take`, as VERIFY_EVENT_COLUMNS reads them.
   */
  sealedEvents(tx: Tx, take: number, afterSeq?: string): Promise<Record<string, unknown>[]> {
    return managerOf(tx).query(
      `SELECT ${VERIFY_EVENT_COLUMNS}
         FROM audit_events e
        WHERE e.chain_seq IS NOT NULL ${afterSeq === undefined ? '' : 'AND e.chain_seq > $2::bigint'}
        ORDER BY e.chain_seq
        LIMIT $1`,
      afterSeq === undefined ? [take] : [take, afterSeq],
    );
  }

  /**
   * The first successful event recording `action` on a target, as
   * VERIFY_EVENT_COLUMNS reads it (`seq` null while it is not chained yet).
   */
  async eventOf(
    tx: Tx,
    action: string,
    targetType: string,
    targetId: string,
  ): Promise<Record<string, unknown> | undefined> {
    const [row] = await managerOf(tx).query<Record<string, unknown>[]>(
      `SELECT ${VERIFY_EVENT_COLUMNS}
         FROM audit_events e
        WHERE e.target_type = $2 AND e.target_id = $3 AND e.action = $1 AND e.outcome = 'success'
        ORDER BY e.id LIMIT 1`,
      [action, targetType, targetId],
    );
    return row;
  }

  /** The earliest checkpoint of a position at or after `seq` (the shortest proof), if any. */
  async firstCheckpointFrom(tx: Tx, seq: string): Promise<CoveringCheckpoint | undefined> {
    const [row] = await managerOf(tx).query<CoveringCheckpoint[]>(
      `SELECT c.id::text AS id, c.chain_seq::text AS seq, c.hash,
              to_char(c.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "signedAt",
              c.algorithm, c.signature, c.public_key_pem AS "publicKeyPem",
              c.public_key_fingerprint AS "publicKeyFingerprint"
         FROM audit_checkpoints c WHERE c.chain_seq >= $1::bigint
        ORDER BY c.chain_seq, c.signed_at, c.id LIMIT 1`,
      [seq],
    );
    return row;
  }

  /** The chained fields of positions after `afterSeq` up to `uptoSeq`, in order. */
  chainFieldsBetween(
    tx: Tx,
    afterSeq: string,
    uptoSeq: string,
  ): Promise<(ChainEventRow & { seq: string })[]> {
    return managerOf(tx).query(
      `SELECT e.chain_seq::text AS seq, ${CHAIN_EVENT_COLUMNS}
         FROM audit_events e
        WHERE e.chain_seq > $1::bigint AND e.chain_seq <= $2::bigint
        ORDER BY e.chain_seq`,
      [afterSeq, uptoSeq],
    );
  }

  /** The stored hash of the event at `seq`, or undefined when no event holds it. */
  async hashAt(tx: Tx, seq: string): Promise<string | undefined> {
    const [row] = await managerOf(tx).query<{ hash: string | null }[]>(
      `SELECT e.hash FROM audit_events e WHERE e.chain_seq = $1::bigint LIMIT 1`,
      [seq],
    );
    return row ? (row.hash ?? '') : undefined;
  }

  /** The newest remembered verification (audit_verifications), if any. */
  async lastVerification(tx: Tx): Promise<VerificationState | undefined> {
    const [row] = await managerOf(tx).query<VerificationState[]>(
      `SELECT v.checkpoint_id::text AS "checkpointId", v.chain_seq::text AS seq, v.hash,
              to_char(v.verified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "verifiedAt",
              v.mode, v.from_seq::text AS "fromSeq"
         FROM audit_verifications v ORDER BY v.id DESC LIMIT 1`,
    );
    return row;
  }

  /** Remember that a verification (of `mode`, started after `fromSeq`) reached a checkpoint. */
  async rememberVerification(
    tx: Tx,
    state: VerifiedCheckpoint & { mode: 'full' | 'incremental'; fromSeq: string },
  ): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO audit_verifications (mode, from_seq, chain_seq, hash, checkpoint_id)
       VALUES ($1, $2::bigint, $3::bigint, $4, $5::uuid)`,
      [state.mode, state.fromSeq, state.seq, state.hash, state.checkpointId],
    );
  }

  /**
   * Where the live chain continues after the retention purge: the last event of
   * the newest archived and removed month (audit_archives), whose signed file
   * holds everything before it (`npm run audit:archive-verify`). Only once no
   * event at or before that position is left in the table; while any is, the
   * chain is read from its start.
   */
  async archivedAnchor(tx: Tx): Promise<{ seq: number; hash: string } | undefined> {
    const [row] = await managerOf(tx).query<{ seq: string; hash: string; left: boolean }[]>(
      `SELECT a.last_seq::text AS seq, a.last_hash AS hash,
              EXISTS (SELECT 1 FROM audit_events e WHERE e.chain_seq <= a.last_seq) AS "left"
         FROM audit_archives a
        WHERE a.purged_at IS NOT NULL
        ORDER BY a.last_seq DESC LIMIT 1`,
    );
    return row && !row.left ? { seq: Number(row.seq), hash: row.hash } : undefined;
  }

  /** Events written but not chained yet. */
  async unsealedCount(tx: Tx): Promise<number> {
    const [pendingRow] = await managerOf(tx).query<{ n: string }[]>(
      `SELECT count(*)::text AS n FROM audit_events WHERE chain_seq IS NULL`,
    );
    return Number(pendingRow?.n ?? 0);
  }
}
