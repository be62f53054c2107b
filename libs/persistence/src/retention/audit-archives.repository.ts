import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';
import type { AuditEventRow } from '../audit/audit-events.repository';

/**
 * A run of the chain that may leave the database: every event of one UTC
 * month (and any straggler of an earlier one) from just after the last archive
 * up to the first event of a later month, all sealed and covered by a signed
 * checkpoint.
 */
export interface AuditSegment {
  /** `YYYY-MM`: the month of the segment's first event; every event in it occurred before its end. */
  month: string;
  firstSeq: number;
  lastSeq: number;
  /** The stored previous hash of the first event (the hash of position firstSeq − 1). */
  firstPrevHash: string;
  lastHash: string;
  count: number;
  /** When the first event occurred. */
  oldest: Date;
}

/**
 * An event exactly as stored, as an archive line holds it (snake_case column
 * names): the auditor's row, sealed (an archived event is always chained).
 */
export interface ArchivedEventRow extends Omit<
  AuditEventRow,
  'details' | 'chain_seq' | 'prev_hash' | 'hash'
> {
  details: unknown;
  chain_seq: number;
  prev_hash: string;
  hash: string;
}

export interface NewAuditArchive {
  month: string;
  firstSeq: number;
  lastSeq: number;
  firstPrevHash: string;
  lastHash: string;
  count: number;
  sha256: string;
  signature: string;
  publicKeyFingerprint: string;
  fileName: string;
  archivedAt: Date;
}

export interface StoredAuditArchive extends NewAuditArchive {
  id: string;
  purgedAt: Date | null;
}

/**
 * Archived months of the audit trail: finding the next month that may go,
 * reading it, recording its archive and removing its events. The trail is the
 * coalition's, not any organization's: no RecordScope.
 */
@Injectable()
export class AuditArchivesRepository {
  /** The archives, in chain order. */
  async list(tx: Tx): Promise<StoredAuditArchive[]> {
    return managerOf(tx).query(
      `SELECT id, month, first_seq::int AS "firstSeq", last_seq::int AS "lastSeq",
              first_prev_hash AS "firstPrevHash", last_hash AS "lastHash",
              event_count AS count, sha256, signature,
              public_key_fingerprint AS "publicKeyFingerprint", file_name AS "fileName",
              archived_at AS "archivedAt", purged_at AS "purgedAt"
         FROM audit_archives ORDER BY first_seq`,
    );
  }

  /**
   * Whether this connection's role may delete audit events at all. Where the
   * application role has DELETE revoked (docs/deployment.md), archiving is
   * left to `npm run retention:purge` run as the owner.
   */
  async mayPurge(tx: Tx): Promise<boolean> {
    const [row] = await managerOf(tx).query<{ may: boolean }[]>(
      `SELECT has_table_privilege('audit_events', 'DELETE')
              AND has_table_privilege('audit_archives', 'INSERT') AS may`,
    );
    return row?.may === true;
  }

  /** The chain position after the last archived one (1 when nothing is archived). */
  async nextUnarchivedSeq(tx: Tx): Promise<number> {
    const [row] = await managerOf(tx).query<{ next: string }[]>(
      `SELECT (COALESCE(max(last_seq), 0) + 1)::text AS next FROM audit_archives`,
    );
    return Number(row?.next ?? 1);
  }

