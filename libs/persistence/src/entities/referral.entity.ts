import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** A value encrypted at rest (AES-256-GCM) with the id of the key that sealed it. */
export interface SealedField {
  kid: string;
  iv: string;
  ct: string;
  tag: string;
  /** The last characters, kept in clear for masked display ("•••• 1234"). */
  hint: string;
}

export interface StoredPrincipal {
  name: string;
  countryOfResidence?: string;
  dateOfBirth?: string;
  nationalId?: SealedField;
}

export interface StoredMerchant {
  legalName?: string;
  tradingNames?: string[];
  descriptors?: string[];
  country?: string;
  mcc?: string;
  acquirer?: { name?: string; country?: string; bin?: string; ica?: string };
  /** A card-shaped mid is stored masked, with its keyed hashes (`kid:hex`) for matching. */
  merchantIds?: { acquirerId: string; mid: string; midHashes?: string[] }[];
  websites?: string[];
  hostingCountries?: string[];
  emails?: string[];
  phones?: string[];
  registrationNumber?: string;
  taxId?: SealedField;
  principals?: StoredPrincipal[];
}

export interface StoredObservable {
  type: string;
  value: string;
  algorithm?: string;
  event?: string;
  seenAt?: string;
  viewedByReporter?: boolean;
  publiclyAvailable?: boolean;
}

export interface StoredTransaction {
  date: string;
  amount: string;
  currency: string;
  rail: string;
  direction: string;
  counterparty?: string;
}

@Entity({ name: 'referrals' })
export class ReferralEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ type: 'text' }) reference!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ type: 'text', nullable: true }) category!: string | null;
  @Column({ type: 'text', array: true }) indicators!: string[];
  @Column({ type: 'text' }) priority!: string;
  @Column({ name: 'escalation_reason', type: 'text', nullable: true }) escalationReason!:
    string | null;
  @Column({ type: 'text' }) tlp!: string;
  @Column({ name: 'observed_from', type: 'date', nullable: true }) observedFrom!: string | null;
  @Column({ name: 'observed_to', type: 'date', nullable: true }) observedTo!: string | null;
  @Column({ name: 'total_amount', type: 'numeric', precision: 15, scale: 2, nullable: true })
  totalAmount!: string | null;
  @Column({ name: 'total_currency', type: 'char', length: 3, nullable: true }) totalCurrency!:
    string | null;
  @Column({ type: 'text', nullable: true }) narrative!: string | null;
  @Column({ type: 'jsonb', nullable: true }) merchant!: StoredMerchant | null;
  @Column({ type: 'jsonb' }) observables!: StoredObservable[];
  @Column({ type: 'jsonb' }) transactions!: StoredTransaction[];
  @Column({ name: 'acknowledge_reporting_duty', type: 'boolean' })
  acknowledgeReportingDuty!: boolean;
  /** Internal: never shown to members. */
  @Column({ name: 'case_id', type: 'uuid', nullable: true }) caseId!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @VersionColumn() version!: number;
}
