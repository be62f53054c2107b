import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { BlobStore } from '../blobs/blob-store';
import { ReferralAttachmentEntity, type ReferralEntity } from '../entities';
import { afterCommit } from '../unit-of-work/after-commit';
import { managerOf, type Tx } from '../unit-of-work/tx';
import {
  ATTACHMENT_BLOB_PREFIX,
  attachmentBlobKey,
  attachmentIdOf,
  readDocument,
} from './attachment-content';
import { assertWithinScope, referralReachedBy } from './referral-scope';

/** A document before its first write: the database sets created_at; the bytes go to the blob store. */
export type NewReferralAttachment = Omit<
  ReferralAttachmentEntity,
  'createdAt' | 'content' | 'blobKey'
> & { content: Buffer };

/** A document with its bytes, checked against its SHA-256. */
export type ReferralAttachmentWithContent = ReferralAttachmentEntity & { content: Buffer };

/** Where `moveToBlobStore` stopped: pass it back to go on after that row. */
export interface LegacyCursor {
  readonly createdAt: string;
  readonly id: string;
}

export interface LegacyMoveBatch {
  /** Rows whose bytes went to the blob store in this batch. */
  readonly moved: number;
  /** Rows left in the database because their bytes no longer match their SHA-256. */
  readonly mismatched: readonly string[];
  /** null when no row was left after the cursor. */
  readonly next: LegacyCursor | null;
}

/** The referral a document belongs to, as far as reach needs it. */
type Holder = Pick<ReferralEntity, 'id' | 'organizationId' | 'createdBy'>;

/**
 * Documents on referrals. Reach is the referral's: whoever reaches it reaches
 * its documents. The bytes are in the blob store under a key named by the
 * document's id; PostgreSQL keeps the key and the SHA-256. A blob is written
 * before the transaction that records it commits (one rolled back leaves an
 * orphan blob, which sweepOrphanBlobs removes later) and deleted only after the
 * transaction that deleted its row has committed.
 */
@Injectable()
export class ReferralAttachmentsRepository {
  constructor(readonly blobs: BlobStore) {}

  /**
   * Store a document on a referral the caller holds: its bytes in the blob
   * store (checked against `sha256` first), then its row. The stored row, without its bytes.
   */
  async add(
    tx: Tx,
    scope: RecordScope,
    referral: Holder,
    attachment: NewReferralAttachment,
  ): Promise<ReferralAttachmentEntity> {
    assertWithinScope(scope, referral, `Referral ${referral.id}`);
    const { content, ...row } = attachment;
    const blobKey = attachmentBlobKey(row.id);
    await this.blobs.put(blobKey, content, {
      sha256: row.sha256,
      mediaType: row.mediaType,
    });
    const m = managerOf(tx);
    await m.insert(ReferralAttachmentEntity, { ...row, content: null, blobKey });
    return m.findOneByOrFail(ReferralAttachmentEntity, { id: row.id });
  }

