import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What a filing member did about the merchant of one of its referrals, on
 * which day. Append-only (a trigger refuses updates and deletes): a wrong
 * entry is corrected by recording another one.
 */
@Entity({ name: 'member_actions' })
@Index('member_actions_referral_idx', ['referralId', 'createdAt', 'id'])
export class MemberActionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'referral_id', type: 'uuid' }) referralId!: string;
  /** The referral's filing organization (copied, so reach checks need no join). */
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  /** A MEMBER_ACTION_CODES value. */
  @Column({ type: 'text' }) action!: string;
  /** The day it was done (`YYYY-MM-DD`). */
  @Column({ name: 'done_on', type: 'date' }) date!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  /** The user who recorded it; for an API key, the member admin who created the key. */
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  /** The API key it was recorded with, if any. */
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true }) apiKeyId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
