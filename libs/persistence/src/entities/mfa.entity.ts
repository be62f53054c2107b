import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One recovery code of a user's second factor. The code itself is shown once
 * and never stored: only SHA-256(salt ‖ code) with a per-code random salt. A
 * code is spent when used_at is set.
 */
@Entity({ name: 'mfa_recovery_codes' })
export class MfaRecoveryCodeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  salt!: string;

  @Column({ name: 'code_hash', type: 'text' })
  codeHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
