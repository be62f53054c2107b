import type { RecordScope } from '@app/domain';
import { withinScope } from '@app/domain';
import type { ReferralAttachmentEntity, ReferralEntity } from '../entities';
import type { Tx } from '../unit-of-work/tx';
import type {
  NewReferralAttachment,
  ReferralAttachmentsRepository,
} from './referral-attachments.repository';

/** Answer on a later tick, as a query does, so callers cannot rely on synchronous fakes. */
const settled = (): Promise<void> => Promise.resolve();

type Holder = Pick<ReferralEntity, 'id' | 'organizationId' | 'createdBy'>;

/**
 * ReferralAttachmentsRepository over an array, for unit tests. Reach is the
 * referral's, so the fake is told each document's referral holder.
 */
export class InMemoryReferralAttachmentsRepository implements Pick<
  ReferralAttachmentsRepository,
  keyof ReferralAttachmentsRepository
> {
  readonly rows: { holder: Holder; attachment: ReferralAttachmentEntity }[] = [];

  async add(
    _tx: Tx,
    scope: RecordScope,
    referral: Holder,
    attachment: NewReferralAttachment,
  ): Promise<ReferralAttachmentEntity> {
    await settled();
    if (!this.reaches(scope, referral)) throw new Error('The referral lies outside the scope');
    const stored = { ...attachment, createdAt: new Date() };
    this.rows.push({ holder: { ...referral }, attachment: stored });
    const { content: _content, ...withoutBytes } = stored;
    return withoutBytes as ReferralAttachmentEntity;
  }

  async list(_tx: Tx, scope: RecordScope, referralId: string): Promise<ReferralAttachmentEntity[]> {
    await settled();
    return this.rows
      .filter((r) => r.attachment.referralId === referralId && this.reaches(scope, r.holder))
      .map((r) => {
        const { content: _content, ...withoutBytes } = r.attachment;
        return withoutBytes as ReferralAttachmentEntity;
      });
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
  ): Promise<ReferralAttachmentEntity | null> {
    await settled();
    const row = this.rows.find(
      (r) =>
        r.attachment.id === attachmentId &&
        r.attachment.referralId === referralId &&
        this.reaches(scope, r.holder),
    );
    return row ? { ...row.attachment } : null;
  }

  private reaches(scope: RecordScope, holder: Holder): boolean {
    return withinScope(scope, { organizationId: holder.organizationId, ownerId: holder.createdBy });
  }
}
