import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { AgencyChannel } from './reference-data.entity';

/** Why an agency was chosen: one entry per jurisdiction that led to it. */
export interface StoredRoutingBasis {
  jurisdiction: string | null;
  /** merchant_country | acquirer_country | hosting_country | principal_residence | fallback | coordinator_choice */
  sources: string[];
  explanation: string;
}

/** One case sent to one agency. */
@Entity({ name: 'dispatches' })
export class DispatchEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) reference!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'agency_id', type: 'uuid' }) agencyId!: string;
  @Column({ name: 'routing_round', type: 'int' }) routingRound!: number;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text', array: true }) channels!: AgencyChannel[];
  @Column({ type: 'jsonb' }) basis!: StoredRoutingBasis[];
  @Column({ type: 'text' }) tlp!: string;
  /**
   * The liaisons a RED or AMBER+STRICT routing named: only they (and coalition
   * staff) reach the dispatch. Null: the whole agency does.
   */
  @Column({ name: 'named_liaison_ids', type: 'uuid', array: true, nullable: true })
  namedLiaisonIds!: string[] | null;
  /** The case package as approved (see libs/domain cases/case-package). */
  @Column({ type: 'jsonb' }) package!: Record<string, unknown>;
  /** SHA-256 of the package's canonical JSON; null for packages approved before it was recorded. */
  @Column({ name: 'package_digest', type: 'text', nullable: true }) packageDigest!: string | null;
  @Column({ name: 'delivery_attempts', type: 'int' }) deliveryAttempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true }) acceptedAt!: Date | null;
  @Column({ name: 'declined_at', type: 'timestamptz', nullable: true }) declinedAt!: Date | null;
  @Column({ name: 'decline_reason', type: 'text', nullable: true }) declineReason!: string | null;
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true }) failedAt!: Date | null;
  @Column({ name: 'le_case_number', type: 'text', nullable: true }) leCaseNumber!: string | null;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'outcome_note', type: 'text', nullable: true }) outcomeNote!: string | null;
  @Column({ name: 'outcome_at', type: 'timestamptz', nullable: true }) outcomeAt!: Date | null;
  /** Whether the latest outcome report lets the filing members see le_case_number. */
  @Column({ name: 'share_case_number_with_filers', type: 'boolean', default: false })
  shareCaseNumberWithFilers!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}

@Entity({ name: 'dispatch_delivery_attempts' })
export class DeliveryAttemptEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'dispatch_id', type: 'uuid' }) dispatchId!: string;
  @Column({ type: 'int' }) attempt!: number;
  @Column({ type: 'text' }) channel!: AgencyChannel;
  @Column({ type: 'text' }) outcome!: 'delivered' | 'failed';
  @Column({ name: 'http_status', type: 'int', nullable: true }) httpStatus!: number | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
  @Column({ name: 'duration_ms', type: 'int' }) durationMs!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export type HoldStatus = 'active' | 'released' | 'expired';

/** An agency's request that members keep a merchant's account open, or similar. */
@Entity({ name: 'holds' })
export class HoldEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'dispatch_id', type: 'uuid' }) dispatchId!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'agency_id', type: 'uuid' }) agencyId!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ type: 'text' }) scope!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'document_ref', type: 'text' }) documentRef!: string;
  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'text' }) status!: HoldStatus;
  @Column({ type: 'int' }) renewals!: number;
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true }) releasedAt!: Date | null;
  @Column({ name: 'released_by', type: 'uuid', nullable: true }) releasedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