  /**
   * The segment starting at chain position `fromSeq`, if its month ended
   * before `cutoff`, every event of that month is sealed, a later month's
   * event is chained after it and a signed checkpoint covers its last
   * position; otherwise undefined. The segment ends just before that later
   * event, so the chain's head never leaves the table (the sealer continues
   * the chain from the head it finds there).
   */
  async segmentFrom(tx: Tx, fromSeq: number, cutoff: Date): Promise<AuditSegment | undefined> {
    const m = managerOf(tx);
    const [first] = await m.query<{ prevHash: string; month: string; oldest: Date; end: Date }[]>(
      `SELECT e.prev_hash AS "prevHash", e.occurred_at AS oldest,
              to_char(date_trunc('month', e.occurred_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
              (date_trunc('month', e.occurred_at AT TIME ZONE 'UTC') + interval '1 month')
                AT TIME ZONE 'UTC' AS "end"
         FROM audit_events e WHERE e.chain_seq = $1`,
      [fromSeq],
    );
    if (!first || new Date(first.end) > cutoff) return undefined;
    const [bounds] = await m.query<
      { unsealed: boolean; lastSeq: string | null; lastHash: string | null; covered: boolean }[]
    >(
      `WITH last AS (
         SELECT min(chain_seq) - 1 AS seq FROM audit_events
          WHERE chain_seq >= $1 AND occurred_at >= $2)
       SELECT EXISTS (SELECT 1 FROM audit_events
                       WHERE chain_seq IS NULL AND occurred_at < $2) AS unsealed,
              last.seq::text AS "lastSeq",
              (SELECT hash FROM audit_events WHERE chain_seq = last.seq) AS "lastHash",
              EXISTS (SELECT 1 FROM audit_checkpoints WHERE chain_seq >= last.seq) AS covered
         FROM last`,
      [fromSeq, first.end],
    );
    if (!bounds || bounds.unsealed || !bounds.covered || bounds.lastSeq === null) return undefined;
    const lastSeq = Number(bounds.lastSeq);
    if (lastSeq < fromSeq || !bounds.lastHash) return undefined;
    return {
      month: first.month,
      firstSeq: fromSeq,
      lastSeq,
      firstPrevHash: first.prevHash,
      lastHash: bounds.lastHash,
      count: lastSeq - fromSeq + 1,
      oldest: new Date(first.oldest),
    };
  }

  /** Events of positions `after` < seq ≤ `lastSeq`, up to `take`, in chain order, as stored. */
  async events(tx: Tx, after: number, lastSeq: number, take: number): Promise<ArchivedEventRow[]> {
    return managerOf(tx).query(
      `SELECT e.id::text AS id,
              to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
              e.actor_user_id::text AS actor_user_id,
              e.actor_organization_id::text AS actor_organization_id,
              e.actor_role, e.action, e.target_type, e.target_id, e.outcome, e.request_id, e.ip,
              e.details, e.details_digest, e.chain_seq::int AS chain_seq, e.prev_hash, e.hash,
              e.chain_format::int AS chain_format
         FROM audit_events e
        WHERE e.chain_seq > $1 AND e.chain_seq <= $2
        ORDER BY e.chain_seq LIMIT $3`,
      [after, lastSeq, take],
    );
  }

  /** Record an archive written and verified; its id. */
  async add(tx: Tx, a: NewAuditArchive): Promise<string> {
    const [row] = await managerOf(tx).query<{ id: string }[]>(
      `INSERT INTO audit_archives (month, first_seq, last_seq, first_prev_hash, last_hash,
         event_count, sha256, signature, public_key_fingerprint, file_name, archived_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [
        a.month,
        a.firstSeq,
        a.lastSeq,
        a.firstPrevHash,
        a.lastHash,
        a.count,
        a.sha256,
        a.signature,
        a.publicKeyFingerprint,
        a.fileName,
        a.archivedAt,
      ],
    );
    return row.id;
  }

  /**
   * Delete the archived events by chain position and mark the archive purged;
   * how many events went. The database refuses to delete a position no archive covers.
   */
  async purgeArchived(
    tx: Tx,
    archiveId: string,
    firstSeq: number,
    lastSeq: number,
  ): Promise<number> {
    const m = managerOf(tx);
    const [, count] = await m.query<[unknown, number]>(
      `DELETE FROM audit_events WHERE chain_seq BETWEEN $1 AND $2`,
      [firstSeq, lastSeq],
    );
    await m.query(`UPDATE audit_archives SET purged_at = now() WHERE id = $1`, [archiveId]);
    return count;
  }
}
