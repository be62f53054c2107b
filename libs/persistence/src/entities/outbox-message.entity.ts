import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A job to run, written in the same transaction as the change that calls for
 * it. The relay publishes it to its queue with the row id as the job id.
 */
@Entity({ name: 'outbox' })
export class OutboxMessageEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  queue!: string;

  @Column({ name: 'job_name', type: 'text' })
  jobName!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  /** Publish no earlier than this (delayed jobs such as SLA clocks). */
  @Column({ name: 'available_at', type: 'timestamptz' })
  availableAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Lease of the relay instance publishing it; expired leases are taken over. */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
