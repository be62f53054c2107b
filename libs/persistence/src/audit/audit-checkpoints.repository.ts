import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A checkpoint as the auditor lists it. */
export interface CheckpointRow {
  id: string;
  seq: string;
  hash: string;
  signed_at: string;
  signature: string;
  public_key_pem: string;
  public_key_fingerprint: string;
  /** created_at as microsecond text: the listing's keyset. */
  created_key: string;
}

/** The newest checkpoint, and whether the periodic interval has passed since it. */
export interface LastCheckpoint {
  id: string;
  seq: string;
  due: boolean;
}

export interface NewCheckpoint {
  seq: number;
  hash: string;
  signedAt: Date;
  algorithm: string;
  signature: string;
  publicKeyPem: string;
  publicKeyFingerprint: string;
}

/**
 * Signed checkpoints of the chain head and the requests for one. Like the
 * chain they cover, they belong to no organization: no RecordScope.
 */
@Injectable()
export class AuditCheckpointsRepository {
  /** Newest first, before the keyset `after` (created_at text, id), at most `take`. */
  list(
    tx: Tx,
    after: { createdKey: string; id: string } | undefined,
    take: number,
  ): Promise<CheckpointRow[]> {
    const params: unknown[] = [];
    let where = '';
    if (after) {
      params.push(after.createdKey, after.id);
      where = `WHERE (c.created_at, c.id) < ($1::timestamptz, $2::uuid)`;
    }
    params.push(take);
    return managerOf(tx).query(
      `SELECT c.id, c.chain_seq::text AS seq, c.hash,
              to_char(c.signed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS signed_at,
              c.signature, c.public_key_pem, c.public_key_fingerprint,
              to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key
         FROM audit_checkpoints c ${where}
        ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
      params,
    );
  }

  /** Record that `requestedBy` asked for a checkpoint now. */
  async request(tx: Tx, requestedBy: string): Promise<{ id: string; requestedAt: Date }> {
    const [row] = await managerOf(tx).query<{ id: string; requested_at: Date }[]>(
      `INSERT INTO audit_checkpoint_requests (requested_by) VALUES ($1)
       RETURNING id, requested_at`,
      [requestedBy],
    );
    return { id: row.id, requestedAt: row.requested_at };
  }

  /** How many requests wait for a checkpoint. */
  async waitingRequests(tx: Tx): Promise<number> {
    const [waiting] = await managerOf(tx).query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_checkpoint_requests WHERE fulfilled_at IS NULL`,
    );
    return waiting?.n ?? 0;
  }

  /** The waiting requests, oldest first, locked until the transaction ends. */
  async lockWaitingRequests(tx: Tx): Promise<string[]> {
    const requests = await managerOf(tx).query<{ id: string }[]>(
      `SELECT id FROM audit_checkpoint_requests WHERE fulfilled_at IS NULL
        ORDER BY requested_at LIMIT 1000 FOR UPDATE`,
    );
    return requests.map((r) => r.id);
  }

  /** The newest checkpoint, `due` when it is older than `intervalSeconds`. */
  async last(tx: Tx, intervalSeconds: number): Promise<LastCheckpoint | undefined> {
    const [last] = await managerOf(tx).query<LastCheckpoint[]>(
      `SELECT id, chain_seq::text AS seq,
              signed_at <= now() - make_interval(secs => $1) AS due
         FROM audit_checkpoints ORDER BY signed_at DESC, chain_seq DESC LIMIT 1`,
      [intervalSeconds],
    );
    return last;
  }

  /** Store a signed checkpoint; its id. */
  async add(tx: Tx, checkpoint: NewCheckpoint): Promise<string> {
    const [row] = await managerOf(tx).query<{ id: string }[]>(
      `INSERT INTO audit_checkpoints
         (chain_seq, hash, signed_at, algorithm, signature, public_key_pem, public_key_fingerprint)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.signedAt,
        checkpoint.algorithm,
        checkpoint.signature,
        checkpoint.publicKeyPem,
        checkpoint.publicKeyFingerprint,
      ],
    );
    return row.id;
  }

  /** Mark requests fulfilled by checkpoint `checkpointId`. */
  async fulfil(tx: Tx, requestIds: string[], checkpointId: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE audit_checkpoint_requests SET fulfilled_at = now(), checkpoint_id = $2
        WHERE id = ANY($1::uuid[])`,
      [requestIds, checkpointId],
    );
  }
}
