import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { ReferralAttachmentEntity, type ReferralEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { assertWithinScope, referralReachedBy } from './referral-scope';

/** A document before its first write: the database sets created_at. */
export type NewReferralAttachment = Omit<ReferralAttachmentEntity, 'createdAt'>;

/** The referral a document belongs to, as far as reach needs it. */
type Holder = Pick<ReferralEntity, 'id' | 'organizationId' | 'createdBy'>;

/** Documents on referrals. Reach is the referral's: whoever reaches it reaches its documents. */
@Injectable()
export class ReferralAttachmentsRepository {
  /** Store a document on a referral the caller holds; the stored row (without its bytes). */
  async add(
    tx: Tx,
    scope: RecordScope,
    referral: Holder,
    attachment: NewReferralAttachment,
  ): Promise<ReferralAttachmentEntity> {
    assertWithinScope(scope, referral, `Referral ${referral.id}`);
    const m = managerOf(tx);
    await m.insert(ReferralAttachmentEntity, attachment);
    return m.findOneByOrFail(ReferralAttachmentEntity, { id: attachment.id });
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

  /** One document of the referral with its bytes, or null. */
  async findWithContent(
    tx: Tx,
    scope: RecordScope,
    referralId: string,
    attachmentId: string,
  ): Promise<ReferralAttachmentEntity | null> {
    const qb = managerOf(tx)
      .getRepository(ReferralAttachmentEntity)
      .createQueryBuilder('a')
      .addSelect('a.content')
      .where('a.id = :attachmentId AND a.referral_id = :referralId', { attachmentId, referralId });
    const reach = referralReachedBy(scope, 'a.referral_id');
    if (reach) qb.andWhere(reach.sql, reach.params);
    return qb.getOne();
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
    const [rows] = await managerOf(tx).query<[{ id: string; sha256: string }[], number]>(
      `DELETE FROM referral_attachments WHERE referral_id = ANY($1::uuid[]) RETURNING id, sha256`,
      [referralIds],
    );
    return rows;
  }
}