  /** The referral's documents, oldest first, without their bytes. */
  async list(tx: Tx, scope: RecordScope, referralId: string): Promise<ReferralAttachmentEntity[]> {
    const reach = referralReachedBy(scope, 'a.referral_id');
    if (reach === null) {
      return managerOf(tx).find(ReferralAttachmentEntity, {
        where: { referralId },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
    }
    return managerOf(tx)
      .getRepository(ReferralAttachmentEntity)
      .createQueryBuilder('a')
      .where('a.referral_id = :referralId', { referralId })
      .andWhere(reach.sql, reach.params)
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /**
   * One document of the referral with its bytes, or null. The bytes must hash
   * to the recorded SHA-256, else BlobIntegrityError (a missing blob too).
   */
  async findWithContent(
    tx: Tx,
    scope: RecordScope,
    referralId: string,
    attachmentId: string,
  ): Promise<ReferralAttachmentWithContent | null> {
    const qb = managerOf(tx)
      .getRepository(ReferralAttachmentEntity)
      .createQueryBuilder('a')
      .addSelect('a.content')
      .where('a.id = :attachmentId AND a.referral_id = :referralId', { attachmentId, referralId });
    const reach = referralReachedBy(scope, 'a.referral_id');
    if (reach) qb.andWhere(reach.sql, reach.params);
    const row = await qb.getOne();
    if (!row) return null;
    return { ...row, content: await readDocument(this.blobs, row) };
  }

  /**
   * Delete one document of the referral; its blob goes once the transaction
   * commits. False when there is no such document within reach.
   */
  async remove(
    tx: Tx,
    scope: RecordScope,
    referralId: string,
    attachmentId: string,
  ): Promise<boolean> {
    const rows = await reachable(tx, scope, [referralId], attachmentId);
    return (await deleteRows(this.blobs, tx, rows)) > 0;
  }

  /**
   * Delete every document of these referrals (a purge); their blobs go once the
   * transaction commits. How many rows were deleted.
   */
  async removeAllOf(tx: Tx, scope: RecordScope, referralIds: readonly string[]): Promise<number> {
    if (referralIds.length === 0) return 0;
    return deleteRows(this.blobs, tx, await reachable(tx, scope, referralIds));
  }

  /**
   * Move up to `limit` documents stored before the blob store (bytes in the
   * row) into it, oldest first after `after`. Rows are locked (SKIP LOCKED, so
   * concurrent runs share the work); each blob is written, then the row points
   * at it and drops its bytes. A row whose bytes no longer match its SHA-256 is
   * left as it is and reported.
   */
  async moveToBlobStore(
    tx: Tx,
    limit: number,
    after: LegacyCursor | null,
  ): Promise<LegacyMoveBatch> {
    const m = managerOf(tx);
    const rows: {
      id: string;
      sha256: string;
      media_type: string;
      content: Buffer | null;
      created_at: string;
    }[] = await m.query(
      `SELECT id::text AS id, sha256, media_type, content, created_at::text AS created_at
         FROM referral_attachments
        WHERE blob_key IS NULL
          AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit, after?.createdAt ?? null, after?.id ?? null],
    );
    let moved = 0;
    const mismatched: string[] = [];
    for (const row of rows) {
      const blobKey = attachmentBlobKey(row.id);
      try {
        await readDocument(this.blobs, { ...row, blobKey: null });
      } catch {
        mismatched.push(row.id);
        continue;
      }
      await this.blobs.put(blobKey, row.content as Buffer, {
        sha256: row.sha256,
        mediaType: row.media_type,
      });
      await m.query(`UPDATE referral_attachments SET blob_key = $2, content = NULL WHERE id = $1`, [
        row.id,
        blobKey,
      ]);
      moved += 1;
    }
    const last = rows.at(-1);
    return {
      moved,
      mismatched,
      next: last ? { createdAt: last.created_at, id: last.id } : null,
    };
  }

  /**
   * Delete documents' blobs that no row names and that were last written
   * before `olderThan` (left by a transaction that rolled back, or a row
   * deleted without its blob). Keys of any other shape are left alone. How many were deleted.
   */
  async sweepOrphanBlobs(tx: Tx, olderThan: Date): Promise<number> {
    let deleted = 0;
    let batch: { key: string; id: string }[] = [];
    const flush = async (): Promise<void> => {
      const kept: { blob_key: string }[] = await managerOf(tx).query(
        `SELECT blob_key FROM referral_attachments
          WHERE id = ANY($1::uuid[]) AND blob_key IS NOT NULL`,
        [batch.map((b) => b.id)],
      );
      const named = new Set(kept.map((k) => k.blob_key));
      for (const { key } of batch) {
        if (named.has(key)) continue;
        await this.blobs.delete(key);
        deleted += 1;
      }
      batch = [];
    };
    for await (const blob of this.blobs.list(ATTACHMENT_BLOB_PREFIX)) {
      const id = attachmentIdOf(blob.key);
      if (id === null || blob.lastModified >= olderThan) continue;
      batch.push({ key: blob.key, id });
      if (batch.length >= 500) await flush();
    }
    if (batch.length > 0) await flush();
    return deleted;
  }

  /**
   * Remove every document of the given referrals (retention purge, system
   * work: no scope). Returns what went, so the caller can remove any content
   * kept outside the database: where attachment bytes live in a blob store,
   * deleting each returned blob belongs here, after the row's deletion commits.
   */
  async purgeOfReferrals(
    tx: Tx,
    referralIds: readonly string[],
  ): Promise<{ id: string; sha256: string }[]> {
    if (referralIds.length === 0) return [];
    const [rows] = await managerOf(tx).query<
      [{ id: string; sha256: string; blob_key: string | null }[], number]
    >(
      `DELETE FROM referral_attachments WHERE referral_id = ANY($1::uuid[])
       RETURNING id, sha256, blob_key`,
      [referralIds],
    );
    // Their bytes go after the commit (one task per blob); a crash in between
    // leaves an orphan blob, which sweepOrphanBlobs removes later.
    for (const row of rows) {
      const key = row.blob_key;
      if (key) await afterCommit(tx, () => this.blobs.delete(key));
    }
    return rows.map(({ id, sha256 }) => ({ id, sha256 }));
  }
}

/** The documents within reach, of these referrals (and this id). */
async function reachable(
  tx: Tx,
  scope: RecordScope,
  referralIds: readonly string[],
  attachmentId?: string,
): Promise<{ id: string; blobKey: string | null }[]> {
  const qb = managerOf(tx)
    .getRepository(ReferralAttachmentEntity)
    .createQueryBuilder('a')
    .select(['a.id', 'a.blobKey'])
    .where('a.referral_id IN (:...referralIds)', { referralIds });
  if (attachmentId !== undefined) qb.andWhere('a.id = :attachmentId', { attachmentId });
  const reach = referralReachedBy(scope, 'a.referral_id');
  if (reach) qb.andWhere(reach.sql, reach.params);
  return qb.getMany();
}

async function deleteRows(
  blobs: BlobStore,
  tx: Tx,
  rows: readonly { id: string; blobKey: string | null }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const [deleted, count] = await managerOf(tx).query<[{ blob_key: string | null }[], number]>(
    `DELETE FROM referral_attachments WHERE id = ANY($1::uuid[]) RETURNING blob_key`,
    [rows.map((r) => r.id)],
  );
  const keys = deleted.flatMap((d) => (d.blob_key ? [d.blob_key] : []));
  // One task per blob, so one the store refuses does not keep the others.
  for (const key of keys) await afterCommit(tx, () => blobs.delete(key));
  return count;
}
