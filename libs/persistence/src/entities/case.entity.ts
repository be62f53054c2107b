import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { StoredRoutingBasis } from './dispatch.entity';

export interface StoredRoutingPlan {
  agencies: {
    agencyId: string;
    basis: StoredRoutingBasis[];
    /** The agency's liaisons a RED or AMBER+STRICT package goes to; absent for other markings. */
    liaisonIds?: string[];
  }[];
  tlp: string;
  /** Permissible Actions Protocol; absent in plans proposed before it was recorded. */
  pap?: string;
  /** A marking weaker than the referrals' strictest, and why; absent or null when none. */
  tlpDowngrade?: { from: string; reason: string } | null;
  rationale: string;
}

@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) reference!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text' }) priority!: string;
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true }) assigneeId!: string | null;
  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true }) mergedIntoId!: string | null;
  @Column({ type: 'text', nullable: true }) tlp!: string | null;
  /** The routing plan as proposed (agencies, basis, rationale); null before the first proposal. */
  @Column({ name: 'routing_plan', type: 'jsonb', nullable: true })
  routingPlan!: StoredRoutingPlan | null;
  @Column({ name: 'proposed_by', type: 'uuid', nullable: true }) proposedBy!: string | null;
  @Column({ name: 'proposed_at', type: 'timestamptz', nullable: true }) proposedAt!: Date | null;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy!: string | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  /** Incremented by each approval; dispatches of a reopened case belong to a new round. */
  @Column({ name: 'routing_round', type: 'int', default: 0 }) routingRound!: number;
  /** The latest written reason (rejection, send-back comment, reopening). */
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason!: string | null;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}

@Entity({ name: 'referral_match_keys' })
export class ReferralMatchKeyEntity {
  @Column({ name: 'referral_id', type: 'uuid', primary: true }) referralId!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ type: 'text', primary: true }) kind!: string;
  @Column({ type: 'text', primary: true }) value!: string;
  /** The referral's creation time: the partition key (monthly partitions). */
  @Column({ name: 'referral_created_at', type: 'timestamptz', primary: true })
  referralCreatedAt!: Date;
}

@Entity({ name: 'match_suggestions' })
export class MatchSuggestionEntity {
  @Column({ name: 'case_id', type: 'uuid', primary: true }) caseId!: string;
  @Column({ name: 'referral_id', type: 'uuid', primary: true }) referralId!: string;
  @Column({ type: 'real' }) similarity!: number;
  @Column({ type: 'text' }) reason!: string;
  @Column({ type: 'text' }) status!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ name: 'idempotency_records' })
export class IdempotencyRecordEntity {
  @Column({ name: 'user_id', type: 'uuid', primary: true }) userId!: string;
  @Column({ type: 'text', primary: true }) scope!: string;
  @Column({ type: 'text', primary: true }) key!: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash!: string;
  @Column({ name: 'response_status', type: 'int' }) responseStatus!: number;
  @Column({ name: 'response_body', type: 'jsonb' }) responseBody!: Record<string, unknown>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

@Entity({ name: 'referral_attachments' })
export class ReferralAttachmentEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'referral_id', type: 'uuid' }) referralId!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ type: 'text' }) filename!: string;
  @Column({ name: 'media_type', type: 'text' }) mediaType!: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes!: number;
  @Column({ type: 'text' }) sha256!: string;
  /**
   * The bytes of a document stored before the blob store: null once moved
   * (`npm run blobs:migrate`) and for every document stored since.
   */
  @Column({ type: 'bytea', select: false, nullable: true }) content!: Buffer | null;
  /** Where the bytes are in the blob store (null for a document still held in `content`). */
  @Column({ name: 'blob_key', type: 'text', nullable: true }) blobKey!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
