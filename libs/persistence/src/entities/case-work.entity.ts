import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export type InfoRequestStatus = 'open' | 'answered' | 'cancelled';

/** A coordinator's question to the filer of one referral, and the answer. */
@Entity({ name: 'info_requests' })
export class InfoRequestEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'referral_id', type: 'uuid' }) referralId!: string;
  /** The filing organization: the only member that may read or answer it. */
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'asked_by', type: 'uuid' }) askedBy!: string;
  @Column({ type: 'text' }) question!: string;
  @Column({ type: 'text' }) status!: InfoRequestStatus;
  @Column({ type: 'text', nullable: true }) answer!: string | null;
  @Column({ name: 'answered_by', type: 'uuid', nullable: true }) answeredBy!: string | null;
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true }) answeredAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}

/** Coordinator-internal note on a case. */
@Entity({ name: 'case_notes' })
export class CaseNoteEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'author_id', type: 'uuid' }) authorId!: string;
  @Column({ type: 'text' }) body!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

export type SlaClockKind = 'triage' | 'le_acknowledgement' | 'info_request' | 'hold_expiry';
export type SlaClockStatus = 'running' | 'met' | 'breached' | 'met_late' | 'cancelled';

@Entity({ name: 'sla_clocks' })
export class SlaClockEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) clock!: SlaClockKind;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'dispatch_id', type: 'uuid', nullable: true }) dispatchId!: string | null;
  @Column({ name: 'info_request_id', type: 'uuid', nullable: true }) infoRequestId!: string | null;
  @Column({ name: 'hold_id', type: 'uuid', nullable: true }) holdId!: string | null;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'due_at', type: 'timestamptz' }) dueAt!: Date;
  @Column({ type: 'text' }) status!: SlaClockStatus;
  @Column({ name: 'breached_at', type: 'timestamptz', nullable: true }) breachedAt!: Date | null;
  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true }) stoppedAt!: Date | null;
}

export type AlertKind =
  'sla_breach' | 'delivery_failed' | 'hold_expired' | 'terminated_despite_hold';

/** Something coordinators must look at. */
@Entity({ name: 'alerts' })
export class AlertEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) kind!: AlertKind;
  @Column({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ name: 'dispatch_id', type: 'uuid', nullable: true }) dispatchId!: string | null;
  @Column({ name: 'clock_id', type: 'uuid', nullable: true }) clockId!: string | null;
  @Column({ type: 'text' }) message!: string;
  /** Makes raising an alert idempotent (a replayed job raises nothing new). */
  @Column({ name: 'dedupe_key', type: 'text' }) dedupeKey!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true }) acknowledgedBy!: string | null;
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;
}
