import type { RecordScope } from '@app/domain';
import { withinScope } from '@app/domain';
import { InMemoryBlobStore } from '../blobs/in-memory-blob-store';
import type { ReferralAttachmentEntity, ReferralEntity } from '../entities';
import type { Tx } from '../unit-of-work/tx';
import {
  ATTACHMENT_BLOB_PREFIX,
  attachmentBlobKey,
  attachmentIdOf,
  readDocument,
} from './attachment-content';
import type {
  LegacyCursor,
  LegacyMoveBatch,
  NewReferralAttachment,
  ReferralAttachmentsRepository,
  ReferralAttachmentWithContent,
} from './referral-attachments.repository';

/** Answer on a later tick, as a query does, so callers cannot rely on synchronous fakes. */
const settled = (): Promise<void> => Promise.resolve();

type Holder = Pick<ReferralEntity, 'id' | 'organizationId' | 'createdBy'>;

/**
 * ReferralAttachmentsRepository over an array and an in-memory blob store, for
 * unit tests. Reach is the referral's, so the fake is told each document's
 * referral holder. Blobs of deleted rows go at once (the fake has no commit).
 */
export class InMemoryReferralAttachmentsRepository implements Pick<
  ReferralAttachmentsRepository,
  keyof ReferralAttachmentsRepository
> {
  readonly rows: { holder: Holder; attachment: ReferralAttachmentEntity }[] = [];
  readonly blobs = new InMemoryBlobStore();

  async add(
    _tx: Tx,
    scope: RecordScope,
    referral: Holder,
    attachment: NewReferralAttachment,
  ): Promise<ReferralAttachmentEntity> {
    await settled();
    if (!this.reaches(scope, referral)) throw new Error('The referral lies outside the scope');
    const { content, ...row } = attachment;
    const blobKey = attachmentBlobKey(row.id);
    await this.blobs.put(blobKey, content, { sha256: row.sha256, mediaType: row.mediaType });
    const stored = { ...row, content: null, blobKey, createdAt: new Date() };
    this.rows.push({ holder: { ...referral }, attachment: stored });
    return { ...stored };
  }

  async list(_tx: Tx, scope: RecordScope, referralId: string): Promise<ReferralAttachmentEntity[]> {
    await settled();
    return this.rows
      .filter((r) => r.attachment.referralId === referralId && this.reaches(scope, r.holder))
      .map((r) => ({ ...r.attachment, content: null }));
  }

  async purgeOfReferrals(
    _tx: Tx,
    referralIds: readonly string[],
  ): Promise<{ id: string; sha256: string }[]> {
    await settled();
    const gone = this.rows.filter((r) => referralIds.includes(r.attachment.referralId));
    for (const row of gone) this.rows.splice(this.rows.indexOf(row), 1);
    return gone.map((r) => ({ id: r.attachment.id, sha256: r.attachment.sha256 }));
  }

  async findWithContent(
    _tx: Tx,
    scope: RecordScope,
    referralId: string,
    attachmentId: string,
  ): Promise<ReferralAttachmentWithContent | null> {
    await settled();
    const row = this.find(scope, [referralId], attachmentId)[0];
    if (!row) return null;
    return { ...row.attachment, content: await readDocument(this.blobs, row.attachment) };
  }

  async remove(
    _tx: Tx,
    scope: RecordScope,
    referralId: string,
    attachmentId: string,
  ): Promise<boolean> {
    return (await this.drop(this.find(scope, [referralId], attachmentId))) > 0;
  }

  async removeAllOf(_tx: Tx, scope: RecordScope, referralIds: readonly string[]): Promise<number> {
    return this.drop(this.find(scope, referralIds));
  }

  async moveToBlobStore(
    _tx: Tx,
    limit: number,
    _after: LegacyCursor | null,
  ): Promise<LegacyMoveBatch> {
    await settled();
    const legacy = this.rows.filter((r) => r.attachment.blobKey === null).slice(0, limit);
    for (const { attachment } of legacy) {
      const blobKey = attachmentBlobKey(attachment.id);
      await this.blobs.put(blobKey, attachment.content as Buffer, attachment);
      Object.assign(attachment, { blobKey, content: null });
    }
    return { moved: legacy.length, mismatched: [], next: null };
  }

  async sweepOrphanBlobs(_tx: Tx, olderThan: Date): Promise<number> {
    const named = new Set(this.rows.map((r) => r.attachment.blobKey));
    let deleted = 0;
    for await (const blob of this.blobs.list(ATTACHMENT_BLOB_PREFIX)) {
      if (attachmentIdOf(blob.key) && blob.lastModified < olderThan && !named.has(blob.key)) {
        await this.blobs.delete(blob.key);
        deleted += 1;
      }
    }
    return deleted;
  }

  private find(scope: RecordScope, referralIds: readonly string[], attachmentId?: string) {
    return this.rows.filter(
      (r) =>
        referralIds.includes(r.attachment.referralId) &&
        (attachmentId === undefined || r.attachment.id === attachmentId) &&
        this.reaches(scope, r.holder),
    );
  }

  private async drop(rows: { attachment: ReferralAttachmentEntity }[]): Promise<number> {
    for (const row of rows) {
      this.rows.splice(this.rows.indexOf(row as (typeof this.rows)[number]), 1);
      if (row.attachment.blobKey) await this.blobs.delete(row.attachment.blobKey);
    }
    return rows.length;
  }

  private reaches(scope: RecordScope, holder: Holder): boolean {
    return withinScope(scope, { organizationId: holder.organizationId, ownerId: holder.createdBy });
  }
}
