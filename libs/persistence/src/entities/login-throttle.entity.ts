import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed-login counter per account name, keyed by a hash of the lower-cased
 * e-mail so that unknown names are throttled exactly like known ones (no
 * account enumeration through lockout behaviour).
 */
@Entity({ name: 'login_throttles' })
export class LoginThrottleEntity {
  @PrimaryColumn({ name: 'key_hash', type: 'text' })
  keyHash!: string;

  @Column({ type: 'int' })
  failures!: number;

  @Column({ name: 'window_started_at', type: 'timestamptz' })
  windowStartedAt!: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}
